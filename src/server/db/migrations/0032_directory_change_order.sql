CREATE INDEX "directory_locations_changes_idx" ON "directory_locations" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "directory_organizations_changes_idx" ON "directory_organizations" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "directory_services_changes_idx" ON "directory_services" USING btree ("updated_at","id");