CREATE TABLE "answer_citations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"question_id" text NOT NULL,
	"ord" integer NOT NULL,
	"document_id" text,
	"filename" text NOT NULL,
	"page" integer NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"quote" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_chunks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"document_id" text NOT NULL,
	"page" integer NOT NULL,
	"ord" integer NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"lang" text NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"tokens" integer NOT NULL,
	"embedding" real[]
);
--> statement-breakpoint
CREATE TABLE "document_indexes" (
	"document_id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"sha256" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"language" text,
	"doc_class" text,
	"class_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"pages_done" integer DEFAULT 0 NOT NULL,
	"chunks" integer DEFAULT 0 NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"facts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"embedded" boolean DEFAULT false NOT NULL,
	"started_at" timestamp with time zone,
	"indexed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"asked_by" text,
	"question" text NOT NULL,
	"scope" jsonb,
	"answer" text NOT NULL,
	"value" text,
	"found" boolean NOT NULL,
	"engine" text NOT NULL,
	"dropped_claims" integer DEFAULT 0 NOT NULL,
	"tokens" integer,
	"cost_usd" numeric(12, 6),
	"latency_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_terms" (
	"workspace_id" text NOT NULL,
	"lexeme" text NOT NULL,
	"df" integer NOT NULL,
	CONSTRAINT "search_terms_workspace_id_lexeme_pk" PRIMARY KEY("workspace_id","lexeme")
);
--> statement-breakpoint
CREATE TABLE "alert_digests" (
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"alerts" integer NOT NULL,
	"outbox_id" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_digests_workspace_id_user_id_day_pk" PRIMARY KEY("workspace_id","user_id","day")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"days" integer,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"href" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"snoozed_until" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acted_by" text,
	"acted_at" timestamp with time zone,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "answer_citations" ADD CONSTRAINT "answer_citations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_citations" ADD CONSTRAINT "answer_citations_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_citations" ADD CONSTRAINT "answer_citations_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_indexes" ADD CONSTRAINT "document_indexes_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_indexes" ADD CONSTRAINT "document_indexes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_terms" ADD CONSTRAINT "search_terms_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_digests" ADD CONSTRAINT "alert_digests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_digests" ADD CONSTRAINT "alert_digests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acted_by_users_id_fk" FOREIGN KEY ("acted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "answer_citations_q_idx" ON "answer_citations" USING btree ("question_id","ord");--> statement-breakpoint
CREATE INDEX "answer_citations_doc_idx" ON "answer_citations" USING btree ("document_id") WHERE document_id is not null;--> statement-breakpoint
CREATE INDEX "document_chunks_doc_idx" ON "document_chunks" USING btree ("document_id","page","ord");--> statement-breakpoint
CREATE INDEX "document_chunks_tsv_idx" ON "document_chunks" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "document_chunks_ws_idx" ON "document_chunks" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "document_indexes_ws_state_idx" ON "document_indexes" USING btree ("workspace_id","state");--> statement-breakpoint
CREATE INDEX "questions_ws_created_idx" ON "questions" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_ws_kind_idx" ON "alert_rules" USING btree ("workspace_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_ws_key_idx" ON "alerts" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE INDEX "alerts_ws_state_idx" ON "alerts" USING btree ("workspace_id","state","first_seen_at");--> statement-breakpoint
-- ——— Hand-written (keep when regenerating): text search configurations docket_es / docket_en / docket_de / docket_fr.
-- Unaccented (unaccent dictionary before the language's snowball stemmer, so "vencimiento" = "vencimiénto" and the
-- stop word "cuándo" is dropped like "cuando"), one per language; docket_simple for text in other languages.
-- Without the unaccent extension the configurations are plain copies of the built-in ones (same results for
-- unaccented text).
DO $$
DECLARE
  has_unaccent boolean := false;
  l record;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
    has_unaccent := true;
  EXCEPTION WHEN others THEN
    RAISE NOTICE 'unaccent not available: text search configurations without it';
  END;
  FOR l IN SELECT * FROM (VALUES ('docket_es', 'spanish'), ('docket_en', 'english'), ('docket_de', 'german'), ('docket_fr', 'french'), ('docket_simple', 'simple')) AS v(cfg, base) LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = l.cfg) THEN
      EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %I (COPY = pg_catalog.%I)', l.cfg, l.base);
      IF has_unaccent THEN
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ALTER MAPPING FOR hword, hword_part, word WITH unaccent, %I', l.cfg,
          CASE l.base WHEN 'simple' THEN 'simple' ELSE l.base || '_stem' END);
      END IF;
    END IF;
  END LOOP;
END $$;
