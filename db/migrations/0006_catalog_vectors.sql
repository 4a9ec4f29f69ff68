CREATE TABLE "catalog_vectors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"catalog_id" text NOT NULL,
	"brand_key" text NOT NULL,
	"text" text NOT NULL,
	"years" integer[] NOT NULL,
	"embedding" real[]
);
--> statement-breakpoint
ALTER TABLE "catalogs" ADD COLUMN "embedding_state" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalogs" ADD COLUMN "embedding_model" text;--> statement-breakpoint
ALTER TABLE "catalogs" ADD COLUMN "embedding_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "catalogs" ADD COLUMN "embedding_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "catalogs" ADD COLUMN "embedding_error" text;--> statement-breakpoint
ALTER TABLE "catalog_vectors" ADD CONSTRAINT "catalog_vectors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_vectors" ADD CONSTRAINT "catalog_vectors_catalog_id_catalogs_id_fk" FOREIGN KEY ("catalog_id") REFERENCES "public"."catalogs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_vectors_text_idx" ON "catalog_vectors" USING btree ("catalog_id","text");--> statement-breakpoint
CREATE INDEX "catalog_vectors_brand_idx" ON "catalog_vectors" USING btree ("catalog_id","brand_key");