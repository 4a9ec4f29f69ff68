CREATE TABLE "invoice_line_items" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"position" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"quantity" numeric(16, 4),
	"unit_price" numeric(16, 4),
	"amount" numeric(16, 2)
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"document_id" text NOT NULL,
	"page_start" integer NOT NULL,
	"page_end" integer NOT NULL,
	"kind" text DEFAULT 'invoice' NOT NULL,
	"status" text NOT NULL,
	"vendor_id" text,
	"invoice_number" text,
	"invoice_number_norm" text,
	"issue_date" date,
	"due_date" date,
	"vendor_name" text,
	"vendor_tax_id" text,
	"vendor_address" text,
	"bill_to_name" text,
	"currency" text,
	"subtotal" numeric(16, 2),
	"tax_amount" numeric(16, 2),
	"total" numeric(16, 2),
	"confidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"min_confidence" numeric(4, 3) DEFAULT '0' NOT NULL,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duplicate_of_id" text,
	"duplicate_reason" text,
	"extractor" text NOT NULL,
	"tokens" integer,
	"cost_usd" numeric(10, 6),
	"edited_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendors" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"normalized_name" text NOT NULL,
	"tax_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "classification" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "ocr_pages" jsonb;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "processed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoice_line_items" ADD CONSTRAINT "invoice_line_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line_items" ADD CONSTRAINT "invoice_line_items_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_idx" ON "invoice_line_items" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_doc_pages_idx" ON "invoices" USING btree ("document_id","page_start");--> statement-breakpoint
CREATE INDEX "invoices_ws_status_idx" ON "invoices" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "invoices_ws_created_idx" ON "invoices" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "invoices_ws_issue_idx" ON "invoices" USING btree ("workspace_id","issue_date");--> statement-breakpoint
CREATE INDEX "invoices_ws_vendor_idx" ON "invoices" USING btree ("workspace_id","vendor_name");--> statement-breakpoint
CREATE INDEX "invoices_ws_number_idx" ON "invoices" USING btree ("workspace_id","invoice_number_norm");--> statement-breakpoint
CREATE INDEX "invoices_ws_conf_idx" ON "invoices" USING btree ("workspace_id","min_confidence");--> statement-breakpoint
CREATE INDEX "invoices_ws_dup_idx" ON "invoices" USING btree ("workspace_id","duplicate_of_id") WHERE duplicate_of_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "vendors_ws_norm_idx" ON "vendors" USING btree ("workspace_id","normalized_name");