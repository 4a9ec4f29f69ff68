ALTER TABLE "runner_workers" ADD COLUMN "process" text;--> statement-breakpoint
ALTER TABLE "send_attempts" ADD COLUMN "reservation_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "send_attempts_reservation_key_idx" ON "send_attempts" USING btree ("campaign_id","reservation_key");