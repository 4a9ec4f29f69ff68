import { describe, expect, it } from "vitest";
import type { ExtractedInvoice } from "./types";
import { validateInvoice } from "./validate";

const base = (): ExtractedInvoice => ({
  kind: "invoice", pageStart: 1, pageEnd: 1, invoiceNumber: "A-1", issueDate: "2024-03-05", dueDate: "2024-04-04", vendorName: "Acme", vendorTaxId: null,
  vendorAddress: null, billToName: null, currency: "EUR", subtotal: "100.00", taxAmount: "19.00", total: "119.00",
  lineItems: [{ description: "x", quantity: "2", unitPrice: "50.00", amount: "100.00" }],
  confidence: { invoiceNumber: 0.95, issueDate: 0.95, dueDate: 0.95, vendorName: 0.9, currency: 0.95, subtotal: 0.95, taxAmount: 0.95, total: 0.95, lineItems: 0.95 },
  issues: [],
});
const now = new Date("2026-11-21T00:00:00Z");

describe("validateInvoice", () => {
  it("passes a consistent invoice untouched", () => {
    const v = validateInvoice(base(), { now });
    expect(v.issues).toEqual([]);
    expect(v.confidence).toEqual(base().confidence);
  });
  it("line items that do not sum to the subtotal", () => {
    const v = validateInvoice({ ...base(), lineItems: [{ description: "x", quantity: "2", unitPrice: "50.00", amount: "90.00" }] }, { now });
    expect(v.issues.map((i) => i.code)).toEqual(["lines_sum", "line_arithmetic"]);
    expect(v.confidence.subtotal).toBeLessThanOrEqual(0.6);
  });
  it("a line without a price says nothing of the sum; one with quantity × unit price still counts", () => {
    const priceless = [{ description: "Saddle", quantity: "1", unitPrice: null, amount: null }];
    expect(validateInvoice({ ...base(), lineItems: priceless }, { now }).issues).toEqual([]);
    const byUnit = [
      { description: "x", quantity: "2", unitPrice: "30.00", amount: null },
      { description: "y", quantity: null, unitPrice: null, amount: "30.00" },
    ];
    expect(validateInvoice({ ...base(), lineItems: byUnit }, { now }).issues.map((i) => i.code)).toEqual(["lines_sum"]);
    expect(validateInvoice({ ...base(), lineItems: [byUnit[0], { ...byUnit[1], amount: "40.00" }] }, { now }).issues).toEqual([]);
  });
  it("subtotal + tax ≠ total beyond a cent, but a cent of rounding is fine", () => {
    expect(validateInvoice({ ...base(), total: "119.01" }, { now }).issues).toEqual([]);
    const v = validateInvoice({ ...base(), total: "120.00" }, { now });
    expect(v.issues[0]).toMatchObject({ field: "total", code: "arithmetic" });
    expect(v.confidence.total).toBe(0.6);
    expect(v.confidence.taxAmount).toBe(0.6);
  });
  it("due before issue, implausible years, unknown currency, missing fields", () => {
    const v = validateInvoice({ ...base(), dueDate: "2024-03-01", issueDate: "2024-03-05", currency: "XYZ", invoiceNumber: null }, { now });
    expect(v.issues.map((i) => i.code).sort()).toEqual(["due_before_issue", "unknown_currency"]);
    expect(v.confidence.currency).toBe(0.3);
    const old = validateInvoice({ ...base(), issueDate: "1999-01-01", dueDate: "1999-02-01" }, { now });
    expect(old.issues.map((i) => `${i.field}:${i.code}`)).toEqual(["issueDate:implausible_date", "dueDate:implausible_date"]);
  });
});
