import { sql } from "drizzle-orm";
import { bigserial, boolean, customType, index, integer, jsonb, numeric, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";
import type { Citation } from "@/lib/documents/answer";
import type { SummarySentence } from "@/lib/documents/summary";
import { users } from "./auth";
import { documents } from "./documents";
import { workspaces } from "./tenancy";

/** Postgres tsvector: written with `to_tsvector('docket_<lang>', text)` (unaccented, language-aware configs). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const indexStates = ["pending", "indexing", "indexed", "failed"] as const;
export type IndexState = (typeof indexStates)[number];

export interface KeyFact {
  /** party | date | due_date | expiry_date | amount | invoice_number | tax_id | policy_number | vin | plate | email | iban */
  type: string;
  label: string;
  value: string;
  page: number;
  /** Character span inside that page's text. */
  start: number;
  end: number;
}

/** Stored as the document's summary (jsonb): the type is the summarizer's (lib/documents/summary.ts). */
export type { SummarySentence };

/** One document's search index state, summary and key facts (one row per document; indexed once per sha256). */
export const documentIndexes = pgTable(
  "document_indexes",
  {
    documentId: text("document_id")
      .primaryKey()
      .references(() => documents.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The content hash that was indexed; the same bytes are not indexed again unless asked. */
    sha256: text("sha256"),
    state: text("state", { enum: indexStates }).notNull().default("pending"),
    error: text("error"),
    /** Where the text came from: pdf text layer, ocr, spreadsheet, email, e-invoice fields. */
    sources: jsonb("sources").$type<string[]>().notNull().default([]),
    language: text("language"),
    /** What the document is (invoice, quote, delivery note, fleet list, policy, general conditions, contract, other) and why. */
    docClass: text("doc_class"),
    classReasons: jsonb("class_reasons").$type<string[]>().notNull().default([]),
    pages: integer("pages").notNull().default(0),
    pagesDone: integer("pages_done").notNull().default(0),
    chunks: integer("chunks").notNull().default(0),
    /** Words in all chunks (BM25's average chunk length is sum(tokens) / sum(chunks)). */
    tokens: integer("tokens").notNull().default(0),
    summary: jsonb("summary").$type<SummarySentence[]>().notNull().default([]),
    /** extractive (offline) | openai (abstractive, every sentence quote-checked); tokens and cost of the model call. */
    summaryEngine: text("summary_engine", { enum: ["extractive", "openai"] }).notNull().default("extractive"),
    summaryModel: text("summary_model"),
    summaryDropped: integer("summary_dropped").notNull().default(0),
    summaryTokens: integer("summary_tokens"),
    summaryCostUsd: numeric("summary_cost_usd", { precision: 12, scale: 6 }),
    facts: jsonb("facts").$type<KeyFact[]>().notNull().default([]),
    embedded: boolean("embedded").notNull().default(false),
    startedAt: timestamp("started_at", { withTimezone: true }),
    indexedAt: timestamp("indexed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("document_indexes_ws_state_idx").on(t.workspaceId, t.state)],
);

/** A passage of a document: a paragraph, a table row or a field group, on one page, with its character span. */
export const documentChunks = pgTable(
  "document_chunks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    /** 1-based page (sheet for spreadsheets, 1 for an email body). */
    page: integer("page").notNull(),
    ord: integer("ord").notNull(),
    /** Character span of `text` inside the page text. */
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    kind: text("kind", { enum: ["paragraph", "row", "field"] }).notNull(),
    text: text("text").notNull(),
    /** A table row's header row (indexed with the row; answers read a cell's value under its column's label). */
    context: text("context"),
    /** es | en | de | fr — picks the text search configuration docket_<lang>. */
    lang: text("lang").notNull(),
    tsv: tsvector("tsv").notNull(),
    tokens: integer("tokens").notNull(),
    /** OpenAI embedding (real[] so the table is the same with and without pgvector). */
    embedding: real("embedding").array(),
  },
  (t) => [
    index("document_chunks_doc_idx").on(t.documentId, t.page, t.ord),
    index("document_chunks_tsv_idx").using("gin", t.tsv),
    index("document_chunks_ws_idx").on(t.workspaceId),
  ],
);

/**
 * Document frequency of each lexeme per workspace (chunks containing it), kept as documents are indexed and
 * re-indexed, so BM25 never counts over the chunks at query time.
 */
export const searchTerms = pgTable(
  "search_terms",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    lexeme: text("lexeme").notNull(),
    df: integer("df").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.lexeme] })],
);

/** A citation as stored with its question: the answerer's own (lib/documents/answer.ts). */
export type AnswerCitation = Citation;

/** A question asked in a workspace, with the answer given and its citations: the history, auditable. */
export const questions = pgTable(
  "questions",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    askedBy: text("asked_by").references(() => users.id, { onDelete: "set null" }),
    question: text("question").notNull(),
    /** Document ids the question was limited to; null = the whole workspace. */
    scope: jsonb("scope").$type<string[] | null>(),
    answer: text("answer").notNull(),
    /** The value itself when the question asks for a date, amount, name or id. */
    value: text("value"),
    found: boolean("found").notNull(),
    engine: text("engine", { enum: ["offline", "openai"] }).notNull(),
    /** Claims dropped because their quote was not found in the source (OpenAI). */
    droppedClaims: integer("dropped_claims").notNull().default(0),
    tokens: integer("tokens"),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6 }),
    latencyMs: integer("latency_ms").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("questions_ws_created_idx").on(t.workspaceId, t.createdAt)],
);

export const answerCitations = pgTable(
  "answer_citations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    ord: integer("ord").notNull(),
    documentId: text("document_id").references(() => documents.id, { onDelete: "set null" }),
    filename: text("filename").notNull(),
    page: integer("page").notNull(),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    quote: text("quote").notNull(),
  },
  (t) => [index("answer_citations_q_idx").on(t.questionId, t.ord), index("answer_citations_doc_idx").on(t.documentId).where(sql`document_id is not null`)],
);

export type DocumentIndex = typeof documentIndexes.$inferSelect;
export type DocumentChunk = typeof documentChunks.$inferSelect;
export type Question = typeof questions.$inferSelect;
