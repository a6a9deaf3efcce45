CREATE TABLE "report_grouping_sites" (
	"grouping_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	CONSTRAINT "report_grouping_sites_grouping_id_site_id_pk" PRIMARY KEY("grouping_id","site_id")
);
--> statement-breakpoint
CREATE TABLE "report_groupings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_groupings_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "report_grouping_sites" ADD CONSTRAINT "report_grouping_sites_grouping_id_report_groupings_id_fk" FOREIGN KEY ("grouping_id") REFERENCES "public"."report_groupings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_grouping_sites" ADD CONSTRAINT "report_grouping_sites_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;