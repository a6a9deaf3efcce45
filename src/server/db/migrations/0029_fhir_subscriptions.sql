CREATE TABLE "fhir_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"event" bigint DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fhir_pending_notifications" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fhir_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"criteria" text NOT NULL,
	"endpoint" text NOT NULL,
	"headers" text[] DEFAULT '{}'::text[] NOT NULL,
	"payload" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_error" text,
	"end_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fhir_deliveries" ADD CONSTRAINT "fhir_deliveries_subscription_id_fhir_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."fhir_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_deliveries" ADD CONSTRAINT "fhir_deliveries_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_subscriptions" ADD CONSTRAINT "fhir_subscriptions_client_id_fhir_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."fhir_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fhir_deliveries_pending_key" ON "fhir_deliveries" USING btree ("subscription_id","case_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "fhir_deliveries_due_idx" ON "fhir_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "fhir_subscriptions_client_idx" ON "fhir_subscriptions" USING btree ("client_id");--> statement-breakpoint
-- Queues each Task that moved (a new referral's, or a new version) for the subscription
-- notifier (DESIGN.md §6), in the change's own transaction: nothing committed is missed
-- and nothing rolled back is told. Only while its system has a subscription: a system that
-- polls costs one index probe.
CREATE FUNCTION fhir_task_queue_notification() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fhir_pending_notifications (case_id)
    SELECT n.case_id FROM new_rows n
    WHERE EXISTS (
      SELECT 1 FROM fhir_subscriptions s JOIN fhir_clients c ON c.id = s.client_id
      WHERE c.account_id = n.client_account_id)
  ON CONFLICT (case_id) DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER fhir_task_state_notify_insert AFTER INSERT ON fhir_task_state REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_queue_notification();--> statement-breakpoint
CREATE TRIGGER fhir_task_state_notify_update AFTER UPDATE ON fhir_task_state REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fhir_task_queue_notification();
