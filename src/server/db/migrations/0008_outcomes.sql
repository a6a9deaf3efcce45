CREATE TABLE "measurement_answers" (
	"measurement_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"value" integer,
	CONSTRAINT "measurement_answers_measurement_id_item_id_pk" PRIMARY KEY("measurement_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "measurement_reminders" (
	"case_id" uuid NOT NULL,
	"timepoint" text NOT NULL,
	"reminded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measurement_reminders_case_id_timepoint_pk" PRIMARY KEY("case_id","timepoint")
);
--> statement-breakpoint
CREATE TABLE "measurement_scores" (
	"measurement_id" uuid NOT NULL,
	"scale" text NOT NULL,
	"value" double precision,
	"band" text,
	"reason" text,
	CONSTRAINT "measurement_scores_measurement_id_scale_pk" PRIMARY KEY("measurement_id","scale")
);
--> statement-breakpoint
CREATE TABLE "measurements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"instrument_version" integer NOT NULL,
	"timepoint" text NOT NULL,
	"taken_on" date NOT NULL,
	"answered_by" text NOT NULL,
	"recorded_by" uuid,
	"contact_id" uuid,
	"complete" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaire_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"timepoint" text NOT NULL,
	"instrument_ids" text[] NOT NULL,
	"requested_by" uuid,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "measurement_follow_up_months" integer[] DEFAULT '{3,6}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "measurement_instruments" text[] DEFAULT '{ucla3,ons4}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "remind_people_of_measurements" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "measurement_answers" ADD CONSTRAINT "measurement_answers_measurement_id_measurements_id_fk" FOREIGN KEY ("measurement_id") REFERENCES "public"."measurements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurement_reminders" ADD CONSTRAINT "measurement_reminders_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurement_scores" ADD CONSTRAINT "measurement_scores_measurement_id_measurements_id_fk" FOREIGN KEY ("measurement_id") REFERENCES "public"."measurements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_requests" ADD CONSTRAINT "questionnaire_requests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_requests" ADD CONSTRAINT "questionnaire_requests_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "measurements_case_instrument_timepoint_key" ON "measurements" USING btree ("case_id","instrument_id","timepoint");--> statement-breakpoint
CREATE INDEX "measurements_site_instrument_timepoint_idx" ON "measurements" USING btree ("site_id","instrument_id","timepoint");--> statement-breakpoint
CREATE INDEX "measurements_case_idx" ON "measurements" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "questionnaire_requests_case_idx" ON "questionnaire_requests" USING btree ("case_id");