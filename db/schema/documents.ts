import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { workspaces } from "./tenancy";

export const documentStatuses = ["queued", "processing", "ready", "needs_review", "failed"] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

// One stored file. Bytes live in the blob store under blobKey; the same content (sha256) is stored once per workspace.
export const documents = pgTable(
  "documents",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    sha256: text("sha256").notNull(),
    filename: text("filename").notNull(),
    /** Where it came from as the user knows it, e.g. "march.zip/inv-1.pdf" or the attachment name. */
    sourcePath: text("source_path"),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    blobKey: text("blob_key").notNull(),
    source: text("source", { enum: ["upload", "email", "manual", "seed", "api"] }).notNull(),
    kind: text("kind"),
    status: text("status", { enum: documentStatuses }).notNull().default("queued"),
    error: text("error"),
    pages: integer("pages"),
    text: text("text"),
    /** Classification by the extractor: invoice, credit_note, quote, receipt, delivery_note, other. */
    classification: text("classification"),
    /** Why the reader classed it so ("'Rechnung Nr. 42' on page 1", "read as an invoice although …"). */
    classificationReason: text("classification_reason"),
    /** A person asked for it to be read as an invoice whatever the classifier says ("Read as invoice"). */
    readAs: text("read_as", { enum: ["invoice"] }),
    ocrPages: jsonb("ocr_pages").$type<number[]>(),
    attempts: integer("attempts").notNull().default(0),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    uploadedBy: text("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("documents_ws_sha_idx").on(t.workspaceId, t.sha256),
    index("documents_ws_created_idx").on(t.workspaceId, t.createdAt),
    // the sweeper's look for documents left queued (inngest/functions/resend-stuck-documents.ts)
    index("documents_queued_idx").on(t.updatedAt).where(sql`status = 'queued'`),
    // "Reading N documents…" on the invoices page: counts only what is in flight instead of scanning every document
    index("documents_ws_in_flight_idx").on(t.workspaceId).where(sql`status in ('queued', 'processing')`),
  ],
);

export type Document = typeof documents.$inferSelect;
