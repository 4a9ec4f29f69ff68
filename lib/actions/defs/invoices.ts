import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/queries/audit";
import { bulkApprove, replaceLineItems, setInvoiceStatus, updateInvoiceField } from "@/db/queries/invoices/review";
import { documents, invoiceFields, invoiceStatuses } from "@/db/schema";
import { workspaceAction } from "@/lib/action";
import { getBlobStore } from "@/lib/blob";
import { learnFromCorrection } from "@/services/invoices/learn-from-correction";
import { UserError } from "@/lib/errors";
import { checkInvoice } from "@/lib/invoice-checks";
import { startDocumentProcessing } from "@/lib/pipeline";
import { documentMachine } from "@/lib/status/machines";

const id = z.string().min(1).max(100);

export const updateInvoiceFieldDef = workspaceAction(
  "updateInvoiceField",
  "member",
  z.object({ id, field: z.enum(invoiceFields), value: z.string().max(2000).nullable() }),
  async (input, ctx) => {
    const r = await updateInvoiceField(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input, validate: checkInvoice });
    if (!r.changed) return r;
    // A correction teaches the vendor's layout; learning must never cost the edit itself.
    const learn = await learnFromCorrection({ db: ctx.db, blobs: await getBlobStore() }, { workspaceId: ctx.workspaceId, actorId: ctx.userId, invoiceId: input.id, field: input.field, value: input.value }).catch(
      (e: unknown) => ({ learned: false, message: `Not learned: ${(e as Error).message}` }),
    );
    return { ...r, learn };
  },
);

const amount = z.union([z.string().max(40), z.number()]).nullable();
export const replaceLineItemsDef = workspaceAction(
  "replaceLineItems",
  "member",
  z.object({
    id,
    lines: z.array(z.object({ description: z.string().max(2000).nullable(), quantity: amount, unitPrice: amount, amount })).max(500),
  }),
  async (input, ctx) => {
    for (const [i, l] of input.lines.entries()) {
      for (const k of ["quantity", "unitPrice", "amount"] as const) {
        const v = l[k];
        if (v !== null && v !== "" && !Number.isFinite(Number(v))) throw new UserError(`Line ${i + 1}: ${k} "${v}" is not a number.`);
      }
    }
    return replaceLineItems(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, id: input.id, lines: input.lines, validate: checkInvoice });
  },
);

export const setInvoiceStatusDef = workspaceAction(
  "setInvoiceStatus",
  "member",
  z.object({ id, status: z.enum(invoiceStatuses), override: z.object({ reason: z.string().trim().min(3, "Say why you approve past the failed checks.").max(500) }).optional() }),
  async (input, ctx) => {
    await setInvoiceStatus(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, id: input.id, to: input.status, override: input.override });
    return null;
  },
);

export const bulkApproveDef = workspaceAction(
  "bulkApprove",
  "member",
  z.object({ ids: z.array(id).max(1000).optional(), minConfidence: z.number().min(0.5).max(1).default(0.95) }),
  async (input, ctx) => ({
    approved: await bulkApprove(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, minConfidence: input.ids ? 0 : input.minConfidence, ids: input.ids }),
  }),
);

/** Run a document through reading again: after a failure, or to re-read with a better extractor. */
export const reprocessDocumentDef = workspaceAction("reprocessDocument", "member", z.object({ documentId: id }), async (input, ctx) => {
  const [doc] = await ctx.db
    .select({ status: documents.status, attempts: documents.attempts, classification: documents.classification, error: documents.error })
    .from(documents)
    .where(and(eq(documents.workspaceId, ctx.workspaceId), eq(documents.id, input.documentId)));
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  if (doc.classification === "unreadable") {
    throw new UserError(`Reading this file again would fail the same way: ${doc.error ?? "it cannot be read as it is."} Upload a readable copy instead.`, "conflict");
  }
  if (!documentMachine.can(doc.status, "queued") && !documentMachine.can(doc.status, "processing")) {
    throw new UserError(`This document is ${documentMachine.labels[doc.status]}; wait for it to finish.`, "conflict");
  }
  await ctx.db
    .update(documents)
    .set({ status: "queued", error: null, attempts: doc.attempts + 1, updatedAt: new Date() })
    .where(and(eq(documents.workspaceId, ctx.workspaceId), eq(documents.id, input.documentId)));
  await recordAudit(ctx.db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.userId,
    action: "document.reprocess_requested",
    entityType: "document",
    entityId: input.documentId,
    before: { status: doc.status },
    after: { status: "queued" },
  });
  await startDocumentProcessing([{ id: input.documentId, workspaceId: ctx.workspaceId, attempts: doc.attempts + 1 }]);
  return null;
});

/** "Read as invoice": anything the reader classed otherwise is read again as an invoice and goes to review. */
export const readAsInvoiceDef = workspaceAction("readAsInvoice", "member", z.object({ documentId: id }), async (input, ctx) => {
  const [doc] = await ctx.db
    .select({ status: documents.status, attempts: documents.attempts, classification: documents.classification })
    .from(documents)
    .where(and(eq(documents.workspaceId, ctx.workspaceId), eq(documents.id, input.documentId)));
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  if (!documentMachine.can(doc.status, "queued") && !documentMachine.can(doc.status, "processing")) {
    throw new UserError(`This document is ${documentMachine.labels[doc.status]}; wait for it to finish.`, "conflict");
  }
  await ctx.db
    .update(documents)
    .set({ readAs: "invoice", status: "queued", error: null, attempts: doc.attempts + 1, updatedAt: new Date() })
    .where(and(eq(documents.workspaceId, ctx.workspaceId), eq(documents.id, input.documentId)));
  await recordAudit(ctx.db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.userId,
    action: "document.read_as_invoice",
    entityType: "document",
    entityId: input.documentId,
    before: { classification: doc.classification, status: doc.status },
    after: { readAs: "invoice", status: "queued" },
  });
  await startDocumentProcessing([{ id: input.documentId, workspaceId: ctx.workspaceId, attempts: doc.attempts + 1 }]);
  return null;
});
