// Checks on a stored invoice after a person edits it: the same rules the extractor applies to what it reads —
// line items sum to the subtotal, subtotal + tax = total (±0.01), dates plausible, currency known.

import type { Validator } from "@/db/queries/invoices";

const TOLERANCE = 0.01;

export const KNOWN_CURRENCIES = new Set(
  "AED ARS AUD BRL CAD CHF CLP CNY COP CZK DKK EUR GBP HKD HUF IDR ILS INR JPY KRW MXN MYR NOK NZD PEN PHP PLN RON RUB SAR SEK SGD THB TRY TWD USD UYU ZAR".split(" "),
);

const n = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? null : Number(v));

export const checkInvoice: Validator = (inv) => {
  const issues: { field: string; code: string; message: string }[] = [];
  const subtotal = n(inv.subtotal);
  const tax = n(inv.taxAmount);
  const total = n(inv.total);
  const lineSum = inv.lines.reduce((s, l) => s + (n(l.amount) ?? 0), 0);
  if (inv.lines.length > 0 && subtotal !== null && Math.abs(lineSum - subtotal) > TOLERANCE) {
    issues.push({ field: "subtotal", code: "lines_sum", message: `Line items add up to ${lineSum.toFixed(2)}, not the subtotal ${subtotal.toFixed(2)}.` });
  }
  if (subtotal !== null && total !== null && Math.abs(subtotal + (tax ?? 0) - total) > TOLERANCE) {
    issues.push({ field: "total", code: "arithmetic", message: `Subtotal ${subtotal.toFixed(2)} + tax ${(tax ?? 0).toFixed(2)} ≠ total ${total.toFixed(2)}.` });
  }
  if (inv.issueDate && inv.dueDate && inv.dueDate < inv.issueDate) {
    issues.push({ field: "dueDate", code: "due_before_issue", message: `Due date ${inv.dueDate} is before the issue date ${inv.issueDate}.` });
  }
  if (inv.issueDate) {
    const y = Number(inv.issueDate.slice(0, 4));
    const thisYear = new Date().getUTCFullYear();
    if (y < thisYear - 15 || y > thisYear + 1) issues.push({ field: "issueDate", code: "implausible_date", message: `Issue year ${y} looks wrong.` });
  }
  if (inv.currency && !KNOWN_CURRENCIES.has(inv.currency)) {
    issues.push({ field: "currency", code: "unknown_currency", message: `${inv.currency} is not a currency code Docket knows.` });
  }
  for (const f of ["invoiceNumber", "issueDate", "vendorName", "total"] as const) {
    if (!inv[f]) issues.push({ field: f, code: "missing", message: `${f} is missing.` });
  }
  return issues;
};
