import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { lastEditor, recordAudit, recordAudits } from "@/db/queries/audit";
import { auditEvents, type Invoice, type InvoiceField, invoiceLineItems, invoices, type InvoiceStatus } from "@/db/schema";
import { fieldLabel, valueText } from "@/lib/audit/describe";
import { UserError } from "@/lib/errors";
import { approvalBlockers, approvalRefusal } from "@/lib/invoice-approval";
import { decimal, headerValues, money, normalizeInvoiceNumberKey, parseFieldValue } from "@/lib/invoices/values";
import { invoiceMachine } from "@/lib/status/machines";
import { decideInvoiceStatus, weakestConfidence } from "@/lib/workspace-settings";
import { type LineInput, workspaceInvoiceRules } from "./save-extraction";
import { upsertVendor } from "./vendors";

// Human edits: field values, line items and status changes (through `invoiceMachine`), audited with before → after.

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

type Issue = Invoice["issues"][number];
type Checked = Parameters<Validator>[0];

/**
 * The issues after a person's edit: what the checks find on the edited invoice, plus what only the reading could
 * know and no check can find again — the page shows another total than the e-invoice XML, the classifier's doubt, a
 * page without text, a suspected duplicate. Those stay until the person changes the field they are about (the
 * duplicate stays while the invoice is marked as one); dropping them let one unrelated correction clear a warning
 * and open the way to approval without a reason.
 */
function issuesAfterEdit(before: Checked, after: Checked, validate: Validator, edited: string): Issue[] {
  const now = validate(after);
  const checks = new Set([...validate(before), ...now].map((i) => `${i.code}|${i.field}`));
  const kept = before.issues.filter((i) =>
    i.code === "duplicate" ? Boolean(before.duplicateOfId) : i.field !== edited && !checks.has(`${i.code}|${i.field}`),
  );
  return [...now, ...kept.filter((k) => !now.some((n) => n.code === k.code && n.field === k.field && n.message === k.message))];
}

/**
 * The invoice and its lines as an edit starts, its row locked until the edit's transaction ends: two people editing
 * one invoice at once take turns, so neither's confidence, edited fields or issues are written over from a stale read.
 */
async function loadForValidation(db: Db, workspaceId: string, id: string) {
  const [inv] = await db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.id, id))).for("update");
  if (!inv) throw new UserError("No such invoice in this workspace.", "not_found");
  const lines = await db
    .select({ description: invoiceLineItems.description, quantity: invoiceLineItems.quantity, unitPrice: invoiceLineItems.unitPrice, amount: invoiceLineItems.amount })
    .from(invoiceLineItems)
    .where(eq(invoiceLineItems.invoiceId, id))
    .orderBy(asc(invoiceLineItems.position));
  return { ...inv, lines };
}

/**
 * One field's edit. `seen` is the value the editor's page showed: when someone else changed the field since, the
 * edit is refused (naming them and their value) instead of silently writing over theirs.
 */
export async function updateInvoiceField(
  db: Db,
  q: { workspaceId: string; actorId: string; id: string; field: InvoiceField; value: string | null; seen?: string | null; validate: Validator },
) {
  const before = await loadForValidation(db, q.workspaceId, q.id);
  if (before.status === "approved" || before.status === "rejected") {
    throw new UserError(`This invoice is ${before.status}; reopen it before editing.`, "conflict");
  }
  const value = parseFieldValue(q.field, q.value);
  const col = fieldColumn[q.field];
  const oldValue = before[col] as string | null;
  if (oldValue === value) return { changed: false };
  if (q.seen !== undefined && seenValue(q.field, q.seen) !== seenValue(q.field, oldValue)) {
    const by = await lastInvoiceEditor(db, q.workspaceId, q.id, sql`${auditEvents.after} ? ${q.field}`);
    // the editor's own earlier save that their page had not shown yet is theirs to replace
    if (by.actorId !== q.actorId) throw new UserError(changedMeanwhile(by, { ...q, current: oldValue, value }), "conflict");
  }
  const patch: Partial<Invoice> = { [col]: value } as Partial<Invoice>;
  if (q.field === "invoiceNumber") patch.invoiceNumberNorm = value ? normalizeInvoiceNumberKey(value) : null;
  if (q.field === "vendorName") patch.vendorId = await upsertVendor(db, q.workspaceId, value, before.vendorTaxId);
  const confidence = { ...before.confidence, [q.field]: 1 };
  const merged = { ...before, ...patch, confidence };
  const issues = issuesAfterEdit(before, merged, q.validate, q.field);
  const edited = Array.from(new Set([...before.editedFields, q.field]));
  const rules = await workspaceInvoiceRules(db, q.workspaceId);
  const decided = { values: headerValues(merged), confidence, editedFields: edited, issues, duplicateOfId: before.duplicateOfId };
  const status = decideInvoiceStatus(decided, rules);
  if (status !== before.status) invoiceMachine.assert(before.status, status);
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

/** A value in one written form, so the page's "8400.00" and the stored 8400.00 compare equal (unparsable: undefined). */
function seenValue(field: InvoiceField, seen: string | null): string | null | undefined {
  try {
    return parseFieldValue(field, seen);
  } catch {
    return undefined;
  }
}

/** "Ana Ruiz changed Total to 120.00 at 13:52 UTC while you were editing; …" */
function changedMeanwhile(by: { who: string; when: string }, q: { field: InvoiceField; current: string | null; value: string | null }) {
  return (
    `${by.who} changed ${fieldLabel(q.field)} to ${valueText(q.field, q.current)}${by.when} while you were editing; your ${valueText(q.field, q.value)} was not saved. ` +
    `The page now shows theirs: edit the field again to replace it.`
  );
}

/** Who made the invoice's last audited change matching `which`. */
const lastInvoiceEditor = (db: Db, workspaceId: string, id: string, which: SQL) => lastEditor(db, { workspaceId, entityType: "invoice", entityId: id, which });

/** Lines in one written form (trimmed text, numbers as stored), to tell whether two lists say the same. */
function lineKey(lines: readonly { description: string | null; quantity: string | number | null; unitPrice: string | number | null; amount: string | number | null }[]) {
  try {
    return JSON.stringify(lines.map((l) => [(l.description ?? "").trim(), decimal(l.quantity), decimal(l.unitPrice), money(l.amount)]));
  } catch {
    return undefined;
  }
}

/**
 * The reviewer's line items replace the invoice's. `seen` is the list the reviewer's page showed: when someone else
 * changed the lines since, the replacement is refused (naming them) instead of silently dropping their change.
 */
export async function replaceLineItems(
  db: Db,
  q: { workspaceId: string; actorId: string; id: string; lines: LineInput[]; seen?: LineInput[]; validate: Validator },
) {
  const before = await loadForValidation(db, q.workspaceId, q.id);
  if (before.status === "approved" || before.status === "rejected") throw new UserError(`This invoice is ${before.status}; reopen it before editing.`, "conflict");
  const oldLines = await db.select().from(invoiceLineItems).where(eq(invoiceLineItems.invoiceId, q.id)).orderBy(asc(invoiceLineItems.position));
  const by = q.seen && lineKey(q.seen) !== lineKey(oldLines) ? await lastInvoiceEditor(db, q.workspaceId, q.id, eq(auditEvents.action, "invoice.lines_edited")) : null;
  if (by && by.actorId !== q.actorId) {
    throw new UserError(
      `${by.who} changed the line items${by.when} while you were editing; yours were not saved (they are still on your screen). ` +
        `Save again to replace theirs with yours, or reload the page to see theirs.`,
      "conflict",
    );
  }
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
  const issues = issuesAfterEdit(before, { ...before, lines: rows }, q.validate, "lineItems");
  const editedFields = Array.from(new Set([...before.editedFields, "lineItems"]));
  const rules = await workspaceInvoiceRules(db, q.workspaceId);
  const status = decideInvoiceStatus({ values: headerValues(before), confidence: before.confidence, editedFields, issues, duplicateOfId: before.duplicateOfId }, rules);
  if (status !== before.status) invoiceMachine.assert(before.status, status);
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
  // locked until the change commits: an edit that adds a failed check either lands first (and is seen here) or waits
  const [inv] = await db
    .select({ status: invoices.status, issues: invoices.issues, duplicateOfId: invoices.duplicateOfId })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.id, q.id)))
    .for("update");
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

/**
 * Approve every "ready" invoice at or above a confidence, optionally limited to given ids, in one UPDATE guarded by
 * the invoice machine (only ready invoices are meant, and only while the machine lets them become approved). Returns
 * how many.
 */
export async function bulkApprove(db: Db, q: { workspaceId: string; actorId: string; minConfidence: number; ids?: string[] }) {
  const where = and(
    eq(invoices.workspaceId, q.workspaceId),
    inArray(invoices.status, invoiceMachine.from("approved", ["ready"])),
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
  await recordAudits(
    db,
    approved.map((a) => ({
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "invoice.approved",
      entityType: "invoice",
      entityId: a.id,
      before: { status: "ready" },
      after: { status: "approved", bulk: true, minConfidence: q.minConfidence },
    })),
  );
  return approved.length;
}

// ---- charts -----------------------------------------------------------------------------------------
