-- The outcome summaries gain a pairing ('latest' or a follow-up timepoint) and a measurement month. They are copies: emptied here and rebuilt in full by the next 'reports.refresh' run (refreshed_at null).
TRUNCATE "report_outcome_pairs", "report_month_outcomes";--> statement-breakpoint
UPDATE "report_refresh_state" SET "refreshed_at" = NULL;--> statement-breakpoint
ALTER TABLE "report_outcome_pairs" DROP CONSTRAINT "report_outcome_pairs_case_id_instrument_id_scale_pk";--> statement-breakpoint
ALTER TABLE "report_outcome_pairs" ADD COLUMN "timepoint" text NOT NULL;--> statement-breakpoint
ALTER TABLE "report_outcome_pairs" ADD COLUMN "measured_month" date NOT NULL;--> statement-breakpoint
ALTER TABLE "report_outcome_pairs" ADD CONSTRAINT "report_outcome_pairs_case_id_instrument_id_scale_timepoint_pk" PRIMARY KEY("case_id","instrument_id","scale","timepoint");--> statement-breakpoint
ALTER TABLE "report_month_outcomes" ADD COLUMN "measured_month" date NOT NULL;--> statement-breakpoint
ALTER TABLE "report_month_outcomes" ADD COLUMN "timepoint" text NOT NULL;--> statement-breakpoint
CREATE INDEX "report_month_outcomes_site_measured_idx" ON "report_month_outcomes" USING btree ("site_id","measured_month");
