ALTER TABLE "report_month_outcomes" ALTER COLUMN "after" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "report_outcome_pairs" ALTER COLUMN "after" DROP NOT NULL;--> statement-breakpoint
-- The pairing rule changed (follow-ups before the baseline no longer pair) and baselines
-- without a follow-up are now kept: the next reports.refresh rebuilds every summary.
UPDATE "report_refresh_state" SET "refreshed_at" = NULL WHERE "id" = 1;
