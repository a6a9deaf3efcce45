CREATE TABLE "person_sign_in_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "outbound_emails_pending_idx";--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "channel" text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "person_sign_in_codes" ADD CONSTRAINT "person_sign_in_codes_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_sign_in_codes" ADD CONSTRAINT "person_sign_in_codes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_sign_in_codes_person_idx" ON "person_sign_in_codes" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "outbound_emails_pending_idx" ON "outbound_emails" USING btree ("channel","next_attempt_at") WHERE status = 'pending';