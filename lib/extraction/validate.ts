// Checks on what was read: the arithmetic, the dates and the currency. A failed check adds an issue and
// lowers the confidence of the fields it involves, so the invoice goes in front of a person.

import { CURRENCY_CODES } from "./parse";
import type { ExtractedInvoice, ExtractionIssue, HeaderField } from "./types";

const TOLERANCE = 0.01;
/** |a − b| beyond the tolerance, judged in whole cents so float noise cannot tip it. */
const differs = (a: number, b: number) => Math.abs(Math.round(a * 100) - Math.round(b * 100)) > Math.round(TOLERANCE * 100);

export interface ValidateOptions {
  /** The year used to judge plausibility (defaults to the current year). */
  now?: Date;
}

/** Return the invoice with issues added and confidence lowered where a check fails. Does not change values. */
export function validateInvoice(inv: ExtractedInvoice, opts: ValidateOptions = {}): ExtractedInvoice {
  const issues: ExtractionIssue[] = [...inv.issues];
  const conf = { ...inv.confidence };
  const lower = (fields: (HeaderField | "lineItems")[], to: number) => {
    for (const f of fields) conf[f] = Math.min(conf[f] ?? 0, to);
  };
  const n = (v: string | null) => (v === null ? null : Number(v));
  const subtotal = n(inv.subtotal);
  const tax = n(inv.taxAmount);
  const total = n(inv.total);

  // A line's amount, or its quantity × unit price; a line with neither says nothing of what the lines add up to, so
  // the sum is checked only when every line has one (a priceless line counted as 0 flagged a right subtotal).
  const amounts = inv.lineItems.map((l) => n(l.amount) ?? (n(l.quantity) !== null && n(l.unitPrice) !== null ? n(l.quantity)! * n(l.unitPrice)! : null));
  if (amounts.length > 0 && subtotal !== null && amounts.every((a) => a !== null)) {
    const sum = amounts.reduce((s: number, a) => s + a!, 0);
    if (differs(sum, subtotal)) {
      issues.push({ field: "subtotal", code: "lines_sum", message: `Line items add up to ${sum.toFixed(2)}, not the subtotal ${subtotal.toFixed(2)}.` });
      lower(["subtotal", "lineItems"], 0.6);
    }
  }
  if (subtotal !== null && total !== null && differs(subtotal + (tax ?? 0), total)) {
    issues.push({ field: "total", code: "arithmetic", message: `Subtotal ${subtotal.toFixed(2)} + tax ${(tax ?? 0).toFixed(2)} ≠ total ${total.toFixed(2)}.` });
    lower(["subtotal", "taxAmount", "total"], 0.6);
  }
  for (const [i, l] of inv.lineItems.entries()) {
    const q = n(l.quantity);
    const p = n(l.unitPrice);
    const a = n(l.amount);
    if (q !== null && p !== null && a !== null && Math.abs(q * p - a) > Math.max(TOLERANCE, Math.abs(a) * 0.001)) {
      issues.push({ field: "lineItems", code: "line_arithmetic", message: `Line ${i + 1}: ${l.quantity} × ${l.unitPrice} ≠ ${l.amount}.` });
      lower(["lineItems"], 0.6);
    }
  }
  if (inv.issueDate && inv.dueDate && inv.dueDate < inv.issueDate) {
    issues.push({ field: "dueDate", code: "due_before_issue", message: `Due date ${inv.dueDate} is before the issue date ${inv.issueDate}.` });
    lower(["dueDate", "issueDate"], 0.5);
  }
  const thisYear = (opts.now ?? new Date()).getUTCFullYear();
  for (const f of ["issueDate", "dueDate"] as const) {
    const d = inv[f];
    if (!d) continue;
    const y = Number(d.slice(0, 4));
    if (y < thisYear - 15 || y > thisYear + (f === "dueDate" ? 3 : 1)) {
      issues.push({ field: f, code: "implausible_date", message: `${f === "issueDate" ? "Issue" : "Due"} year ${y} looks wrong.` });
      lower([f], 0.4);
    }
  }
  if (inv.currency && !CURRENCY_CODES.includes(inv.currency)) {
    issues.push({ field: "currency", code: "unknown_currency", message: `${inv.currency} is not a currency code Docket knows.` });
    lower(["currency"], 0.3);
  }
  // A field the document does not carry is not a failed check: whether the invoice may go without it is the
  // workspace's choice (required fields, lib/workspace-settings), decided where its status is.
  return { ...inv, confidence: conf, issues };
}
