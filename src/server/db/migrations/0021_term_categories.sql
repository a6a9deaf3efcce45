CREATE TABLE "directory_term_categories" (
	"term_id" text PRIMARY KEY NOT NULL,
	"category" text,
	"state" text NOT NULL,
	"matched_words" text[] DEFAULT '{}' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_term_categories" ADD CONSTRAINT "directory_term_categories_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;