CREATE TABLE "fhir_task_state" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"client_account_id" uuid NOT NULL,
	"version_id" integer DEFAULT 1 NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fhir_task_state" ADD CONSTRAINT "fhir_task_state_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_task_state" ADD CONSTRAINT "fhir_task_state_client_account_id_accounts_id_fk" FOREIGN KEY ("client_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fhir_task_state_client_idx" ON "fhir_task_state" USING btree ("client_account_id","last_updated","case_id");--> statement-breakpoint
-- Moves the Task of each changed case that a system follows (DESIGN.md §3, §7): a new
-- version and time, in the writer's transaction, whatever service made the change.
-- Statement-level with transition tables, as 0009's report triggers: one statement per
-- write whatever its rows, and a case no system referred costs one index probe.
-- clock_timestamp(), not now(): a later statement of a long transaction is later.
CREATE FUNCTION fhir_task_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    -- Only what the Task shows: its stage, person, site and closure.
    UPDATE fhir_task_state s SET version_id = s.version_id + 1, last_updated = clock_timestamp()
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE s.case_id = n.id
        AND (n.status, n.accepted_at, n.closure_reason, n.closed_at, n.person_id, n.site_id)
          IS DISTINCT FROM (o.status, o.accepted_at, o.closure_reason, o.closed_at, o.person_id, o.site_id);
  ELSE
    UPDATE fhir_task_state s SET version_id = s.version_id + 1, last_updated = clock_timestamp()
      WHERE s.case_id IN (SELECT case_id FROM new_rows);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_fhir_task_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();--> statement-breakpoint
CREATE TRIGGER connections_fhir_task_insert AFTER INSERT ON connections REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();--> statement-breakpoint
CREATE TRIGGER connections_fhir_task_update AFTER UPDATE ON connections REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();--> statement-breakpoint
CREATE TRIGGER connections_fhir_task_delete AFTER DELETE ON connections REFERENCING OLD TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();--> statement-breakpoint
CREATE TRIGGER action_plans_fhir_task_insert AFTER INSERT ON action_plans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();--> statement-breakpoint
CREATE TRIGGER action_plans_fhir_task_update AFTER UPDATE ON action_plans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();--> statement-breakpoint
CREATE TRIGGER consents_fhir_task_update AFTER UPDATE ON consents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();
--> statement-breakpoint
-- The referrals systems made before: their Tasks start at the case's version and time.
INSERT INTO fhir_task_state (case_id, client_account_id, version_id, last_updated)
  SELECT c.id, c.referrer_account_id, c.version, c.updated_at
  FROM cases c JOIN fhir_clients f ON f.account_id = c.referrer_account_id;
