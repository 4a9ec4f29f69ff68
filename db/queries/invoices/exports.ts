import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { documents, type Invoice, invoiceLineItems, invoices } from "@/db/schema";
import { type InvoiceFilter, invoiceWhere } from "./list";

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
> & { filename: string };

/**
 * Every invoice matching the filter in the table's default order (newest first, then id), in batches keyset-paged
 * on (created_at, id), so exports never hold the whole set in memory and the sheet reads like the screen.
 */
export function iterateInvoices(db: Db, f: InvoiceFilter, batchSize = 2000): AsyncGenerator<InvoiceExportRow[]> {
  return newestFirstBatches(batchSize, (after) =>
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
        cursor: sql<string>`${invoices.createdAt}::text`,
      })
      .from(invoices)
      .innerJoin(documents, eq(documents.id, invoices.documentId))
      .where(and(invoiceWhere(f), after))
      .orderBy(desc(invoices.createdAt), desc(invoices.id))
      .limit(batchSize),
  );
}

/**
 * Line items of the invoices matching the filter, in batches of at most `batchSize`: invoice by invoice in the
 * order of the invoices sheet, each invoice's lines together in their order on the document.
 */
export async function* iterateLineItems(db: Db, f: InvoiceFilter, batchSize = 2000) {
  const invoiceBatches = newestFirstBatches(batchSize, (after) =>
    db
      .select({ id: invoices.id, cursor: sql<string>`${invoices.createdAt}::text` })
      .from(invoices)
      .where(and(invoiceWhere(f), after))
      .orderBy(desc(invoices.createdAt), desc(invoices.id))
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

/**
 * Rows in batches of `batchSize`, newest first, keyset-paged on (created_at, id): `page(after)` returns the next batch
 * after the condition `after` (at most `batchSize`); a short batch is the last. The cursor is created_at as text, so
 * the microseconds a JavaScript Date would drop cannot skip or repeat a row.
 */
async function* newestFirstBatches<T extends { id: string; cursor: string }>(batchSize: number, page: (after: SQL | undefined) => PromiseLike<T[]>): AsyncGenerator<T[]> {
  let after: SQL | undefined;
  for (;;) {
    const batch = await page(after);
    if (batch.length === 0) return;
    yield batch;
    const last = batch[batch.length - 1];
    after = sql`(${invoices.createdAt}, ${invoices.id}) < (${last.cursor}::timestamptz, ${last.id})`;
    if (batch.length < batchSize) return;
  }
}

// ---- vendor memory --------------------------------------------------------------------------------
