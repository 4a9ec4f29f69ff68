import { and, asc, desc, eq, gte, ilike, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { documents, invoiceLineItems, invoices, type InvoiceStatus } from "@/db/schema";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { boundedCountSql, boundedTotal, COUNT_AHEAD } from "../bounded-count";

// The review table: server-side filters, sort and paging (it must stay fast at 50,000 rows), and one invoice.

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

export const sortColumn = {
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
export const notNullSortKeys = new Set<InvoiceSort["key"]>(["createdAt", "status"]);

export function invoiceOrderBy(sort: InvoiceSort) {
  const col = sortColumn[sort.key];
  if (notNullSortKeys.has(sort.key)) return sort.dir === "asc" ? sql`${col} asc` : sql`${col} desc`;
  return sort.dir === "asc" ? sql`${col} asc nulls last` : sql`${col} desc nulls last`;
}

/** One row of the review table, as `listInvoices` returns it. */
export interface InvoiceListRow {
  id: string;
  status: InvoiceStatus;
  kind: string;
  invoiceNumber: string | null;
  vendorName: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string | null;
  total: string | null;
  minConfidence: string;
  duplicateOfId: string | null;
  issueCount: number;
  documentId: string;
  createdAt: Date;
}

/** What each field of `InvoiceListRow` is read from (numerics as text, as they read everywhere else). */
const listColumns: Record<keyof InvoiceListRow, SQL | AnyPgColumn> = {
  id: invoices.id,
  status: invoices.status,
  kind: invoices.kind,
  invoiceNumber: invoices.invoiceNumber,
  vendorName: invoices.vendorName,
  issueDate: invoices.issueDate,
  dueDate: invoices.dueDate,
  currency: invoices.currency,
  total: sql`${invoices.total}::text`,
  minConfidence: sql`${invoices.minConfidence}::text`,
  duplicateOfId: invoices.duplicateOfId,
  issueCount: sql`jsonb_array_length(${invoices.issues})`,
  documentId: invoices.documentId,
  createdAt: invoices.createdAt,
};

/**
 * One page of the review table and the number of invoices the filter matches (exact up to `countAhead` rows past the
 * page, db/queries/bounded-count.ts) — with `withInFlight`, also the
 * workspace's documents still being read — in one statement and one round trip. The page's rows come back as a single
 * JSON value (numbers as text, as the numeric columns read everywhere else), so neither the driver nor the ORM maps
 * them field by field: on the list page that was three queries and ~1 ms of server CPU more.
 */
export async function listInvoices(
  db: Db,
  f: InvoiceFilter,
  opts: { sort?: InvoiceSort; page?: number; pageSize?: number; withInFlight?: boolean; countAhead?: number } = {},
): Promise<{ rows: InvoiceListRow[]; total: number; totalExact: boolean; page: number; pageSize: number; inFlight: number }> {
  const sort = opts.sort ?? { key: "createdAt", dir: "desc" };
  const pageSize = Math.min(opts.pageSize ?? 50, 500);
  const page = Math.max(0, opts.page ?? 0);
  const where = invoiceWhere(f);
  const offset = page * pageSize;
  const ahead = opts.countAhead ?? COUNT_AHEAD;
  const pageRows = sql`select ${sql.join(
    Object.entries(listColumns).map(([name, value]) => sql`${value} as ${sql.identifier(name)}`),
    sql`, `,
  )}
    from ${invoices} where ${where} order by ${invoiceOrderBy(sort)}, ${invoices.id} desc limit ${pageSize} offset ${offset}`;
  const inFlight = opts.withInFlight
    ? sql`(select count(*)::int from ${documents} where ${documents.workspaceId} = ${f.workspaceId} and ${documents.status} in ('queued', 'processing'))`
    : sql`0`;
  // json_agg reads the sorted, limited subquery in its order (nothing between them could reorder it)
  const [found] = rows<{ total: number; inFlight: number; rows: (Omit<InvoiceListRow, "createdAt"> & { createdAt: string })[] }>(
    await db.execute(sql`select ${boundedCountSql(sql`${invoices}`, where, offset, ahead)} as total, ${inFlight} as "inFlight",
      coalesce((select json_agg(p) from (${pageRows}) p), '[]'::json) as rows`),
  );
  const counted = boundedTotal(found.total, offset, ahead);
  return {
    rows: found.rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
    total: counted.total,
    totalExact: counted.exact,
    page,
    pageSize,
    inFlight: found.inFlight,
  };
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
