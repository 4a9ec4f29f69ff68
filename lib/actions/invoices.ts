"use server";

import { z } from "zod";
import { bulkApprove, setInvoiceStatus } from "@/db/queries/invoices/review";
import { invoiceFields, invoiceStatuses } from "@/db/schema";
import { workspaceAction } from "@/lib/action";
import { readDocumentAsInvoice, reprocessDocument } from "@/services/documents/read-document-again";
import { replaceInvoiceLines } from "@/services/invoices/replace-line-items";
import { correctInvoiceField } from "@/services/invoices/update-invoice-field";

// Invoice review: field edits, line items, status (approve past failed checks with a reason), bulk approve, and
// reading a document again (Retry, Read as invoice). Like every action, each checks the role inside its own
// transaction on the caller's locked membership row (lib/action.ts): a demotion racing it is waited for, then refused.

const id = z.string().min(1).max(100);
const amount = z.union([z.string().max(40), z.number()]).nullable();
const lineList = z.array(z.object({ description: z.string().max(2000).nullable(), quantity: amount, unitPrice: amount, amount })).max(500);

export const updateInvoiceFieldAction = workspaceAction(
  { name: "updateInvoiceField", role: "member", schema: z.object({ id, field: z.enum(invoiceFields), value: z.string().max(2000).nullable(), seen: z.string().max(2000).nullable().optional() }) },
  async (input, ctx) => correctInvoiceField(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const replaceLineItemsAction = workspaceAction(
  {
    name: "replaceLineItems",
    role: "member",
    schema: z.object({ id, lines: lineList, seen: lineList.optional() }),
  },
  async (input, ctx) => replaceInvoiceLines(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const setInvoiceStatusAction = workspaceAction(
  {
    name: "setInvoiceStatus",
    role: "member",
    schema: z.object({ id, status: z.enum(invoiceStatuses), override: z.object({ reason: z.string().trim().min(3, "Say why you approve past the failed checks.").max(500) }).optional() }),
    revalidate: ["/invoices"],
  },
  async (input, ctx) => {
    await setInvoiceStatus(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, id: input.id, to: input.status, override: input.override });
    return null;
  },
);

/** Approve the chosen invoices, or (no ids) every one at or above the confidence. */
export const bulkApproveAction = workspaceAction(
  {
    name: "bulkApprove",
    role: "member",
    schema: z.object({ ids: z.array(id).max(1000).optional(), minConfidence: z.number().min(0.5).max(1).default(0.95) }),
    revalidate: ["/invoices"],
  },
  async (input, ctx) => ({
    approved: await bulkApprove(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, minConfidence: input.ids ? 0 : input.minConfidence, ids: input.ids }),
  }),
);

/** Run a document through reading again: after a failure, or to re-read with a better extractor. */
export const reprocessDocumentAction = workspaceAction(
  { name: "reprocessDocument", role: "member", schema: z.object({ documentId: id }), revalidate: ["/documents", "/invoices"] },
  async (input, ctx) => {
    await reprocessDocument(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, documentId: input.documentId });
    return null;
  },
);

/** "Read as invoice": anything the reader classed otherwise is read again as an invoice and goes to review. */
export const readAsInvoiceAction = workspaceAction(
  { name: "readAsInvoice", role: "member", schema: z.object({ documentId: id }), revalidate: ["/documents", "/invoices"] },
  async (input, ctx) => {
    await readDocumentAsInvoice(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, documentId: input.documentId });
    return null;
  },
);
