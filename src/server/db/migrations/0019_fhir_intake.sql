CREATE TABLE "fhir_identifiers" (
	"client_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"system" text NOT NULL,
	"value" text NOT NULL,
	"case_id" uuid NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fhir_resources" (
	"resource_type" text NOT NULL,
	"id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"case_id" uuid,
	"entry_index" integer,
	"resource" jsonb NOT NULL,
	"version_id" integer DEFAULT 1 NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"staged_until" timestamp with time zone,
	CONSTRAINT "fhir_resources_resource_type_id_pk" PRIMARY KEY("resource_type","id")
);
--> statement-breakpoint
ALTER TABLE "fhir_identifiers" ADD CONSTRAINT "fhir_identifiers_client_id_fhir_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."fhir_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_resources" ADD CONSTRAINT "fhir_resources_client_id_fhir_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."fhir_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_resources" ADD CONSTRAINT "fhir_resources_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fhir_identifiers_key" ON "fhir_identifiers" USING btree ("client_id","resource_type","system","value");--> statement-breakpoint
CREATE INDEX "fhir_identifiers_case_idx" ON "fhir_identifiers" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "fhir_identifiers_expires_idx" ON "fhir_identifiers" USING btree ("expires_at") WHERE expires_at is not null;--> statement-breakpoint
CREATE INDEX "fhir_resources_case_idx" ON "fhir_resources" USING btree ("case_id","resource_type");--> statement-breakpoint
CREATE INDEX "fhir_resources_client_idx" ON "fhir_resources" USING btree ("client_id","resource_type","last_updated","id");--> statement-breakpoint
CREATE INDEX "fhir_resources_staged_idx" ON "fhir_resources" USING btree ("staged_until") WHERE case_id is null;