import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { QuoteTemplate } from "../../lib/insurance/export";
import type { MatchCandidate, MatchDecision, ParsedAttributes } from "../../lib/insurance/matcher";
import type { BrokerProfile, CanonicalRow } from "../../lib/insurance/profile";
import { users } from "./auth";
import { documents } from "./documents";
import { messages } from "./intake";
import { workspaces } from "./tenancy";

// Insurance intake (underwriting): brokers and their versioned spreadsheet profiles, insurers with their
// versioned vehicle catalogs and quote templates, cases (COT-numbered) made of fleet rows matched to catalog
// codes, and the corrections reviewers taught the matcher. Every table carries workspace_id.

/** Per-workspace settings: COT prefix and the matcher's decision thresholds. */
export const insuranceSettings = pgTable("insurance_settings", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  cotPrefix: text("cot_prefix").notNull().default("COT"),
  autoThreshold: real("auto_threshold").notNull().default(0.9),
  reviewThreshold: real("review_threshold").notNull().default(0.5),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The gapless COT sequence: one counter row per workspace and year, bumped inside the case-creation transaction. */
export const cotCounters = pgTable(
  "cot_counters",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    /** The last number handed out (0 = none yet). */
    last: integer("last").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.year] })],
);

export const brokers = pgTable(
  "brokers",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Lower-case sender domains ("agentebajio.com.mx"); an email from one of them is this broker's. */
    emailDomains: jsonb("email_domains").$type<string[]>().notNull().default([]),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("brokers_ws_name_idx").on(t.workspaceId, sql`lower(${t.name})`)],
);

/** A broker's spreadsheet profile, versioned: saving makes a new version; cases record the version they used. */
export const brokerProfiles = pgTable(
  "broker_profiles",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    brokerId: text("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** lib/insurance brokerProfileSchema, parsed (defaults filled in). */
    rules: jsonb("rules").$type<BrokerProfile>().notNull(),
    /** The sample file the wizard was run on. */
    sampleFilename: text("sample_filename"),
    usageCount: integer("usage_count").notNull().default(0),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("broker_profiles_version_idx").on(t.brokerId, t.version), index("broker_profiles_ws_idx").on(t.workspaceId)],
);

export const insurers = pgTable(
  "insurers",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("insurers_ws_name_idx").on(t.workspaceId, sql`lower(${t.name})`)],
);

/** The insurer's quoting layout (Gcotiza by default), stored as data: column header, source field, type. */
export const quoteTemplates = pgTable(
  "quote_templates",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    insurerId: text("insurer_id")
      .notNull()
      .references(() => insurers.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("Gcotiza"),
    sheetName: text("sheet_name").notNull().default("COTIZACION"),
    columns: jsonb("columns").$type<QuoteTemplate>().notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quote_templates_insurer_idx").on(t.insurerId)],
);

export const catalogStatuses = ["draft", "active", "archived"] as const;
export type CatalogStatus = (typeof catalogStatuses)[number];
export const catalogImportStates = ["queued", "importing", "imported", "failed"] as const;
export type CatalogImportState = (typeof catalogImportStates)[number];
/** Embeddings of a catalog's version texts (OpenAI on only): none → queued → embedding → ready | failed. */
export const catalogEmbeddingStates = ["none", "queued", "embedding", "ready", "failed"] as const;
export type CatalogEmbeddingState = (typeof catalogEmbeddingStates)[number];

export const catalogs = pgTable(
  "catalogs",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    insurerId: text("insurer_id")
      .notNull()
      .references(() => insurers.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status", { enum: catalogStatuses }).notNull().default("draft"),
    filename: text("filename").notNull(),
    /** The uploaded file in the blob store. */
    blobKey: text("blob_key"),
    importState: text("import_state", { enum: catalogImportStates }).notNull().default("queued"),
    importError: text("import_error"),
    totalRows: integer("total_rows").notNull().default(0),
    importedRows: integer("imported_rows").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    /** Row-level problems (first 500): 1-based file row and reason. */
    rowErrors: jsonb("row_errors").$type<{ row: number; message: string }[]>().notNull().default([]),
    importMs: integer("import_ms"),
    embeddingState: text("embedding_state", { enum: catalogEmbeddingStates }).notNull().default("none"),
    /** "model@dimensions" the vectors were made with; a different setting means they are stale and unused. */
    embeddingModel: text("embedding_model"),
    embeddingTotal: integer("embedding_total").notNull().default(0),
    embeddingDone: integer("embedding_done").notNull().default(0),
    embeddingError: text("embedding_error"),
    /**
     * The search-key rule (lib/insurance/catalog-keys CATALOG_SEARCH_KEYS_VERSION) the entries' search_keys were computed
     * with; an older one is re-keyed at start-up (0: imported before the rule was versioned).
     */
    searchKeysVersion: integer("search_keys_version").notNull().default(0),
    /**
     * The same rule's version for the embedded version texts (catalog_vectors.text, entryEmbeddingText); vectors of
     * texts an older rule wrote are refreshed at start-up, only the changed texts embedded again (0: embedded before).
     */
    embeddingTextsVersion: integer("embedding_texts_version").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("catalogs_version_idx").on(t.insurerId, t.version),
    uniqueIndex("catalogs_one_active_idx").on(t.insurerId).where(sql`status = 'active'`),
    index("catalogs_ws_idx").on(t.workspaceId),
  ],
);

export const catalogEntries = pgTable(
  "catalog_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    catalogId: text("catalog_id")
      .notNull()
      .references(() => catalogs.id, { onDelete: "cascade" }),
    /** Text: codes keep their leading zeros. */
    code: text("code").notNull(),
    brand: text("brand").notNull(),
    model: text("model").notNull(),
    version: text("version").notNull(),
    year: integer("year").notNull(),
    body: text("body").notNull().default(""),
    use: text("use").notNull().default(""),
    description: text("description").notNull(),
    /** Normalized "brand model version description year": what the catalog search dialog's trigram index covers. */
    searchKeys: text("search_keys").notNull(),
  },
  (t) => [
    uniqueIndex("catalog_entries_code_idx").on(t.catalogId, t.code),
    index("catalog_entries_search_idx").using("gin", sql`${t.searchKeys} gin_trgm_ops`),
    index("catalog_entries_ws_idx").on(t.workspaceId, t.catalogId),
  ],
);

/**
 * One embedding per distinct version text of a catalog (brand + model + version + description, without the year:
 * the same text repeats for every model year, so 40,000 entries are a few thousand texts). `years` says which model
 * years offer it. Stored as real[] so the table is the same with and without pgvector; with pgvector the distance
 * is computed in the database (`embedding::vector <=> query`), without it in process.
 */
export const catalogVectors = pgTable(
  "catalog_vectors",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    catalogId: text("catalog_id")
      .notNull()
      .references(() => catalogs.id, { onDelete: "cascade" }),
    /** The matcher's brand key (aliases resolved), for filtering by the row's brand. */
    brandKey: text("brand_key").notNull(),
    /** The text that was embedded; also the key back to the catalog entries (with a year). */
    text: text("text").notNull(),
    years: integer("years").array().notNull(),
    /** null until the embedding step has reached this text. */
    embedding: real("embedding").array(),
  },
  (t) => [uniqueIndex("catalog_vectors_text_idx").on(t.catalogId, t.text), index("catalog_vectors_brand_idx").on(t.catalogId, t.brandKey)],
);

export const caseStatuses = ["received", "needs_profile", "needs_catalog", "matching", "review", "ready", "exported", "failed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const insuranceCases = pgTable(
  "insurance_cases",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    cotNumber: text("cot_number").notNull(),
    cotYear: integer("cot_year").notNull(),
    cotSeq: integer("cot_seq").notNull(),
    status: text("status", { enum: caseStatuses }).notNull().default("received"),
    statusMessage: text("status_message"),
    brokerId: text("broker_id").references(() => brokers.id, { onDelete: "set null" }),
    senderAddress: text("sender_address"),
    messageId: text("message_id").references(() => messages.id, { onDelete: "set null" }),
    documentId: text("document_id").references(() => documents.id, { onDelete: "set null" }),
    filename: text("filename").notNull(),
    insurerId: text("insurer_id").references(() => insurers.id, { onDelete: "set null" }),
    catalogId: text("catalog_id").references(() => catalogs.id, { onDelete: "set null" }),
    profileId: text("profile_id").references(() => brokerProfiles.id, { onDelete: "set null" }),
    profileVersion: integer("profile_version"),
    /** Bumped by every (re)match request; a run working on an older generation stops. */
    generation: integer("generation").notNull().default(1),
    totalRows: integer("total_rows").notNull().default(0),
    matchedRows: integer("matched_rows").notNull().default(0),
    autoCount: integer("auto_count").notNull().default(0),
    reviewCount: integer("review_count").notNull().default(0),
    noMatchCount: integer("no_match_count").notNull().default(0),
    correctedCount: integer("corrected_count").notNull().default(0),
    /** Rows the profile could not read, with spreadsheet row number and reason. */
    rowErrors: jsonb("row_errors").$type<{ rowNumber: number; field: string; message: string }[]>().notNull().default([]),
    /** When the email arrived (or the file was uploaded): the start of "time from email to export". */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    matchedAt: timestamp("matched_at", { withTimezone: true }),
    exportedAt: timestamp("exported_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("insurance_cases_cot_idx").on(t.workspaceId, t.cotNumber),
    uniqueIndex("insurance_cases_seq_idx").on(t.workspaceId, t.cotYear, t.cotSeq),
    index("insurance_cases_ws_created_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const reviewDecisions = ["accepted", "corrected", "rejected"] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const fleetRows = pgTable(
  "fleet_rows",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    caseId: text("case_id")
      .notNull()
      .references(() => insuranceCases.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** 1-based spreadsheet row. */
    rowNumber: integer("row_number").notNull(),
    /** The row's own number column, else its data-row index. */
    sourceId: text("source_id").notNull(),
    raw: jsonb("raw").$type<Record<string, string>>().notNull().default({}),
    canonical: jsonb("canonical").$type<CanonicalRow>().notNull().default({}),
    /** Why the profile could not read this row (then it is never matched). */
    error: text("error"),
    matched: boolean("matched").notNull().default(false),
    /** The machine's answer. */
    machineCode: text("machine_code"),
    confidence: real("confidence"),
    decision: text("decision", { enum: ["auto", "review", "no_match"] }).$type<MatchDecision>(),
    candidates: jsonb("candidates").$type<MatchCandidate[]>().notNull().default([]),
    attributes: jsonb("attributes").$type<ParsedAttributes | null>(),
    reason: text("reason"),
    /** The machine's code came from a learned correction. */
    learned: boolean("learned").notNull().default(false),
    aliasId: text("alias_id"),
    /** The code that goes out (machine's, or the reviewer's). */
    code: text("code"),
    catalogDescription: text("catalog_description"),
    reviewDecision: text("review_decision", { enum: reviewDecisions }).$type<ReviewDecision>(),
    reviewedBy: text("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("fleet_rows_case_pos_idx").on(t.caseId, t.position),
    index("fleet_rows_ws_case_idx").on(t.workspaceId, t.caseId, t.decision),
  ],
);

/** Reviewer corrections remembered per workspace and broker: normalized row description → code. */
export const matchAliases = pgTable(
  "match_aliases",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    brokerId: text("broker_id").references(() => brokers.id, { onDelete: "cascade" }),
    /** lib/insurance fleetRowKey of the row. */
    rowKey: text("row_key").notNull(),
    /** The row as the reviewer saw it (for the aliases list). */
    label: text("label").notNull(),
    /** null = "this row has no code in the catalog". */
    code: text("code"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    timesApplied: integer("times_applied").notNull().default(0),
  },
  (t) => [uniqueIndex("match_aliases_key_idx").on(t.workspaceId, sql`coalesce(${t.brokerId}, '')`, t.rowKey)],
);

export type InsuranceSettings = typeof insuranceSettings.$inferSelect;
export type Broker = typeof brokers.$inferSelect;
export type BrokerProfileRow = typeof brokerProfiles.$inferSelect;
export type Insurer = typeof insurers.$inferSelect;
export type QuoteTemplateRow = typeof quoteTemplates.$inferSelect;
export type Catalog = typeof catalogs.$inferSelect;
export type CatalogEntryRow = typeof catalogEntries.$inferSelect;
export type CatalogVector = typeof catalogVectors.$inferSelect;
export type InsuranceCase = typeof insuranceCases.$inferSelect;
export type FleetRow = typeof fleetRows.$inferSelect;
export type MatchAlias = typeof matchAliases.$inferSelect;
