import { and, asc, eq, sql } from "drizzle-orm";
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

/** Every invoice matching the filter, in batches (keyset on id), so exports never hold the whole set in memory. */
export function iterateInvoices(db: Db, f: InvoiceFilter, batchSize = 2000): AsyncGenerator<InvoiceExportRow[]> {
  return keysetBatches(batchSize, (after) =>
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
      })
      .from(invoices)
      .innerJoin(documents, eq(documents.id, invoices.documentId))
      .where(and(invoiceWhere(f), sql`${invoices.id} > ${after}`))
      .orderBy(asc(invoices.id))
      .limit(batchSize),
  );
}

/** Line items of the invoices matching the filter, in batches, with their invoice number for the sheet. */
export function iterateLineItems(db: Db, f: InvoiceFilter, batchSize = 5000) {
  return keysetBatches(batchSize, (after) =>
    db
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
      .limit(batchSize),
  );
}

/**
 * Rows in batches of `batchSize`, keyset-paged on their text id: `page(after)` returns the next batch of ids greater
 * than `after` (ordered by id, at most `batchSize`); a short batch is the last.
 */
async function* keysetBatches<T extends { id: string }>(batchSize: number, page: (after: string) => PromiseLike<T[]>): AsyncGenerator<T[]> {
  let after = "";
  for (;;) {
    const batch = await page(after);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1].id;
    if (batch.length < batchSize) return;
  }
}

// ---- vendor memory --------------------------------------------------------------------------------
