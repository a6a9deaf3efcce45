CREATE TABLE "directory_accessibility" (
	"id" text PRIMARY KEY NOT NULL,
	"location_id" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"location_id" text,
	"address_type" text,
	"city" text,
	"postal_code" text,
	"country" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_attributes" (
	"id" text PRIMARY KEY NOT NULL,
	"link_id" text,
	"link_entity" text,
	"taxonomy_term_id" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_cost_options" (
	"id" text PRIMARY KEY NOT NULL,
	"service_id" text,
	"option" text,
	"amount" double precision,
	"currency" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_languages" (
	"id" text PRIMARY KEY NOT NULL,
	"service_id" text,
	"location_id" text,
	"phone_id" text,
	"code" text,
	"name" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_locations" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text,
	"location_type" text NOT NULL,
	"name" text,
	"latitude" double precision,
	"longitude" double precision,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_metadata" (
	"id" text PRIMARY KEY NOT NULL,
	"resource_id" text,
	"resource_type" text,
	"last_action_date" text,
	"last_action_type" text,
	"field_name" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"parent_organization_id" text,
	"partner_organisation_id" uuid,
	"source_language" text,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_records" (
	"entity_type" text NOT NULL,
	"id" text NOT NULL,
	"parent_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_records_entity_type_id_pk" PRIMARY KEY("entity_type","id")
);
--> statement-breakpoint
CREATE TABLE "directory_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"service_id" text,
	"location_id" text,
	"service_at_location_id" text,
	"freq" text,
	"byday" text,
	"opens_at" text,
	"closes_at" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_service_at_locations" (
	"id" text PRIMARY KEY NOT NULL,
	"service_id" text,
	"location_id" text,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_service_capacities" (
	"id" text PRIMARY KEY NOT NULL,
	"service_id" text,
	"unit_id" text,
	"available" double precision,
	"maximum" double precision,
	"updated" timestamp with time zone,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_services" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text,
	"program_id" text,
	"name" text NOT NULL,
	"description" text,
	"status" text NOT NULL,
	"minimum_age" double precision,
	"maximum_age" double precision,
	"last_modified" timestamp with time zone,
	"source_language" text,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"referral_status" text DEFAULT 'open' NOT NULL,
	"last_confirmed_at" timestamp with time zone,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_taxonomies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_taxonomy_terms" (
	"id" text PRIMARY KEY NOT NULL,
	"taxonomy_id" text,
	"parent_id" text,
	"code" text,
	"name" text NOT NULL,
	"source_language" text,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"record" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_organizations" ADD CONSTRAINT "directory_organizations_partner_organisation_id_organisations_id_fk" FOREIGN KEY ("partner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_accessibility_location_idx" ON "directory_accessibility" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_addresses_location_idx" ON "directory_addresses" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_addresses_postal_code_idx" ON "directory_addresses" USING btree (upper(replace("postal_code", ' ', '')));--> statement-breakpoint
CREATE INDEX "directory_attributes_link_idx" ON "directory_attributes" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "directory_attributes_term_idx" ON "directory_attributes" USING btree ("taxonomy_term_id","link_id");--> statement-breakpoint
CREATE INDEX "directory_cost_options_service_idx" ON "directory_cost_options" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_languages_service_idx" ON "directory_languages" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_languages_location_idx" ON "directory_languages" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_languages_phone_idx" ON "directory_languages" USING btree ("phone_id");--> statement-breakpoint
CREATE INDEX "directory_locations_organization_idx" ON "directory_locations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_locations_earth_idx" ON "directory_locations" USING gist (ll_to_earth("latitude", "longitude"));--> statement-breakpoint
CREATE INDEX "directory_metadata_resource_idx" ON "directory_metadata" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "directory_organizations_partner_idx" ON "directory_organizations" USING btree ("partner_organisation_id");--> statement-breakpoint
CREATE INDEX "directory_records_parents_idx" ON "directory_records" USING gin ("parent_ids");--> statement-breakpoint
CREATE INDEX "directory_schedules_service_idx" ON "directory_schedules" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_schedules_location_idx" ON "directory_schedules" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_schedules_sal_idx" ON "directory_schedules" USING btree ("service_at_location_id");--> statement-breakpoint
CREATE INDEX "directory_sal_service_idx" ON "directory_service_at_locations" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_sal_location_idx" ON "directory_service_at_locations" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_service_capacities_service_idx" ON "directory_service_capacities" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_services_organization_idx" ON "directory_services" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_services_modified_idx" ON "directory_services" USING btree ("last_modified");--> statement-breakpoint
CREATE INDEX "directory_services_name_trgm_idx" ON "directory_services" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "directory_taxonomy_terms_taxonomy_idx" ON "directory_taxonomy_terms" USING btree ("taxonomy_id");--> statement-breakpoint
CREATE INDEX "directory_taxonomy_terms_parent_idx" ON "directory_taxonomy_terms" USING btree ("parent_id");--> statement-breakpoint
-- The social prescribing categories (src/shared/directory-categories.ts), as an HSDS taxonomy.
INSERT INTO "directory_taxonomies" ("id", "name", "record") VALUES ('0c313c9b-0401-516f-9c3a-f4743e0b762a', 'Passerelle social prescribing categories', '{"id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","name":"Passerelle social prescribing categories","description":"Kinds of community activity a link worker can connect a person to.","uri":"https://passerelle.example/taxonomy","version":"1"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('22edde4a-d1d4-5dc4-bbe8-88820c81043f', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'social', 'Social connection', 'en', '{"en":{"name":"Social connection"},"fr":{"name":"Liens sociaux"}}'::jsonb, '{"id":"22edde4a-d1d4-5dc4-bbe8-88820c81043f","code":"social","name":"Social connection","description":"Social connection","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/social"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('905127b3-5c87-5445-b274-a65cfac4495e', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'arts', 'Arts and culture', 'en', '{"en":{"name":"Arts and culture"},"fr":{"name":"Arts et culture"}}'::jsonb, '{"id":"905127b3-5c87-5445-b274-a65cfac4495e","code":"arts","name":"Arts and culture","description":"Arts and culture","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/arts"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('4e7869fb-6dcf-5c4e-b8e9-853113e7cfb9', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'physical', 'Physical activity and sport', 'en', '{"en":{"name":"Physical activity and sport"},"fr":{"name":"Activité physique et sport"}}'::jsonb, '{"id":"4e7869fb-6dcf-5c4e-b8e9-853113e7cfb9","code":"physical","name":"Physical activity and sport","description":"Physical activity and sport","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/physical"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('0588ddcf-386c-5255-b8df-06e781a4d4d0', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'nature', 'Nature and green space', 'en', '{"en":{"name":"Nature and green space"},"fr":{"name":"Nature et espaces verts"}}'::jsonb, '{"id":"0588ddcf-386c-5255-b8df-06e781a4d4d0","code":"nature","name":"Nature and green space","description":"Nature and green space","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/nature"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('d25e1162-8bc4-53a5-ac22-a608358b3bc9', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'civic', 'Civic engagement and volunteering', 'en', '{"en":{"name":"Civic engagement and volunteering"},"fr":{"name":"Engagement citoyen et bénévolat"}}'::jsonb, '{"id":"d25e1162-8bc4-53a5-ac22-a608358b3bc9","code":"civic","name":"Civic engagement and volunteering","description":"Civic engagement and volunteering","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/civic"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('23d9e1e4-c0b4-57fb-bbdf-3fa3eedd51af', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'learning', 'Learning and skills', 'en', '{"en":{"name":"Learning and skills"},"fr":{"name":"Apprentissage et compétences"}}'::jsonb, '{"id":"23d9e1e4-c0b4-57fb-bbdf-3fa3eedd51af","code":"learning","name":"Learning and skills","description":"Learning and skills","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/learning"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('8696ad2d-5cbc-5672-9c4c-762d7145e87f', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'practical', 'Practical support (money, housing, food, transport)', 'en', '{"en":{"name":"Practical support (money, housing, food, transport)"},"fr":{"name":"Soutien pratique (argent, logement, alimentation, transport)"}}'::jsonb, '{"id":"8696ad2d-5cbc-5672-9c4c-762d7145e87f","code":"practical","name":"Practical support (money, housing, food, transport)","description":"Practical support (money, housing, food, transport)","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/practical"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "directory_taxonomy_terms" ("id", "taxonomy_id", "code", "name", "source_language", "translations", "record") VALUES ('c85e27fd-cdb4-54c9-baca-30a794477766', '0c313c9b-0401-516f-9c3a-f4743e0b762a', 'peer', 'Peer support and mental wellbeing', 'en', '{"en":{"name":"Peer support and mental wellbeing"},"fr":{"name":"Entraide et bien-être mental"}}'::jsonb, '{"id":"c85e27fd-cdb4-54c9-baca-30a794477766","code":"peer","name":"Peer support and mental wellbeing","description":"Peer support and mental wellbeing","taxonomy":"Passerelle social prescribing categories","taxonomy_id":"0c313c9b-0401-516f-9c3a-f4743e0b762a","language":"en","term_uri":"https://passerelle.example/taxonomy/peer"}'::jsonb) ON CONFLICT ("id") DO NOTHING;
