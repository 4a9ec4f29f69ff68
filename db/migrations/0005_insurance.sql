CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "broker_profiles" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"broker_id" text NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"sample_filename" text,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "brokers" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"email_domains" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"catalog_id" text NOT NULL,
	"code" text NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"version" text NOT NULL,
	"year" integer NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"use" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"search_keys" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogs" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"insurer_id" text NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"filename" text NOT NULL,
	"blob_key" text,
	"import_state" text DEFAULT 'queued' NOT NULL,
	"import_error" text,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"imported_rows" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"row_errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"import_ms" integer,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cot_counters" (
	"workspace_id" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cot_counters_workspace_id_year_pk" PRIMARY KEY("workspace_id","year")
);
--> statement-breakpoint
CREATE TABLE "fleet_rows" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"case_id" text NOT NULL,
	"position" integer NOT NULL,
	"row_number" integer NOT NULL,
	"source_id" text NOT NULL,
	"raw" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"canonical" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"matched" boolean DEFAULT false NOT NULL,
	"machine_code" text,
	"confidence" real,
	"decision" text,
	"candidates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attributes" jsonb,
	"reason" text,
	"learned" boolean DEFAULT false NOT NULL,
	"alias_id" text,
	"code" text,
	"catalog_description" text,
	"review_decision" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "insurance_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"cot_number" text NOT NULL,
	"cot_year" integer NOT NULL,
	"cot_seq" integer NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"status_message" text,
	"broker_id" text,
	"sender_address" text,
	"message_id" text,
	"document_id" text,
	"filename" text NOT NULL,
	"insurer_id" text,
	"catalog_id" text,
	"profile_id" text,
	"profile_version" integer,
	"generation" integer DEFAULT 1 NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"matched_rows" integer DEFAULT 0 NOT NULL,
	"auto_count" integer DEFAULT 0 NOT NULL,
	"review_count" integer DEFAULT 0 NOT NULL,
	"no_match_count" integer DEFAULT 0 NOT NULL,
	"corrected_count" integer DEFAULT 0 NOT NULL,
	"row_errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"matched_at" timestamp with time zone,
	"exported_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insurance_settings" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"cot_prefix" text DEFAULT 'COT' NOT NULL,
	"auto_threshold" real DEFAULT 0.9 NOT NULL,
	"review_threshold" real DEFAULT 0.5 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insurers" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "match_aliases" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"broker_id" text,
	"row_key" text NOT NULL,
	"label" text NOT NULL,
	"code" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"times_applied" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"insurer_id" text NOT NULL,
	"name" text DEFAULT 'Gcotiza' NOT NULL,
	"sheet_name" text DEFAULT 'COTIZACION' NOT NULL,
	"columns" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "broker_profiles" ADD CONSTRAINT "broker_profiles_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broker_profiles" ADD CONSTRAINT "broker_profiles_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broker_profiles" ADD CONSTRAINT "broker_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brokers" ADD CONSTRAINT "brokers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brokers" ADD CONSTRAINT "brokers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD CONSTRAINT "catalog_entries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD CONSTRAINT "catalog_entries_catalog_id_catalogs_id_fk" FOREIGN KEY ("catalog_id") REFERENCES "public"."catalogs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogs" ADD CONSTRAINT "catalogs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogs" ADD CONSTRAINT "catalogs_insurer_id_insurers_id_fk" FOREIGN KEY ("insurer_id") REFERENCES "public"."insurers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogs" ADD CONSTRAINT "catalogs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cot_counters" ADD CONSTRAINT "cot_counters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_rows" ADD CONSTRAINT "fleet_rows_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_rows" ADD CONSTRAINT "fleet_rows_case_id_insurance_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."insurance_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_rows" ADD CONSTRAINT "fleet_rows_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_insurer_id_insurers_id_fk" FOREIGN KEY ("insurer_id") REFERENCES "public"."insurers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_catalog_id_catalogs_id_fk" FOREIGN KEY ("catalog_id") REFERENCES "public"."catalogs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_profile_id_broker_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."broker_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_cases" ADD CONSTRAINT "insurance_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_settings" ADD CONSTRAINT "insurance_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_settings" ADD CONSTRAINT "insurance_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurers" ADD CONSTRAINT "insurers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurers" ADD CONSTRAINT "insurers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_aliases" ADD CONSTRAINT "match_aliases_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_aliases" ADD CONSTRAINT "match_aliases_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_aliases" ADD CONSTRAINT "match_aliases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_templates" ADD CONSTRAINT "quote_templates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_templates" ADD CONSTRAINT "quote_templates_insurer_id_insurers_id_fk" FOREIGN KEY ("insurer_id") REFERENCES "public"."insurers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_templates" ADD CONSTRAINT "quote_templates_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "broker_profiles_version_idx" ON "broker_profiles" USING btree ("broker_id","version");--> statement-breakpoint
CREATE INDEX "broker_profiles_ws_idx" ON "broker_profiles" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "brokers_ws_name_idx" ON "brokers" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_entries_code_idx" ON "catalog_entries" USING btree ("catalog_id","code");--> statement-breakpoint
CREATE INDEX "catalog_entries_search_idx" ON "catalog_entries" USING gin ("search_keys" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_entries_ws_idx" ON "catalog_entries" USING btree ("workspace_id","catalog_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogs_version_idx" ON "catalogs" USING btree ("insurer_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogs_one_active_idx" ON "catalogs" USING btree ("insurer_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "catalogs_ws_idx" ON "catalogs" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fleet_rows_case_pos_idx" ON "fleet_rows" USING btree ("case_id","position");--> statement-breakpoint
CREATE INDEX "fleet_rows_ws_case_idx" ON "fleet_rows" USING btree ("workspace_id","case_id","decision");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_cases_cot_idx" ON "insurance_cases" USING btree ("workspace_id","cot_number");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_cases_seq_idx" ON "insurance_cases" USING btree ("workspace_id","cot_year","cot_seq");--> statement-breakpoint
CREATE INDEX "insurance_cases_ws_created_idx" ON "insurance_cases" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "insurers_ws_name_idx" ON "insurers" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "match_aliases_key_idx" ON "match_aliases" USING btree ("workspace_id",coalesce("broker_id", ''),"row_key");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_templates_insurer_idx" ON "quote_templates" USING btree ("insurer_id");