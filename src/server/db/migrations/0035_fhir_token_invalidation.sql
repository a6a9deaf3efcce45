-- A system's bearer token, as the FHIR interface reads it (its client, account, grants and
-- scopes), is kept in each app instance's memory too (features/systems/access-token-cache.ts).
-- Its account and grants already tell the passerelle_sessions channel (migration 0015); its
-- token and client tell it here, at commit: 't:<token hash>' for a token deleted or changed,
-- 'c:<client id>' for a client, '*' for a truncate. A token issued tells nobody: no cache
-- holds it yet.
CREATE FUNCTION notify_access_token_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  payload text := '*';
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    IF TG_TABLE_NAME = 'fhir_access_tokens' THEN
      payload := 't:' || OLD.token_hash;
    ELSIF TG_TABLE_NAME = 'fhir_clients' THEN
      payload := 'c:' || OLD.id;
    END IF;
  END IF;
  PERFORM pg_notify('passerelle_sessions', payload);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER fhir_access_tokens_notify
AFTER UPDATE OR DELETE ON fhir_access_tokens
FOR EACH ROW EXECUTE FUNCTION notify_access_token_change();
--> statement-breakpoint
CREATE TRIGGER fhir_clients_notify
AFTER UPDATE OR DELETE ON fhir_clients
FOR EACH ROW EXECUTE FUNCTION notify_access_token_change();
--> statement-breakpoint
CREATE TRIGGER fhir_access_tokens_notify_truncate
AFTER TRUNCATE ON fhir_access_tokens
FOR EACH STATEMENT EXECUTE FUNCTION notify_access_token_change();
--> statement-breakpoint
CREATE TRIGGER fhir_clients_notify_truncate
AFTER TRUNCATE ON fhir_clients
FOR EACH STATEMENT EXECUTE FUNCTION notify_access_token_change();
