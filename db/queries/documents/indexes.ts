import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../client";
import { documentIndexes, documents, invoices, messageDocuments, messages, type KeyFact, type SummarySentence } from "../../schema";

// A document's index state as the user sees it: pending → indexing (pages done / total) → indexed | failed.

export async function loadDocumentForIndex(db: Db, q: { workspaceId: string; documentId: string }) {
  const [row] = await db
    .select({
      id: documents.id,
      sha256: documents.sha256,
      filename: documents.filename,
      contentType: documents.contentType,
      blobKey: documents.blobKey,
      text: documents.text,
      pages: documents.pages,
      ocrPages: documents.ocrPages,
      classification: documents.classification,
      status: documents.status,
      indexState: documentIndexes.state,
      indexedSha: documentIndexes.sha256,
    })
    .from(documents)
    .leftJoin(documentIndexes, eq(documentIndexes.documentId, documents.id))
    .where(and(eq(documents.workspaceId, q.workspaceId), eq(documents.id, q.documentId)));
  return row ?? null;
}

/** Invoice fields read from a document (e-invoice XML or layout), to index as field passages. */
export async function listDocumentInvoiceFields(db: Db, q: { workspaceId: string; documentId: string }) {
  return db
    .select({
      pageStart: invoices.pageStart,
      invoiceNumber: invoices.invoiceNumber,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      vendorName: invoices.vendorName,
      vendorTaxId: invoices.vendorTaxId,
      billToName: invoices.billToName,
      currency: invoices.currency,
      total: invoices.total,
    })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.documentId, q.documentId)));
}

export async function markIndexState(
  db: Db,
  q: { workspaceId: string; documentId: string; state: "pending" | "indexing" | "failed"; error?: string | null; pages?: number; pagesDone?: number },
) {
  const now = new Date();
  const set = {
    state: q.state,
    error: q.error ?? null,
    updatedAt: now,
    ...(q.pages !== undefined ? { pages: q.pages } : {}),
    ...(q.pagesDone !== undefined ? { pagesDone: q.pagesDone } : {}),
    ...(q.state === "indexing" ? { startedAt: now } : {}),
  };
  await db
    .insert(documentIndexes)
    .values({ documentId: q.documentId, workspaceId: q.workspaceId, ...set })
    .onConflictDoUpdate({ target: documentIndexes.documentId, set, setWhere: sql`${documentIndexes.workspaceId} = ${q.workspaceId}` });
}

export async function setIndexProgress(db: Db, q: { workspaceId: string; documentId: string; pagesDone: number }) {
  await db
    .update(documentIndexes)
    .set({ pagesDone: q.pagesDone, updatedAt: new Date() })
    .where(and(eq(documentIndexes.workspaceId, q.workspaceId), eq(documentIndexes.documentId, q.documentId)));
}

export async function finishIndex(
  db: Db,
  q: { workspaceId: string; documentId: string; sha256: string; sources: string[]; language: string; pages: number; chunks: number; tokens: number; summary: SummarySentence[]; summaryBy: { engine: "extractive" | "openai"; model: string | null }; summaryDropped: number; summaryTokens: number | null; summaryCostUsd: number | null; facts: KeyFact[]; docClass: string; classReasons: string[]; embedded?: boolean },
) {
  await db
    .update(documentIndexes)
    .set({
      state: "indexed",
      error: null,
      sha256: q.sha256,
      sources: q.sources,
      language: q.language,
      pages: q.pages,
      pagesDone: q.pages,
      chunks: q.chunks,
      tokens: q.tokens,
      summary: q.summary,
      summaryEngine: q.summaryBy.engine,
      summaryModel: q.summaryBy.model,
      summaryDropped: q.summaryDropped,
      summaryTokens: q.summaryTokens,
      summaryCostUsd: q.summaryCostUsd === null ? null : q.summaryCostUsd.toFixed(6),
      facts: q.facts,
      docClass: q.docClass,
      classReasons: q.classReasons,
      embedded: q.embedded ?? false,
      indexedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(documentIndexes.workspaceId, q.workspaceId), eq(documentIndexes.documentId, q.documentId)));
}

/** The emails a document arrived with (subject, sender, body), to index their text with it. */
export async function listDocumentEmails(db: Db, q: { workspaceId: string; documentId: string }) {
  return db
    .select({ subject: messages.subject, fromAddress: messages.fromAddress, fromName: messages.fromName, text: messages.text })
    .from(messageDocuments)
    .innerJoin(messages, eq(messages.id, messageDocuments.messageId))
    .where(and(eq(messageDocuments.workspaceId, q.workspaceId), eq(messageDocuments.documentId, q.documentId)))
    .limit(5);
}
