CREATE TABLE "report_month_first_contacts" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"days" integer NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_month_gap_demand" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"area" text,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_month_gap_endings" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"service_id" text,
	"reasons" text[] NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_month_outcome_figures" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"measured_month" date NOT NULL,
	"instrument_id" text NOT NULL,
	"scale" text NOT NULL,
	"figure" text NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_month_outcome_groups" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"measured_month" date NOT NULL,
	"dimension" text NOT NULL,
	"key" text,
	"instrument_id" text NOT NULL,
	"scale" text NOT NULL,
	"pairs" integer NOT NULL,
	"sum_before" double precision NOT NULL,
	"sum_change" double precision NOT NULL,
	"sum_change_squared" double precision NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_month_first_contacts_site_month_idx" ON "report_month_first_contacts" USING btree ("site_id","month");--> statement-breakpoint
CREATE INDEX "report_month_gap_demand_month_idx" ON "report_month_gap_demand" USING btree ("month");--> statement-breakpoint
CREATE INDEX "report_month_gap_endings_month_idx" ON "report_month_gap_endings" USING btree ("month");--> statement-breakpoint
CREATE INDEX "report_month_outcome_figures_site_month_idx" ON "report_month_outcome_figures" USING btree ("site_id","month");--> statement-breakpoint
CREATE INDEX "report_month_outcome_figures_site_measured_idx" ON "report_month_outcome_figures" USING btree ("site_id","measured_month");--> statement-breakpoint
CREATE INDEX "report_month_outcome_groups_month_idx" ON "report_month_outcome_groups" USING btree ("dimension","site_id","month");--> statement-breakpoint
CREATE INDEX "report_month_outcome_groups_measured_idx" ON "report_month_outcome_groups" USING btree ("dimension","site_id","measured_month");--> statement-breakpoint
-- The new summaries start empty: the next refresh rebuilds every summary in full.
UPDATE "report_refresh_state" SET "refreshed_at" = NULL;