"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { StaticTable } from "@/components/data-table/static-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { replaceLineItemsAction, setInvoiceStatusAction, updateInvoiceFieldAction } from "@/lib/actions/invoices";
import { approvalBlockers } from "@/lib/invoice-approval";
import type { HeaderField, HeaderValues } from "@/lib/extraction/types";
import { fieldState, type InvoiceRules } from "@/lib/workspace-settings";
import { useAction } from "@/components/use-action";
import { lineItemColumns, type ReviewLine } from "./columns";

type Field = HeaderField;

/** The invoice as the review shows it: every header field (lib/extraction/types) and what is known about each. */
export interface ReviewInvoice extends HeaderValues {
  id: string;
  status: "needs_review" | "ready" | "approved" | "rejected";
  kind: string;
  confidence: Partial<Record<string, number>>;
  /** "learned from your correction of INV-7 on 2026-12-06" per learned field. */
  learnedNotes?: Partial<Record<string, string>>;
  /** A receipt or payment confirmation: already paid. */
  paid?: boolean;
  /** Where each value came from (layout, e-invoice, learned, model). */
  fieldSources?: Partial<Record<string, string>>;
  issues: { field: string; code: string; message: string }[];
  editedFields: string[];
  extractor: string;
  lines: ReviewLine[];
  documentId: string;
}

const FIELDS: { key: Field; label: string; type?: string }[] = [
  { key: "vendorName", label: "Vendor" },
  { key: "vendorTaxId", label: "Vendor tax ID" },
  { key: "invoiceNumber", label: "Invoice number" },
  { key: "issueDate", label: "Issue date", type: "date" },
  { key: "dueDate", label: "Due date", type: "date" },
  { key: "billToName", label: "Bill to" },
  { key: "currency", label: "Currency" },
  { key: "subtotal", label: "Subtotal" },
  { key: "taxAmount", label: "Tax" },
  { key: "total", label: "Total" },
  { key: "vendorAddress", label: "Vendor address" },
];

const tone = { needs_review: "amber", ready: "blue", approved: "green", rejected: "gray" } as const;

export function InvoiceReview({
  invoice,
  rules,
  canEdit,
  nextId,
  prevId,
}: {
  invoice: ReviewInvoice;
  /** The workspace's required fields and threshold (lib/workspace-settings), from the server. */
  rules: InvoiceRules;
  canEdit: boolean;
  nextId: string | null;
  prevId: string | null;
}) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const [lines, setLines] = useState<ReviewLine[]>(invoice.lines);
  const [linesDirty, setLinesDirty] = useState(false);
  const locked = invoice.status === "approved" || invoice.status === "rejected";
  const editable = canEdit && !locked;

  // Failed checks stop a plain approval (button and A alike); approving past them takes a stated reason.
  const blockers = approvalBlockers({ issues: invoice.issues, duplicateOfId: null });
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");

  // On to the next invoice to review after approving or rejecting; otherwise this page refreshes.
  const setStatus = (status: ReviewInvoice["status"], thenNext = false, override?: { reason: string }) => {
    const next = thenNext ? nextId : null;
    run(
      () => setInvoiceStatusAction({ id: invoice.id, status, override }),
      () => {
        setConfirming(false);
        if (next) router.push(`/invoices/${next}`);
      },
      { refresh: !next },
    );
  };
  const approve = () => (blockers.length ? setConfirming(true) : setStatus("approved", true));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, [contenteditable]") || e.metaKey || e.ctrlKey || e.altKey) return;
      if (confirming) return;
      if (e.key === "a" && canEdit && !locked) {
        e.preventDefault();
        approve();
      }
      else if (e.key === "r" && canEdit && !locked) setStatus("rejected", true);
      else if (e.key === "j" && nextId) router.push(`/invoices/${nextId}`);
      else if (e.key === "k" && prevId) router.push(`/invoices/${prevId}`);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const saveField = (field: Field, value: string) => {
    const current = invoice[field] ?? "";
    if (value.trim() === String(current)) return;
    run(
      // `seen`: what this page shows, so an edit made meanwhile by someone else is not written over
      () => updateInvoiceFieldAction({ id: invoice.id, field, value: value.trim() === "" ? null : value, seen: invoice[field] ?? null }),
      () => setSaved(`Saved ${FIELDS.find((f) => f.key === field)?.label}.`),
      // after a refusal too: it names the other person's value, and the page then shows it
      { onError: () => setSaved(null), refresh: "always" },
    );
  };

  const saveLines = () =>
    run(
      // `seen`: the lines this page showed, so a change made meanwhile by someone else is not dropped
      () => replaceLineItemsAction({ id: invoice.id, lines, seen: invoice.lines }),
      () => {
        setLinesDirty(false);
        setSaved("Saved line items.");
      },
      // after a refusal too: the page's lines become theirs, so saving again knowingly replaces them
      { refresh: "always" },
    );
  const editLines = (next: ReviewLine[]) => {
    setLines(next);
    setLinesDirty(true);
  };
  const lineColumns = lineItemColumns({
    editable,
    change: (i, patch) => editLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l))),
    remove: (i) => editLines(lines.filter((_, j) => j !== i)),
  });

  const issuesByField = new Map<string, string[]>();
  for (const i of invoice.issues) issuesByField.set(i.field, [...(issuesByField.get(i.field) ?? []), i.message]);
  const stateOf = (f: Field) => fieldState(f, invoice[f], invoice.confidence[f], rules, invoice.editedFields.includes(f));
  const unsureCount = FIELDS.filter((f) => stateOf(f.key) === "unsure").length;
  const missingCount = FIELDS.filter((f) => stateOf(f.key) === "missing").length;

  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div className="flex items-center gap-2">
          <h1 className="text-base font-semibold">{invoice.kind === "credit_note" ? "Credit note" : "Invoice"} {invoice.invoiceNumber ?? ""}
            {invoice.paid && <span className="ml-2 rounded bg-green-50 px-1.5 py-0.5 text-xs font-normal text-green-800">paid (receipt)</span>}
          </h1>
          <Badge tone={tone[invoice.status]}>{invoice.status.replace("_", " ")}</Badge>
        </div>
        <div className="flex flex-wrap gap-2">
          {canEdit && !locked && (
            <>
              <Button size="sm" disabled={pending} onClick={approve} title="Approve (A)">
                Approve <kbd className="rounded bg-white/20 px-1 text-[10px]">A</kbd>
              </Button>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => setStatus("rejected", true)} title="Reject (R)">
                Reject <kbd className="rounded bg-slate-100 px-1 text-[10px]">R</kbd>
              </Button>
            </>
          )}
          {canEdit && locked && (
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => setStatus("needs_review")}>
              Reopen for review
            </Button>
          )}
          <Button size="sm" variant="ghost" disabled={!prevId} onClick={() => prevId && router.push(`/invoices/${prevId}`)} title="Previous to review (K)">
            ← K
          </Button>
          <Button size="sm" variant="ghost" disabled={!nextId} onClick={() => nextId && router.push(`/invoices/${nextId}`)} title="Next to review (J)">
            J →
          </Button>
        </div>
      </header>
      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`This invoice fails ${blockers.length === 1 ? "a check" : `${blockers.length} checks`}`}
        description="Approving exports these values as they are. Fix the fields instead, or say why you approve anyway (kept in the history)."
      >
        <ul className="mb-3 list-disc space-y-1 pl-5 text-sm text-red-800" data-testid="approval-blockers">
          {blockers.map((b) => (
            <li key={b.code + b.message}>{b.message}</li>
          ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setStatus("approved", true, { reason });
          }}
        >
          <label className="block text-sm font-medium text-slate-700">
            Why approve anyway?
            <textarea
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. rounding agreed with the vendor"
            />
          </label>
          {error && confirming && (
            <p role="alert" className="mt-2 text-sm text-red-800">
              {error}
            </p>
          )}
          <div className="mt-3 flex justify-end gap-2">
            <Button type="button" size="sm" variant="secondary" onClick={() => setConfirming(false)}>
              Go back and fix
            </Button>
            <Button type="submit" size="sm" disabled={pending || reason.trim().length < 3}>
              Approve anyway
            </Button>
          </div>
        </form>
      </Dialog>
      <div className="px-4 py-3">
        {(unsureCount > 0 || missingCount > 0) && !locked && (
          <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="review-reason">
            {[
              unsureCount > 0 && `Docket was unsure of ${unsureCount} field${unsureCount > 1 ? "s" : ""}`,
              missingCount > 0 && `${missingCount} required field${missingCount > 1 ? "s were" : " was"} not found on the document`,
            ]
              .filter(Boolean)
              .join("; ")}{" "}
            (highlighted). Check them against the document, fix what is wrong, then approve.
          </p>
        )}
        {error && (
          <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        {saved && !error && (
          <p className="mb-3 text-sm text-green-700" aria-live="polite">
            {saved}
          </p>
        )}
        <div className="grid gap-3 sm:grid-cols-2">
          {FIELDS.map((f) => {
            const conf = invoice.confidence[f.key] ?? 0;
            const state = stateOf(f.key);
            const low = state === "unsure" || state === "missing";
            const edited = state === "edited";
            const problems = issuesByField.get(f.key);
            return (
              <label key={f.key} className={`block ${f.key === "vendorAddress" ? "sm:col-span-2" : ""}`}>
                <span className="mb-1 flex items-center justify-between text-xs font-medium text-slate-600">
                  {f.label}
                  <span className={low ? "text-amber-700" : "text-slate-400"} data-testid={`field-state-${f.key}`}>
                    {state === "edited"
                      ? "edited"
                      : state === "absent"
                        ? "not on the document"
                        : state === "missing"
                          ? "required · not found"
                          : `${Math.round(conf * 100)}%`}
                  </span>
                </span>
                <input
                  key={`${f.key}:${invoice[f.key] ?? ""}`}
                  name={f.key}
                  type={f.type ?? "text"}
                  defaultValue={invoice[f.key] ?? ""}
                  disabled={!editable || pending}
                  aria-invalid={Boolean(problems)}
                  data-low-confidence={low ? "true" : undefined}
                  onBlur={(e) => saveField(f.key, e.currentTarget.value)}
                  onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
                  className={`block w-full rounded-md border px-2.5 py-1.5 text-sm ${
                    problems ? "border-red-400 bg-red-50" : low && !edited ? "border-amber-400 bg-amber-50" : "border-slate-300"
                  } disabled:bg-slate-50`}
                />
                {!edited && invoice.learnedNotes?.[f.key] && (
                  <span className="mt-0.5 block text-xs text-brand-700" data-testid={`learned-${f.key}`}>
                    {invoice.learnedNotes[f.key]} — edit to override
                  </span>
                )}
                {!edited && invoice.fieldSources?.[f.key] === "e-invoice" && <span className="mt-0.5 block text-xs text-slate-500">from the e-invoice XML</span>}
                {problems?.map((p) => (
                  <span key={p} className="mt-0.5 block text-xs text-red-700">
                    {p}
                  </span>
                ))}
              </label>
            );
          })}
        </div>
        {issuesByField.size > 0 && [...issuesByField.keys()].some((k) => !FIELDS.some((f) => f.key === k)) && (
          <ul className="mt-3 text-xs text-red-700">
            {invoice.issues
              .filter((i) => !FIELDS.some((f) => f.key === i.field))
              .map((i) => (
                <li key={i.message}>{i.message}</li>
              ))}
          </ul>
        )}
        <h2 className="mb-2 mt-5 text-sm font-semibold">Line items</h2>
        <StaticTable columns={lineColumns} data={lines} getRowId={(_, i) => String(i)} density="compact" testId="line-items" />
        {editable && (
          <div className="mt-2 flex gap-2">
            <Button
              size="sm"
              variant="ghost"
              onClick={() => editLines([...lines, { description: "", quantity: null, unitPrice: null, amount: null }])}
            >
              + Add line
            </Button>
            <Button size="sm" variant="secondary" disabled={!linesDirty || pending} onClick={saveLines}>
              Save line items
            </Button>
          </div>
        )}
        <p className="mt-4 text-xs text-slate-500">
          Shortcuts: A approve · R reject · J next · K previous (to review). Edits save when you leave a field.
        </p>
      </div>
    </section>
  );
}
