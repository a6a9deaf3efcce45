CREATE TABLE "directory_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_organisation_id" uuid NOT NULL,
	"service_id" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"record" jsonb NOT NULL,
	"translations" jsonb,
	"referral_status" text,
	"base_version" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"reviewed_by" uuid,
	"review_note" text,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_change_requests" ADD CONSTRAINT "directory_change_requests_partner_organisation_id_organisations_id_fk" FOREIGN KEY ("partner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_change_requests" ADD CONSTRAINT "directory_change_requests_proposed_by_accounts_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_change_requests" ADD CONSTRAINT "directory_change_requests_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_change_requests_status_idx" ON "directory_change_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "directory_change_requests_partner_idx" ON "directory_change_requests" USING btree ("partner_organisation_id");--> statement-breakpoint
CREATE INDEX "directory_change_requests_service_idx" ON "directory_change_requests" USING btree ("service_id");