import { and, asc, eq, inArray, ne, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { documents, invoiceLineItems, invoices, workspaces } from "@/db/schema";
import type { ExtractedInvoice } from "@/lib/extraction/types";
import { decimal, headerValues, money, normalizeInvoiceNumberKey } from "@/lib/invoices/values";
import { decideInvoiceStatus, invoiceRules, type InvoiceRules, weakestConfidence } from "@/lib/workspace-settings";
import { upsertVendor } from "./vendors";

// Saving what the extractor found: a machine decision (status from the workspace rules, duplicates flagged), audited.

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

/** The workspace's review rules: required fields and the confidence threshold (lib/workspace-settings). */
export async function workspaceInvoiceRules(db: Db, workspaceId: string): Promise<InvoiceRules> {
  const [w] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return invoiceRules(w?.settings?.invoices);
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
