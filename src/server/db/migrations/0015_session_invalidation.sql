-- What a signed-in request knows of its session (the session, its account, its grants and
-- whether two-factor sign-in is required of it) is kept in each app instance's memory. Every
-- change that could alter it tells the instances on the passerelle_sessions channel, at commit:
-- 's:<token hash>' for a session, 'a:<account id>' for an account and its grants, '*' for
-- anything wider (a site's two-factor rule, a truncate). A session's last-seen time moving
-- forward (the once-a-minute touch) tells nobody: a cache only ever holds an older one.
CREATE FUNCTION notify_session_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed record;
  payload text := '*';
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    -- One branch a table: a record's fields are looked up only where they exist.
    IF TG_TABLE_NAME = 'sessions' THEN
      payload := 's:' || changed.token_hash;
    ELSIF TG_TABLE_NAME = 'accounts' THEN
      payload := 'a:' || changed.id;
    ELSIF TG_TABLE_NAME = 'role_grants' THEN
      payload := 'a:' || changed.account_id;
    END IF;
  END IF;
  PERFORM pg_notify('passerelle_sessions', payload);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_notify_delete
AFTER DELETE ON sessions
FOR EACH ROW EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER sessions_notify_update
AFTER UPDATE ON sessions
FOR EACH ROW
WHEN (NEW.last_seen_at < OLD.last_seen_at
  OR (NEW.token_hash, NEW.account_id, NEW.csrf_token, NEW.expires_at, NEW.two_factor_passed)
    IS DISTINCT FROM (OLD.token_hash, OLD.account_id, OLD.csrf_token, OLD.expires_at, OLD.two_factor_passed))
EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER accounts_notify_update
AFTER UPDATE ON accounts
FOR EACH ROW
WHEN ((NEW.email, NEW.display_name, NEW.locale, NEW.active, NEW.totp_secret)
  IS DISTINCT FROM (OLD.email, OLD.display_name, OLD.locale, OLD.active, OLD.totp_secret))
EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER accounts_notify_delete
AFTER DELETE ON accounts
FOR EACH ROW EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER role_grants_notify
AFTER INSERT OR UPDATE OR DELETE ON role_grants
FOR EACH ROW EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER sites_notify_two_factor
AFTER UPDATE ON sites
FOR EACH ROW
WHEN (NEW.two_factor_required IS DISTINCT FROM OLD.two_factor_required)
EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER sites_notify_insert
AFTER INSERT ON sites
FOR EACH ROW
WHEN (NEW.two_factor_required)
EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER sites_notify_delete
AFTER DELETE ON sites
FOR EACH ROW EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER sessions_notify_truncate
AFTER TRUNCATE ON sessions
FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER accounts_notify_truncate
AFTER TRUNCATE ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change();
--> statement-breakpoint
CREATE TRIGGER role_grants_notify_truncate
AFTER TRUNCATE ON role_grants
FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change();
