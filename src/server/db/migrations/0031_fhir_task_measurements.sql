-- A measurement recorded, corrected or set aside changes the Task's outputs (its
-- QuestionnaireResponses and Observations, interop/fhir/DESIGN.md §3): the Task moves on, as
-- for connections and plans (0027's fhir_task_touch), so a poller of Task?_lastUpdated and
-- a subscription hear of it.
CREATE TRIGGER measurements_fhir_task_insert AFTER INSERT ON measurements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();--> statement-breakpoint
CREATE TRIGGER measurements_fhir_task_update AFTER UPDATE ON measurements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_touch();
