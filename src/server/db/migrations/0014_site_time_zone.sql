ALTER TABLE "sites" ADD COLUMN "time_zone" text DEFAULT 'America/Toronto' NOT NULL;--> statement-breakpoint
ALTER TABLE "measurements" ADD COLUMN "void_note" text;--> statement-breakpoint
UPDATE "measurements" SET "void_note" = substr("void_reason", 7), "void_reason" = 'other' WHERE "void_reason" LIKE 'other:%';
