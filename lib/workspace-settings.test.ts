import { describe, expect, it } from "vitest";
import { decideInvoiceStatus, DEFAULT_REQUIRED_FIELDS, fieldState, fieldsNeedingReview, invoiceRules, weakestConfidence } from "./workspace-settings";

const rules = invoiceRules(undefined);
const values = { invoiceNumber: "A-1", issueDate: "2026-01-02", vendorName: "Acme", currency: "EUR", total: "10.00", subtotal: null, taxAmount: null, vendorTaxId: null, vendorAddress: null, billToName: null, dueDate: null };
const confidence = { invoiceNumber: 0.95, issueDate: 0.9, vendorName: 0.93, currency: 0.99, total: 0.97, subtotal: 0, taxAmount: 0, vendorTaxId: 0, vendorAddress: 0, billToName: 0, dueDate: 0 };

describe("workspace invoice rules", () => {
  it("defaults to the five fields an invoice is booked by and an 80 % threshold; ignores unknown or out-of-range settings", () => {
    expect(rules).toEqual({ requiredFields: DEFAULT_REQUIRED_FIELDS, reviewThreshold: 0.8 });
    expect(invoiceRules({ requiredFields: ["nonsense"], reviewThreshold: 7 })).toEqual(rules);
    expect(invoiceRules({ requiredFields: ["total", "vendorTaxId"], reviewThreshold: 0.9 })).toEqual({ requiredFields: ["total", "vendorTaxId"], reviewThreshold: 0.9 });
  });

  it("a field the document does not carry is absent, not unsure; a required one is missing", () => {
    expect(fieldState("vendorTaxId", null, 0, rules)).toBe("absent");
    expect(fieldState("total", null, 0, rules)).toBe("missing");
    expect(fieldState("total", "  ", 0, rules)).toBe("missing");
    expect(fieldState("vendorTaxId", "B123", 0.4, rules)).toBe("unsure");
    expect(fieldState("vendorTaxId", "B123", 0.8, rules)).toBe("sure");
    expect(fieldState("vendorTaxId", null, 0, rules, true)).toBe("edited");
  });

  it("an invoice with only the required fields, read surely, is ready; its weakest field is the weakest one it carries", () => {
    expect(decideInvoiceStatus({ values, confidence, issues: [], duplicateOfId: null }, rules)).toBe("ready");
    expect(weakestConfidence({ values, confidence }, rules)).toBeCloseTo(0.9);
    expect(fieldsNeedingReview({ values, confidence }, rules)).toEqual([]);
  });

  it("requiring the tax id sends the same invoice to review, with the field and the reason", () => {
    const strict = invoiceRules({ requiredFields: [...DEFAULT_REQUIRED_FIELDS, "vendorTaxId"] });
    expect(decideInvoiceStatus({ values, confidence, issues: [], duplicateOfId: null }, strict)).toBe("needs_review");
    expect(fieldsNeedingReview({ values, confidence }, strict)).toEqual([{ field: "vendorTaxId", state: "missing", confidence: 0 }]);
    expect(weakestConfidence({ values, confidence }, strict)).toBe(0);
    // the person types it in: ready again
    expect(decideInvoiceStatus({ values: { ...values, vendorTaxId: "B123" }, confidence, editedFields: ["vendorTaxId"], issues: [], duplicateOfId: null }, strict)).toBe("ready");
  });

  it("a failed check or a suspected duplicate keeps it in review whatever the fields say", () => {
    expect(decideInvoiceStatus({ values, confidence, issues: [{ code: "arithmetic" }], duplicateOfId: null }, rules)).toBe("needs_review");
    expect(decideInvoiceStatus({ values, confidence, issues: [], duplicateOfId: "x" }, rules)).toBe("needs_review");
  });
});
