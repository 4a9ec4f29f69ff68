import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { documents, type Invoice, invoiceLineItems, invoices } from "@/db/schema";
import { type InvoiceFilter, type InvoiceSort, invoiceOrderBy, invoiceWhere, notNullSortKeys, sortColumn } from "./list";

// The rows behind the Excel/CSV export, streamed in batches.

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
> & {
  filename: string;
  /** The invoice this one may duplicate, as a person finds it: its number and file ("471102 · a.pdf, p. 1"). */
  duplicateOfLabel: string | null;
};

/** Batches of at most `batchSize` rows, in the table's `sort` (newest first unless given). */
export interface ExportOptions {
  batchSize?: number;
  sort?: InvoiceSort;
}

/** The possible original's number, file and page, read in the same workspace (null when there is none). */
const duplicateLabel = sql<string | null>`(
  select concat_ws(' · ', coalesce(o.invoice_number, 'no number'), od.filename || ', p. ' || o.page_start)
  from ${invoices} o join ${documents} od on od.id = o.document_id
  where o.id = ${invoices.duplicateOfId} and o.workspace_id = ${invoices.workspaceId}
)`;

const DEFAULT_SORT: InvoiceSort = { key: "createdAt", dir: "desc" };

/**
 * Every invoice matching the filter in the table's order (`sort`, newest first by default; then id), in batches
 * keyset-paged on (sort column, id), so exports never hold the whole set in memory and the sheet reads like the screen.
 */
export function iterateInvoices(db: Db, f: InvoiceFilter, { batchSize = 2000, sort = DEFAULT_SORT }: ExportOptions = {}): AsyncGenerator<InvoiceExportRow[]> {
  return sortedBatches(sort, batchSize, (after) =>
    db
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
        duplicateOfLabel: duplicateLabel,
        cursor: cursorOf(sort),
      })
      .from(invoices)
      .innerJoin(documents, eq(documents.id, invoices.documentId))
      .where(and(invoiceWhere(f), after))
      .orderBy(invoiceOrderBy(sort), sql`${invoices.id} desc`)
      .limit(batchSize),
  );
}

/**
 * Line items of the invoices matching the filter, in batches of at most `batchSize`: invoice by invoice in the
 * order of the invoices sheet, each invoice's lines together in their order on the document.
 */
export async function* iterateLineItems(db: Db, f: InvoiceFilter, { batchSize = 2000, sort = DEFAULT_SORT }: ExportOptions = {}) {
  const invoiceBatches = sortedBatches(sort, batchSize, (after) =>
    db
      .select({ id: invoices.id, cursor: cursorOf(sort) })
      .from(invoices)
      .where(and(invoiceWhere(f), after))
      .orderBy(invoiceOrderBy(sort), sql`${invoices.id} desc`)
      .limit(batchSize),
  );
  for await (const batch of invoiceBatches) {
    const rank = new Map(batch.map((b, i) => [b.id, i]));
    const lines = await db
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
      .where(and(eq(invoiceLineItems.workspaceId, f.workspaceId), inArray(invoiceLineItems.invoiceId, batch.map((b) => b.id))))
      .orderBy(asc(invoiceLineItems.position), asc(invoiceLineItems.id));
    lines.sort((a, b) => rank.get(a.invoiceId)! - rank.get(b.invoiceId)!);
    for (let i = 0; i < lines.length; i += batchSize) yield lines.slice(i, i + batchSize);
  }
}


/** The sort column's value as text: a timestamp keeps the microseconds a JavaScript Date would drop. */
const cursorOf = (sort: InvoiceSort) => sql<string | null>`${sortColumn[sort.key]}::text`;

/**
 * Rows in batches of `batchSize` in `sort`'s order (nulls last, then id descending, as the table orders them),
 * keyset-paged: `page(after)` returns the next batch after the condition `after` (at most `batchSize`); a short batch
 * is the last. The cursor is the sort column as text, compared as the column's own type.
 */
async function* sortedBatches<T extends { id: string; cursor: string | null }>(
  sort: InvoiceSort,
  batchSize: number,
  page: (after: SQL | undefined) => PromiseLike<T[]>,
): AsyncGenerator<T[]> {
  const col = sortColumn[sort.key];
  const nullable = !notNullSortKeys.has(sort.key);
  let after: SQL | undefined;
  for (;;) {
    const batch = await page(after);
    if (batch.length === 0) return;
    yield batch;
    const last = batch[batch.length - 1];
    if (last.cursor === null) {
      after = sql`(${col} is null and ${invoices.id} < ${last.id})`;
    } else {
      const value = sql`${last.cursor}::${sql.raw(col.getSQLType())}`;
      // written as a range on the column (what an index on it can seek to), then the tie broken on id
      const next =
        sort.dir === "asc"
          ? sql`${col} >= ${value} and (${col} > ${value} or ${invoices.id} < ${last.id})`
          : sql`${col} <= ${value} and (${col} < ${value} or ${invoices.id} < ${last.id})`;
      after = nullable ? sql`((${next}) or ${col} is null)` : sql`(${next})`;
    }
    if (batch.length < batchSize) return;
  }
}

// ---- vendor memory --------------------------------------------------------------------------------
