// After a person edits a stored invoice, the same checks the extractor applies to what it reads
// (lib/extraction/validate): lines sum to the subtotal, subtotal + tax = total, line arithmetic, dates, currency.

import type { Validator } from "@/db/queries/invoices/review";
import { validateInvoice } from "@/lib/extraction/validate";
import { headerValues } from "@/lib/invoices/values";

export const checkInvoice: Validator = (inv) =>
  validateInvoice({
    kind: inv.kind,
    pageStart: inv.pageStart,
    pageEnd: inv.pageEnd,
    ...headerValues(inv),
    lineItems: inv.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount })),
    confidence: {},
    issues: [],
  }).issues;
