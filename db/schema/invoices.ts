import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, numeric, pgTable, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { headerFields, type FieldSource } from "@/lib/extraction/types";
import { users } from "./auth";
import { documents } from "./documents";
import { workspaces } from "./tenancy";

export const invoiceStatuses = ["needs_review", "ready", "approved", "rejected"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** The header fields of an invoice: the same list the readers extract (lib/extraction/types). */
export const invoiceFields = headerFields;
export type InvoiceField = (typeof invoiceFields)[number];

export const vendors = pgTable(
  "vendors",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Lower-case, accents and legal suffixes removed: the matching key. */
    normalizedName: text("normalized_name").notNull(),
    taxId: text("tax_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("vendors_ws_norm_idx").on(t.workspaceId, t.normalizedName)],
);

export const invoices = pgTable(
  "invoices",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    pageStart: integer("page_start").notNull(),
    pageEnd: integer("page_end").notNull(),
    kind: text("kind", { enum: ["invoice", "credit_note"] }).notNull().default("invoice"),
    status: text("status", { enum: invoiceStatuses }).notNull(),
    vendorId: text("vendor_id").references(() => vendors.id, { onDelete: "set null" }),
    invoiceNumber: text("invoice_number"),
    /** Upper-case, separators and leading zeros removed: the duplicate key. */
    invoiceNumberNorm: text("invoice_number_norm"),
    issueDate: date("issue_date"),
    dueDate: date("due_date"),
    vendorName: text("vendor_name"),
    vendorTaxId: text("vendor_tax_id"),
    vendorAddress: text("vendor_address"),
    billToName: text("bill_to_name"),
    currency: text("currency"),
    subtotal: numeric("subtotal", { precision: 16, scale: 2 }),
    taxAmount: numeric("tax_amount", { precision: 16, scale: 2 }),
    total: numeric("total", { precision: 16, scale: 2 }),
    /** Per field, where the value came from (layout, e-invoice, learned, model); absent → layout. */
    fieldSources: jsonb("field_sources").$type<Partial<Record<InvoiceField | "lineItems", FieldSource>>>().notNull().default({}),
    /** Per learned field, what it was learned from ("learned from your correction of INV-7 on 2026-12-06"). */
    learnedNotes: jsonb("learned_notes").$type<Partial<Record<InvoiceField, string>>>().notNull().default({}),
    /** A receipt or payment confirmation: the invoice is already paid. */
    paid: boolean("paid").notNull().default(false),
    /** Per field 0..1, after validation. */
    confidence: jsonb("confidence").$type<Partial<Record<InvoiceField, number>>>().notNull().default({}),
    /** The lowest field confidence: what the table filters and sorts on. */
    minConfidence: numeric("min_confidence", { precision: 4, scale: 3 }).notNull().default("0"),
    issues: jsonb("issues").$type<{ field: string; code: string; message: string }[]>().notNull().default([]),
    duplicateOfId: text("duplicate_of_id"),
    duplicateReason: text("duplicate_reason"),
    extractor: text("extractor").notNull(),
    tokens: integer("tokens"),
    costUsd: numeric("cost_usd", { precision: 10, scale: 6 }),
    /** Fields a person changed (shown as "edited"), to keep machine vs human values apart. */
    editedFields: jsonb("edited_fields").$type<string[]>().notNull().default([]),
    reviewedBy: text("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invoices_doc_pages_idx").on(t.documentId, t.pageStart),
    index("invoices_ws_status_idx").on(t.workspaceId, t.status, t.createdAt),
    index("invoices_ws_created_idx").on(t.workspaceId, t.createdAt),
    index("invoices_ws_issue_idx").on(t.workspaceId, t.issueDate),
    index("invoices_ws_vendor_idx").on(t.workspaceId, t.vendorName),
    index("invoices_ws_number_idx").on(t.workspaceId, t.invoiceNumberNorm),
    index("invoices_ws_conf_idx").on(t.workspaceId, t.minConfidence),
    index("invoices_ws_dup_idx").on(t.workspaceId, t.duplicateOfId).where(sql`duplicate_of_id is not null`),
  ],
);

export const invoiceLineItems = pgTable(
  "invoice_line_items",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    description: text("description").notNull().default(""),
    quantity: numeric("quantity", { precision: 16, scale: 4 }),
    unitPrice: numeric("unit_price", { precision: 16, scale: 4 }),
    amount: numeric("amount", { precision: 16, scale: 2 }),
  },
  (t) => [index("invoice_lines_invoice_idx").on(t.invoiceId, t.position)],
);

/**
 * Vendor memory: where a reviewer's correction was found on the page (its label and position), remembered per
 * workspace + vendor + field and used on that vendor's next invoices. One active memory per field; a new correction
 * replaces it; a reviewer can switch it off.
 */
export const vendorFieldMemories = pgTable(
  "vendor_field_memories",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    vendorId: text("vendor_id")
      .notNull()
      .references(() => vendors.id, { onDelete: "cascade" }),
    field: text("field").notNull(),
    /** The label text next to the value ("Belegnummer"), folded; null when the value stood alone. */
    label: text("label"),
    /** Where the label sits relative to the value: the value is right of it or below it. */
    relation: text("relation", { enum: ["right", "below", "position"] }).notNull(),
    page: integer("page").notNull(),
    /** The value's box as fractions of the page (0..1, y from the top). */
    x: real("x").notNull(),
    y: real("y").notNull(),
    width: real("width").notNull(),
    height: real("height").notNull(),
    learnedFromInvoiceId: text("learned_from_invoice_id").references(() => invoices.id, { onDelete: "set null" }),
    /** "INV-7 on 2026-12-06", kept when the source invoice is gone. */
    learnedFrom: text("learned_from").notNull(),
    learnedBy: text("learned_by").references(() => users.id, { onDelete: "set null" }),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("vendor_memories_ws_vendor_field_idx").on(t.workspaceId, t.vendorId, t.field)],
);

export type VendorFieldMemory = typeof vendorFieldMemories.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLineItem = typeof invoiceLineItems.$inferSelect;
export type Vendor = typeof vendors.$inferSelect;
