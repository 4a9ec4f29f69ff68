import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { UserError } from "@/lib/errors";
import type { FieldMemory, VendorMemories } from "@/lib/extraction/memory";
import type { ExtractedInvoice } from "@/lib/extraction/types";
import { approvalBlockers, approvalRefusal } from "@/lib/invoice-approval";
import { invoiceMachine } from "@/lib/status/machines";
import { decideInvoiceStatus, invoiceRules, weakestConfidence, type InvoiceRules, type InvoiceValues } from "@/lib/workspace-settings";
import type { Db } from "../client";
import {
  documents,
  invoiceLineItems,
  invoiceFields,
  invoices,
  vendorFieldMemories,
  vendors,
  workspaces,
  type Invoice,
  type InvoiceField,
  type InvoiceStatus,
} from "../schema";
import { recordAudit } from "./audit";

// Invoices: saving what the extractor found (a machine decision, audited), the review table (server-side
// filters, sort and paging — it must stay fast at 50,000 rows), field edits and status changes (human,
// audited with before → after), and the data behind exports and charts.

export interface LineInput {
  description: string | null;
  quantity: string | number | null;
  unitPrice: string | number | null;
  amount: string | number | null;
}

/** What a reader produced for one invoice (lib/extraction): saved as-is, money as decimal strings. */
export type InvoiceInput = ExtractedInvoice;

export interface ExtractionInput {
  workspaceId: string;
  documentId: string;
  classification: string;
  /** Why it was classed so (shown in Documents). */
  classificationReason?: string | null;
  pages: number;
  text: string | null;
  ocrPages: number[];
  extractor: string;
  tokens?: number | null;
  costUsd?: number | null;
  invoices: InvoiceInput[];
}

export const normalizeVendorName = (name: string) =>
  name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[.,']/g, " ")
    .replace(/\b(s\s*a\s*de\s*c\s*v|s\s*de\s*r\s*l(\s*de\s*c\s*v)?|sa|sas|sarl|gmbh|ag|inc|llc|ltd|limited|corp|co|pvt)\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** "INV-0001", "inv 1" and "No. 001" are the same number; "A-1" and "B-1" are not. */
export const normalizeInvoiceNumberKey = (n: string) =>
  n
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .replace(/^(INVOICE|INV|FACTURA|FACT|FAC|RECHNUNG|FACTURE|NO|NR|NUM|N)(?=\d)/, "")
    .replace(/^0+(?=\d)/, "");

const money = (v: string | number | null | undefined): string | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(String(v).replace(/[^0-9.-]/g, ""));
  return Number.isFinite(n) ? n.toFixed(2) : null;
};
const decimal = (v: string | number | null | undefined, places = 4): string | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n.toFixed(places) : null;
};

/** The workspace's review rules: required fields and the confidence threshold (lib/workspace-settings). */
export async function workspaceInvoiceRules(db: Db, workspaceId: string): Promise<InvoiceRules> {
  const [w] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return invoiceRules(w?.settings?.invoices);
}

const headerValues = (inv: Partial<Record<InvoiceField, string | null>>): InvoiceValues =>
  Object.fromEntries(invoiceFields.map((f) => [f, inv[f] ?? null]));

async function upsertVendor(db: Db, workspaceId: string, name: string | null, taxId: string | null) {
  if (!name) return null;
  const normalizedName = normalizeVendorName(name);
  if (!normalizedName) return null;
  const [row] = await db
    .insert(vendors)
    .values({ workspaceId, name, normalizedName, taxId })
    .onConflictDoUpdate({
      target: [vendors.workspaceId, vendors.normalizedName],
      set: { taxId: sql`coalesce(${vendors.taxId}, excluded.tax_id)` },
    })
    .returning({ id: vendors.id });
  return row.id;
}

/** The earlier invoice this one repeats: same vendor + number, or same vendor + total + issue date. */
async function findDuplicate(
  db: Db,
  q: { workspaceId: string; selfId: string; vendorId: string | null; numberNorm: string | null; total: string | null; issueDate: string | null },
) {
  if (!q.vendorId) return null;
  const byNumber = q.numberNorm ? and(eq(invoices.invoiceNumberNorm, q.numberNorm)) : undefined;
  const byAmountDate = q.total && q.issueDate ? and(eq(invoices.total, q.total), eq(invoices.issueDate, q.issueDate)) : undefined;
  const cond = [byNumber, byAmountDate].filter(Boolean) as SQL[];
  if (cond.length === 0) return null;
  const [dup] = await db
    .select({ id: invoices.id, invoiceNumberNorm: invoices.invoiceNumberNorm })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.vendorId, q.vendorId), ne(invoices.id, q.selfId), or(...cond), ne(invoices.status, "rejected")))
    .orderBy(asc(invoices.createdAt))
    .limit(1);
  if (!dup) return null;
  const reason = q.numberNorm && dup.invoiceNumberNorm === q.numberNorm ? "same vendor and invoice number" : "same vendor, total and date";
  return { id: dup.id, reason };
}

/** Save what the extractor found for a document, replacing an earlier extraction of it. A machine decision: audited. */
export async function saveExtraction(db: Db, x: ExtractionInput) {
  const createdIds: string[] = [];
  const rules = await workspaceInvoiceRules(db, x.workspaceId);
  await db.delete(invoices).where(and(eq(invoices.workspaceId, x.workspaceId), eq(invoices.documentId, x.documentId)));
  for (const inv of x.invoices) {
    const vendorId = await upsertVendor(db, x.workspaceId, inv.vendorName, inv.vendorTaxId);
    const numberNorm = inv.invoiceNumber ? normalizeInvoiceNumberKey(inv.invoiceNumber) : null;
    const total = money(inv.total);
    const id = crypto.randomUUID();
    const dup = await findDuplicate(db, { workspaceId: x.workspaceId, selfId: id, vendorId, numberNorm, total, issueDate: inv.issueDate });
    const issues = [...inv.issues];
    const confidence = { ...inv.confidence };
    if (dup) issues.push({ field: "invoiceNumber", code: "duplicate", message: `Possible duplicate (${dup.reason}).` });
    const values = headerValues({ ...inv, subtotal: money(inv.subtotal), taxAmount: money(inv.taxAmount), total });
    const status = decideInvoiceStatus({ values, confidence, issues, duplicateOfId: dup?.id ?? null }, rules);
    await db.insert(invoices).values({
      id,
      workspaceId: x.workspaceId,
      documentId: x.documentId,
      pageStart: inv.pageStart,
      pageEnd: inv.pageEnd,
      kind: inv.kind,
      status,
      vendorId,
      invoiceNumber: inv.invoiceNumber,
      invoiceNumberNorm: numberNorm,
      issueDate: inv.issueDate,
      dueDate: inv.dueDate,
      vendorName: inv.vendorName,
      vendorTaxId: inv.vendorTaxId,
      vendorAddress: inv.vendorAddress,
      billToName: inv.billToName,
      currency: inv.currency,
      subtotal: money(inv.subtotal),
      taxAmount: money(inv.taxAmount),
      total,
      confidence,
      fieldSources: inv.sources ?? {},
      learnedNotes: inv.learned ?? {},
      paid: inv.paid ?? false,
      minConfidence: weakestConfidence({ values, confidence }, rules).toFixed(3),
      issues,
      duplicateOfId: dup?.id ?? null,
      duplicateReason: dup?.reason ?? null,
      extractor: x.extractor,
      tokens: x.tokens ?? null,
      costUsd: x.costUsd != null ? x.costUsd.toFixed(6) : null,
    });
    if (inv.lineItems.length) {
      await db.insert(invoiceLineItems).values(
        inv.lineItems.map((l, i) => ({
          workspaceId: x.workspaceId,
          invoiceId: id,
          position: i,
          description: l.description ?? "",
          quantity: decimal(l.quantity),
          unitPrice: decimal(l.unitPrice),
          amount: money(l.amount),
        })),
      );
    }
    createdIds.push(id);
    await recordAudit(db, {
      workspaceId: x.workspaceId,
      actorId: null,
      action: "invoice.extracted",
      entityType: "invoice",
      entityId: id,
      after: { status, invoiceNumber: inv.invoiceNumber, vendorName: inv.vendorName, total, currency: inv.currency, extractor: x.extractor, duplicateOf: dup?.id ?? null },
    });
  }
  const statuses = await db.select({ status: invoices.status }).from(invoices).where(inArray(invoices.id, createdIds.length ? createdIds : ["-"]));
  const docStatus = statuses.some((s) => s.status === "needs_review") ? "needs_review" : "ready";
  await db
    .update(documents)
    .set({
      status: docStatus,
      error: null,
      classification: x.classification,
      classificationReason: x.classificationReason ?? null,
      pages: x.pages,
      text: x.text,
      ocrPages: x.ocrPages,
      processedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(documents.workspaceId, x.workspaceId), eq(documents.id, x.documentId)));
  await recordAudit(db, {
    workspaceId: x.workspaceId,
    actorId: null,
    action: "document.processed",
    entityType: "document",
    entityId: x.documentId,
    after: { classification: x.classification, invoices: createdIds.length, pages: x.pages, ocrPages: x.ocrPages, status: docStatus },
  });
  return { invoiceIds: createdIds, documentStatus: docStatus };
}

// ---- the review table ---------------------------------------------------------------------------

export interface InvoiceFilter {
  workspaceId: string;
  status?: InvoiceStatus;
  vendor?: string;
  currency?: string;
  from?: string;
  to?: string;
  /** Only invoices whose weakest field is below this confidence. */
  maxConfidence?: number;
  minConfidence?: number;
  duplicate?: boolean;
  q?: string;
}

export const invoiceSortKeys = ["createdAt", "issueDate", "vendorName", "total", "minConfidence", "invoiceNumber", "status"] as const;
export type InvoiceSort = { key: (typeof invoiceSortKeys)[number]; dir: "asc" | "desc" };

export function invoiceWhere(f: InvoiceFilter): SQL {
  const w: SQL[] = [eq(invoices.workspaceId, f.workspaceId)];
  if (f.status) w.push(eq(invoices.status, f.status));
  if (f.vendor) w.push(ilike(invoices.vendorName, `%${f.vendor}%`));
  if (f.currency) w.push(eq(invoices.currency, f.currency));
  if (f.from) w.push(gte(invoices.issueDate, f.from));
  if (f.to) w.push(lte(invoices.issueDate, f.to));
  if (f.maxConfidence !== undefined) w.push(sql`${invoices.minConfidence} < ${f.maxConfidence}`);
  if (f.minConfidence !== undefined) w.push(sql`${invoices.minConfidence} >= ${f.minConfidence}`);
  if (f.duplicate === true) w.push(isNotNull(invoices.duplicateOfId));
  if (f.duplicate === false) w.push(isNull(invoices.duplicateOfId));
  if (f.q) w.push(or(ilike(invoices.invoiceNumber, `%${f.q}%`), ilike(invoices.vendorName, `%${f.q}%`))!);
  return and(...w)!;
}

const sortColumn = {
  createdAt: invoices.createdAt,
  issueDate: invoices.issueDate,
  vendorName: invoices.vendorName,
  total: invoices.total,
  minConfidence: invoices.minConfidence,
  invoiceNumber: invoices.invoiceNumber,
  status: invoices.status,
} as const;

// Columns that are never null: ordered without "nulls last", which would stop PostgreSQL from reading the
// (workspace, created_at) and (workspace, status, created_at) indexes backwards and make it sort every row instead.
const notNullSortKeys = new Set<InvoiceSort["key"]>(["createdAt", "status"]);

function orderBy(sort: InvoiceSort) {
  const col = sortColumn[sort.key];
  if (notNullSortKeys.has(sort.key)) return sort.dir === "asc" ? sql`${col} asc` : sql`${col} desc`;
  return sort.dir === "asc" ? sql`${col} asc nulls last` : sql`${col} desc nulls last`;
}

export async function listInvoices(db: Db, f: InvoiceFilter, opts: { sort?: InvoiceSort; page?: number; pageSize?: number } = {}) {
  const sort = opts.sort ?? { key: "createdAt", dir: "desc" };
  const pageSize = Math.min(opts.pageSize ?? 50, 500);
  const page = Math.max(0, opts.page ?? 0);
  const where = invoiceWhere(f);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: invoices.id,
        status: invoices.status,
        kind: invoices.kind,
        invoiceNumber: invoices.invoiceNumber,
        vendorName: invoices.vendorName,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        currency: invoices.currency,
        total: invoices.total,
        minConfidence: invoices.minConfidence,
        duplicateOfId: invoices.duplicateOfId,
        issueCount: sql<number>`jsonb_array_length(${invoices.issues})`,
        documentId: invoices.documentId,
        createdAt: invoices.createdAt,
      })
      .from(invoices)
      .where(where)
      .orderBy(orderBy(sort), desc(invoices.id))
      .limit(pageSize)
      .offset(page * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(invoices).where(where),
  ]);
  return { rows, total, page, pageSize };
}

export async function getInvoice(db: Db, q: { workspaceId: string; id: string }) {
  const [inv] = await db.select().from(invoices).where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.id, q.id)));
  if (!inv) return null;
  const [lines, [doc], duplicates] = await Promise.all([
    db.select().from(invoiceLineItems).where(and(eq(invoiceLineItems.workspaceId, q.workspaceId), eq(invoiceLineItems.invoiceId, inv.id))).orderBy(asc(invoiceLineItems.position)),
    db
      .select({ id: documents.id, filename: documents.filename, pages: documents.pages, contentType: documents.contentType, classification: documents.classification, ocrPages: documents.ocrPages })
      .from(documents)
      .where(and(eq(documents.workspaceId, q.workspaceId), eq(documents.id, inv.documentId))),
    db
      .select({ id: invoices.id, invoiceNumber: invoices.invoiceNumber, status: invoices.status })
      .from(invoices)
      .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.duplicateOfId, inv.id))),
  ]);
  const original = inv.duplicateOfId
    ? (
        await db
          .select({ id: invoices.id, invoiceNumber: invoices.invoiceNumber, documentId: invoices.documentId, createdAt: invoices.createdAt })
          .from(invoices)
          .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.id, inv.duplicateOfId)))
      )[0] ?? null
    : null;
  return { ...inv, lines, document: doc ?? null, duplicates, original };
}

/** Neighbouring invoices in the review queue (for next/previous with the keyboard). */
export async function reviewNeighbours(db: Db, q: { workspaceId: string; id: string; createdAt: Date }) {
  const base = and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.status, "needs_review"), ne(invoices.id, q.id));
  const [next] = await db.select({ id: invoices.id }).from(invoices).where(and(base, sql`${invoices.createdAt} <= ${q.createdAt}`)).orderBy(desc(invoices.createdAt)).limit(1);
  const [prev] = await db.select({ id: invoices.id }).from(invoices).where(and(base, sql`${invoices.createdAt} > ${q.createdAt}`)).orderBy(asc(invoices.createdAt)).limit(1);
  return { next: next?.id ?? null, prev: prev?.id ?? null };
}

// ---- human edits ---------------------------------------------------------------------------------

const fieldColumn: Record<InvoiceField, keyof Invoice> = {
  invoiceNumber: "invoiceNumber",
  issueDate: "issueDate",
  dueDate: "dueDate",
  vendorName: "vendorName",
  vendorTaxId: "vendorTaxId",
  vendorAddress: "vendorAddress",
  billToName: "billToName",
  currency: "currency",
  subtotal: "subtotal",
  taxAmount: "taxAmount",
  total: "total",
};

export type Validator = (
  inv: Invoice & { lines: { description: string; quantity: string | null; unitPrice: string | null; amount: string | null }[] },
) => { field: string; code: string; message: string }[];

/** Normalise a value typed by a person for a field, or explain why it is not acceptable. */
export function parseFieldValue(field: InvoiceField, raw: string | null): string | null {
  const v = raw?.trim() ?? "";
  if (v === "") return null;
  if (field === "issueDate" || field === "dueDate") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new UserError(`${field}: use a date like 2024-03-05.`);
    return v;
  }
  if (field === "currency") {
    if (!/^[A-Za-z]{3}$/.test(v)) throw new UserError("currency: use a 3-letter ISO 4217 code such as MXN, USD or EUR.");
    return v.toUpperCase();
  }
  if (field === "subtotal" || field === "taxAmount" || field === "total") {
    const n = Number(v.replace(/[\s,]/g, ""));
    if (!Number.isFinite(n)) throw new UserError(`${field}: "${v}" is not an amount; type it like 1234.56.`);
    return n.toFixed(2);
  }
  return v;
}

async function loadForValidation(db: Db, workspaceId: string, id: string) {
  const [inv] = await db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.id, id)));
  if (!inv) throw new UserError("No such invoice in this workspace.", "not_found");
  const lines = await db
    .select({ description: invoiceLineItems.description, quantity: invoiceLineItems.quantity, unitPrice: invoiceLineItems.unitPrice, amount: invoiceLineItems.amount })
    .from(invoiceLineItems)
    .where(eq(invoiceLineItems.invoiceId, id))
    .orderBy(asc(invoiceLineItems.position));
  return { ...inv, lines };
}

export async function updateInvoiceField(
  db: Db,
  q: { workspaceId: string; actorId: string; id: string; field: InvoiceField; value: string | null; validate: Validator },
) {
  const before = await loadForValidation(db, q.workspaceId, q.id);
  if (before.status === "approved" || before.status === "rejected") {
    throw new UserError(`This invoice is ${before.status}; reopen it before editing.`, "conflict");
  }
  const value = parseFieldValue(q.field, q.value);
  const col = fieldColumn[q.field];
  const oldValue = before[col] as string | null;
  if (oldValue === value) return { changed: false };
  const patch: Partial<Invoice> = { [col]: value } as Partial<Invoice>;
  if (q.field === "invoiceNumber") patch.invoiceNumberNorm = value ? normalizeInvoiceNumberKey(value) : null;
  if (q.field === "vendorName") patch.vendorId = await upsertVendor(db, q.workspaceId, value, before.vendorTaxId);
  const confidence = { ...before.confidence, [q.field]: 1 };
  const merged = { ...before, ...patch, confidence };
  const issues = q.validate(merged).concat(before.duplicateOfId ? before.issues.filter((i) => i.code === "duplicate") : []);
  const edited = Array.from(new Set([...before.editedFields, q.field]));
  const rules = await workspaceInvoiceRules(db, q.workspaceId);
  const decided = { values: headerValues(merged), confidence, editedFields: edited, issues, duplicateOfId: before.duplicateOfId };
  const status = decideInvoiceStatus(decided, rules);
  await db
    .update(invoices)
    .set({ ...patch, status, confidence, minConfidence: weakestConfidence(decided, rules).toFixed(3), issues, editedFields: edited, updatedAt: new Date() })
    .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.id, q.id)));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "invoice.field_edited",
    entityType: "invoice",
    entityId: q.id,
    before: { [q.field]: oldValue, confidence: before.confidence[q.field] ?? null, ...(status !== before.status && { status: before.status }) },
    after: { [q.field]: value, ...(status !== before.status && { status }) },
  });
  return { changed: true, issues };
}

export async function replaceLineItems(
  db: Db,
  q: { workspaceId: string; actorId: string; id: string; lines: LineInput[]; validate: Validator },
) {
  const before = await loadForValidation(db, q.workspaceId, q.id);
  if (before.status === "approved" || before.status === "rejected") throw new UserError(`This invoice is ${before.status}; reopen it before editing.`, "conflict");
  const oldLines = await db.select().from(invoiceLineItems).where(eq(invoiceLineItems.invoiceId, q.id)).orderBy(asc(invoiceLineItems.position));
  const rows = q.lines.map((l, i) => ({
    workspaceId: q.workspaceId,
    invoiceId: q.id,
    position: i,
    description: (l.description ?? "").trim(),
    quantity: decimal(l.quantity),
    unitPrice: decimal(l.unitPrice),
    amount: money(l.amount),
  }));
  await db.delete(invoiceLineItems).where(eq(invoiceLineItems.invoiceId, q.id));
  if (rows.length) await db.insert(invoiceLineItems).values(rows);
  const issues = q.validate({ ...before, lines: rows }).concat(before.issues.filter((i) => i.code === "duplicate"));
  const editedFields = Array.from(new Set([...before.editedFields, "lineItems"]));
  const rules = await workspaceInvoiceRules(db, q.workspaceId);
  const status = decideInvoiceStatus({ values: headerValues(before), confidence: before.confidence, editedFields, issues, duplicateOfId: before.duplicateOfId }, rules);
  await db
    .update(invoices)
    .set({ status, issues, editedFields, updatedAt: new Date() })
    .where(eq(invoices.id, q.id));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "invoice.lines_edited",
    entityType: "invoice",
    entityId: q.id,
    before: oldLines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount })),
    after: rows.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount })),
  });
  return { issues };
}

export async function setInvoiceStatus(
  db: Db,
  q: { workspaceId: string; actorId: string; id: string; to: InvoiceStatus; override?: { reason: string } },
) {
  const [inv] = await db
    .select({ status: invoices.status, issues: invoices.issues, duplicateOfId: invoices.duplicateOfId })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.id, q.id)));
  if (!inv) throw new UserError("No such invoice in this workspace.", "not_found");
  if (inv.status === q.to) return;
  if (!invoiceMachine.can(inv.status, q.to)) {
    throw new UserError(`An invoice that is ${invoiceMachine.labels[inv.status]} cannot become ${invoiceMachine.labels[q.to]}.`, "conflict");
  }
  const blockers = q.to === "approved" ? approvalBlockers(inv) : [];
  const reason = q.override?.reason.trim() ?? "";
  if (blockers.length && !reason) throw new UserError(approvalRefusal(blockers), "conflict");
  const reviewed = q.to === "approved" || q.to === "rejected";
  await db
    .update(invoices)
    .set({ status: q.to, reviewedBy: reviewed ? q.actorId : null, reviewedAt: reviewed ? new Date() : null, updatedAt: new Date() })
    .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.id, q.id)));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: `invoice.${q.to === "needs_review" ? "reopened" : q.to}`,
    entityType: "invoice",
    entityId: q.id,
    before: { status: inv.status },
    after: blockers.length ? { status: q.to, approvedDespite: blockers.map((b) => b.message), reason } : { status: q.to },
  });
}

/** Approve every "ready" invoice at or above a confidence, optionally limited to given ids. Returns how many. */
export async function bulkApprove(db: Db, q: { workspaceId: string; actorId: string; minConfidence: number; ids?: string[] }) {
  const where = and(
    eq(invoices.workspaceId, q.workspaceId),
    eq(invoices.status, "ready"),
    sql`${invoices.minConfidence} >= ${q.minConfidence}`,
    // the same rule as a single approval (lib/invoice-approval): no failed check, no suspected duplicate
    isNull(invoices.duplicateOfId),
    sql`jsonb_array_length(${invoices.issues}) = 0`,
    q.ids ? inArray(invoices.id, q.ids.length ? q.ids : ["-"]) : undefined,
  );
  const approved = await db
    .update(invoices)
    .set({ status: "approved", reviewedBy: q.actorId, reviewedAt: new Date(), updatedAt: new Date() })
    .where(where)
    .returning({ id: invoices.id });
  for (const a of approved) {
    await recordAudit(db, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "invoice.approved",
      entityType: "invoice",
      entityId: a.id,
      before: { status: "ready" },
      after: { status: "approved", bulk: true, minConfidence: q.minConfidence },
    });
  }
  return approved.length;
}

// ---- charts -----------------------------------------------------------------------------------------

export async function invoiceCharts(db: Db, q: { workspaceId: string; since: string }) {
  const ws = eq(invoices.workspaceId, q.workspaceId);
  const [byVendor, byMonth, statusShare, confidence] = await Promise.all([
    db
      .select({ vendor: invoices.vendorName, currency: invoices.currency, total: sql<string>`sum(${invoices.total})::text` })
      .from(invoices)
      .where(and(ws, ne(invoices.status, "rejected"), isNotNull(invoices.total)))
      .groupBy(invoices.vendorName, invoices.currency)
      .orderBy(sql`sum(${invoices.total}) desc`)
      .limit(12),
    db
      .select({ month: sql<string>`to_char(${invoices.issueDate}, 'YYYY-MM')`, currency: invoices.currency, total: sql<string>`sum(${invoices.total})::text` })
      .from(invoices)
      .where(and(ws, ne(invoices.status, "rejected"), isNotNull(invoices.issueDate), gte(invoices.issueDate, q.since)))
      .groupBy(sql`1`, invoices.currency)
      .orderBy(sql`1`),
    db.select({ status: invoices.status, n: sql<number>`count(*)::int` }).from(invoices).where(ws).groupBy(invoices.status),
    db
      .select({ bucket: sql<number>`least(floor(${invoices.minConfidence} * 10), 9)::int`, n: sql<number>`count(*)::int` })
      .from(invoices)
      .where(ws)
      .groupBy(sql`1`)
      .orderBy(sql`1`),
  ]);
  return { byVendor, byMonth, statusShare, confidence };
}

// ---- export ----------------------------------------------------------------------------------------

export type InvoiceExportRow = Pick<
  Invoice,
  | "id"
  | "status"
  | "kind"
  | "invoiceNumber"
  | "issueDate"
  | "dueDate"
  | "vendorName"
  | "vendorTaxId"
  | "billToName"
  | "currency"
  | "subtotal"
  | "taxAmount"
  | "total"
  | "minConfidence"
  | "duplicateOfId"
  | "documentId"
  | "pageStart"
  | "pageEnd"
  | "createdAt"
> & { filename: string };

/** Every invoice matching the filter, in batches (keyset on id), so exports never hold the whole set in memory. */
export async function* iterateInvoices(db: Db, f: InvoiceFilter, batchSize = 2000): AsyncGenerator<InvoiceExportRow[]> {
  let after = "";
  for (;;) {
    const batch = await db
      .select({
        id: invoices.id,
        status: invoices.status,
        kind: invoices.kind,
        invoiceNumber: invoices.invoiceNumber,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        vendorName: invoices.vendorName,
        vendorTaxId: invoices.vendorTaxId,
        billToName: invoices.billToName,
        currency: invoices.currency,
        subtotal: invoices.subtotal,
        taxAmount: invoices.taxAmount,
        total: invoices.total,
        minConfidence: invoices.minConfidence,
        duplicateOfId: invoices.duplicateOfId,
        documentId: invoices.documentId,
        pageStart: invoices.pageStart,
        pageEnd: invoices.pageEnd,
        createdAt: invoices.createdAt,
        filename: documents.filename,
      })
      .from(invoices)
      .innerJoin(documents, eq(documents.id, invoices.documentId))
      .where(and(invoiceWhere(f), sql`${invoices.id} > ${after}`))
      .orderBy(asc(invoices.id))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1].id;
    if (batch.length < batchSize) return;
  }
}

/** Line items of the invoices matching the filter, in batches, with their invoice number for the sheet. */
export async function* iterateLineItems(db: Db, f: InvoiceFilter, batchSize = 5000) {
  let after = "";
  for (;;) {
    const batch = await db
      .select({
        id: invoiceLineItems.id,
        invoiceId: invoiceLineItems.invoiceId,
        invoiceNumber: invoices.invoiceNumber,
        vendorName: invoices.vendorName,
        position: invoiceLineItems.position,
        description: invoiceLineItems.description,
        quantity: invoiceLineItems.quantity,
        unitPrice: invoiceLineItems.unitPrice,
        amount: invoiceLineItems.amount,
        currency: invoices.currency,
      })
      .from(invoiceLineItems)
      .innerJoin(invoices, eq(invoices.id, invoiceLineItems.invoiceId))
      .where(and(invoiceWhere(f), sql`${invoiceLineItems.id} > ${after}`))
      .orderBy(asc(invoiceLineItems.id))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1].id;
    if (batch.length < batchSize) return;
  }
}

// ---- vendor memory --------------------------------------------------------------------------------

/** Every active vendor memory of the workspace, grouped by vendor (what the reader is given). */
export async function loadVendorMemories(db: Db, q: { workspaceId: string }): Promise<VendorMemories[]> {
  const rows = await db
    .select({ m: vendorFieldMemories, vendorName: vendors.name, taxId: vendors.taxId })
    .from(vendorFieldMemories)
    .innerJoin(vendors, and(eq(vendors.id, vendorFieldMemories.vendorId), eq(vendors.workspaceId, q.workspaceId)))
    .where(and(eq(vendorFieldMemories.workspaceId, q.workspaceId), eq(vendorFieldMemories.active, true)));
  const byVendor = new Map<string, VendorMemories>();
  for (const r of rows) {
    const v = byVendor.get(r.m.vendorId) ?? { vendorName: r.vendorName, taxId: r.taxId, memories: [] };
    v.memories.push({ field: r.m.field as FieldMemory["field"], label: r.m.label, relation: r.m.relation, page: r.m.page, x: r.m.x, y: r.m.y, width: r.m.width, height: r.m.height, note: `learned from your correction of ${r.m.learnedFrom}` });
    byVendor.set(r.m.vendorId, v);
  }
  return [...byVendor.values()];
}

/** Remember (or replace) where a vendor's field is, from a reviewer's correction. Audited. */
export async function rememberVendorField(
  db: Db,
  q: { workspaceId: string; actorId: string; vendorId: string; invoiceId: string; learnedFrom: string; memory: FieldMemory },
) {
  const m = q.memory;
  const values = { label: m.label, relation: m.relation, page: m.page, x: m.x, y: m.y, width: m.width, height: m.height, learnedFromInvoiceId: q.invoiceId, learnedFrom: q.learnedFrom, learnedBy: q.actorId, active: true, createdAt: new Date() };
  await db
    .insert(vendorFieldMemories)
    .values({ workspaceId: q.workspaceId, vendorId: q.vendorId, field: m.field, ...values })
    .onConflictDoUpdate({ target: [vendorFieldMemories.workspaceId, vendorFieldMemories.vendorId, vendorFieldMemories.field], set: values });
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "vendor.field_learned",
    entityType: "vendor",
    entityId: q.vendorId,
    after: { field: m.field, label: m.label, position: m.relation, learnedFrom: q.learnedFrom },
  });
}

/** The workspace's vendors with a tax ID, for matching a seller's tax ID on a new invoice. */
export async function knownVendors(db: Db, q: { workspaceId: string }) {
  return db
    .select({ name: vendors.name, taxId: vendors.taxId })
    .from(vendors)
    .where(and(eq(vendors.workspaceId, q.workspaceId), isNotNull(vendors.taxId)))
    .orderBy(asc(vendors.createdAt))
    .limit(20_000);
}
