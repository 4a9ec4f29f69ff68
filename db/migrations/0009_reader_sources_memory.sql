CREATE TABLE "vendor_field_memories" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"vendor_id" text NOT NULL,
	"field" text NOT NULL,
	"label" text,
	"relation" text NOT NULL,
	"page" integer NOT NULL,
	"x" real NOT NULL,
	"y" real NOT NULL,
	"width" real NOT NULL,
	"height" real NOT NULL,
	"learned_from_invoice_id" text,
	"learned_from" text NOT NULL,
	"learned_by" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "classification_reason" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "read_as" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "field_sources" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "learned_notes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "paid" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "vendor_field_memories" ADD CONSTRAINT "vendor_field_memories_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_field_memories" ADD CONSTRAINT "vendor_field_memories_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_field_memories" ADD CONSTRAINT "vendor_field_memories_learned_from_invoice_id_invoices_id_fk" FOREIGN KEY ("learned_from_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_field_memories" ADD CONSTRAINT "vendor_field_memories_learned_by_users_id_fk" FOREIGN KEY ("learned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_memories_ws_vendor_field_idx" ON "vendor_field_memories" USING btree ("workspace_id","vendor_id","field");