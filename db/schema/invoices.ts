import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { headerFields } from "@/lib/extraction/types";
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

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLineItem = typeof invoiceLineItems.$inferSelect;
export type Vendor = typeof vendors.$inferSelect;
