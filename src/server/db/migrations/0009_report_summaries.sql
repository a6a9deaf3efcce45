CREATE TABLE "report_case_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"month" date NOT NULL,
	"source" text NOT NULL,
	"urgency" text NOT NULL,
	"reasons" text[] NOT NULL,
	"status" text NOT NULL,
	"assigned_to" uuid,
	"closure_reason" text,
	"contacted" boolean NOT NULL,
	"accepted" boolean NOT NULL,
	"assessed" boolean NOT NULL,
	"planned" boolean NOT NULL,
	"connected" boolean NOT NULL,
	"attended" boolean NOT NULL,
	"discharged" boolean NOT NULL,
	"open" boolean NOT NULL,
	"days_to_first_contact" double precision,
	"age_band" text,
	"sex" text NOT NULL,
	"language" text,
	"area" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_connection_facts" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"month" date NOT NULL,
	"service_id" text,
	"partner" text NOT NULL,
	"decline_reason" text,
	"declined" boolean NOT NULL,
	"attended" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_dirty_cases" (
	"case_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_month_cases" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"dimension" text NOT NULL,
	"key" text,
	"referred" integer NOT NULL,
	"contacted" integer NOT NULL,
	"accepted" integer NOT NULL,
	"assessed" integer NOT NULL,
	"planned" integer NOT NULL,
	"connected" integer NOT NULL,
	"attended" integer NOT NULL,
	"discharged" integer NOT NULL,
	"open" integer NOT NULL,
	"only_referred" integer NOT NULL,
	"only_contacted" integer NOT NULL,
	"only_accepted" integer NOT NULL,
	"only_assessed" integer NOT NULL,
	"only_planned" integer NOT NULL,
	"only_connected" integer NOT NULL,
	"only_attended" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_month_connections" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"service_id" text,
	"partner" text NOT NULL,
	"decline_reason" text,
	"connections" integer NOT NULL,
	"declined" integer NOT NULL,
	"attended" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_month_outcomes" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"instrument_id" text NOT NULL,
	"scale" text NOT NULL,
	"before" double precision NOT NULL,
	"after" double precision NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_outcome_pairs" (
	"case_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"scale" text NOT NULL,
	"site_id" uuid NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"month" date NOT NULL,
	"before" double precision NOT NULL,
	"after" double precision NOT NULL,
	CONSTRAINT "report_outcome_pairs_case_id_instrument_id_scale_pk" PRIMARY KEY("case_id","instrument_id","scale")
);
--> statement-breakpoint
CREATE TABLE "report_refresh_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "report_case_facts_site_month_idx" ON "report_case_facts" USING btree ("site_id","month");--> statement-breakpoint
CREATE INDEX "report_connection_facts_case_idx" ON "report_connection_facts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "report_connection_facts_site_month_idx" ON "report_connection_facts" USING btree ("site_id","month");--> statement-breakpoint
CREATE INDEX "report_month_cases_site_month_idx" ON "report_month_cases" USING btree ("site_id","month");--> statement-breakpoint
CREATE INDEX "report_month_connections_site_month_idx" ON "report_month_connections" USING btree ("site_id","month");--> statement-breakpoint
CREATE INDEX "report_month_outcomes_site_month_idx" ON "report_month_outcomes" USING btree ("site_id","month");--> statement-breakpoint
CREATE INDEX "report_outcome_pairs_site_month_idx" ON "report_outcome_pairs" USING btree ("site_id","month");--> statement-breakpoint
-- Queues the cases whose report summaries a change makes out of date. Statement-level with
-- transition tables: one insert per statement whatever the number of rows, so bulk writes
-- stay cheap; in the writer's transaction, so a rolled-back change queues nothing.
CREATE FUNCTION report_mark_dirty() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    INSERT INTO report_dirty_cases (case_id) SELECT DISTINCT id FROM changed_rows ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'people' THEN
    INSERT INTO report_dirty_cases (case_id)
      SELECT DISTINCT c.id FROM cases c JOIN changed_rows r ON r.id = c.person_id ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'measurement_scores' THEN
    INSERT INTO report_dirty_cases (case_id)
      SELECT DISTINCT m.case_id FROM measurements m JOIN changed_rows r ON r.measurement_id = m.id
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO report_dirty_cases (case_id) SELECT DISTINCT case_id FROM changed_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_report_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER cases_report_update AFTER UPDATE ON cases REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER cases_report_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER people_report_update AFTER UPDATE ON people REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER assessments_report_insert AFTER INSERT ON assessments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER assessments_report_update AFTER UPDATE ON assessments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER assessments_report_delete AFTER DELETE ON assessments REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER action_plans_report_insert AFTER INSERT ON action_plans REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER action_plans_report_update AFTER UPDATE ON action_plans REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER action_plans_report_delete AFTER DELETE ON action_plans REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER connections_report_insert AFTER INSERT ON connections REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER connections_report_update AFTER UPDATE ON connections REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER connections_report_delete AFTER DELETE ON connections REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER measurements_report_insert AFTER INSERT ON measurements REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER measurements_report_update AFTER UPDATE ON measurements REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER measurements_report_delete AFTER DELETE ON measurements REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER measurement_scores_report_insert AFTER INSERT ON measurement_scores REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
CREATE TRIGGER measurement_scores_report_update AFTER UPDATE ON measurement_scores REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();
--> statement-breakpoint
CREATE TRIGGER measurement_scores_report_delete AFTER DELETE ON measurement_scores REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();--> statement-breakpoint
INSERT INTO report_refresh_state (id, refreshed_at) VALUES (1, NULL);
