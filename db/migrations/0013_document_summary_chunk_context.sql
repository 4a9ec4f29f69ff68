ALTER TABLE "document_chunks" ADD COLUMN "context" text;--> statement-breakpoint
ALTER TABLE "document_indexes" ADD COLUMN "summary_engine" text DEFAULT 'extractive' NOT NULL;--> statement-breakpoint
ALTER TABLE "document_indexes" ADD COLUMN "summary_model" text;--> statement-breakpoint
ALTER TABLE "document_indexes" ADD COLUMN "summary_dropped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "document_indexes" ADD COLUMN "summary_tokens" integer;--> statement-breakpoint
ALTER TABLE "document_indexes" ADD COLUMN "summary_cost_usd" numeric(12, 6);