ALTER TABLE "workspaces" ADD COLUMN "settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "link_base" text;--> statement-breakpoint
CREATE INDEX "documents_queued_idx" ON "documents" USING btree ("updated_at") WHERE status = 'queued';