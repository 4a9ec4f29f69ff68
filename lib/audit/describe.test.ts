import { describe, expect, it } from "vitest";
import { actionPhrase, describeAudit, fieldLabel, valueText } from "./describe";

describe("describeAudit", () => {
  it("a field edit reads as the field's name, before → after, with the status change beside it", () => {
    const d = describeAudit({
      action: "invoice.field_edited",
      before: { total: "117.00", confidence: 0.42, status: "needs_review" },
      after: { total: "116.00", status: "ready" },
    });
    expect(d.what).toBe("Edited a field");
    expect(d.changes).toEqual([
      { field: "Total", before: "117.00", after: "116.00" },
      { field: "Status", before: "needs review", after: "ready" },
    ]);
    expect(d.notes).toEqual([{ field: "Docket's confidence before", before: "", after: "42 %" }]);
  });

  it("a value typed into an empty field has no 'confidence before': Docket had found nothing to be sure of", () => {
    const d = describeAudit({ action: "invoice.field_edited", before: { subtotal: null, confidence: 0 }, after: { subtotal: "100.00" } });
    expect(d.changes).toEqual([{ field: "Subtotal", before: "—", after: "100.00" }]);
    expect(d.notes).toEqual([]);
  });

  it("an approval past a failed check shows the status change, and the reason and the failed checks as notes", () => {
    const d = describeAudit({
      action: "invoice.approved",
      before: { status: "needs_review" },
      after: { status: "approved", approvedDespite: ["Subtotal 100.00 + tax 19.00 ≠ total 120.00."], reason: "credit agreed" },
    });
    expect(d.what).toBe("Approved");
    expect(d.changes).toEqual([{ field: "Status", before: "needs review", after: "approved" }]);
    expect(d.notes).toEqual([
      { field: "Approved despite", before: "", after: "Subtotal 100.00 + tax 19.00 ≠ total 120.00." },
      { field: "Reason", before: "", after: "credit agreed" },
    ]);
  });

  it("never shows stored JSON or internal names: nested values and unknown keys become words", () => {
    const d = describeAudit({ action: "sending_account.updated", before: { limits: { perHour: 4, perDay: 25 } }, after: { limits: { perHour: 6, perDay: 25 } } });
    expect(d.what).toBe("Sending account updated");
    expect(d.changes).toEqual([{ field: "Limits", before: "Per hour: 4, Per day: 25", after: "Per hour: 6, Per day: 25" }]);
    for (const c of d.changes) expect(`${c.before} ${c.after}`).not.toMatch(/[{}"]/);
    expect(fieldLabel("rowNo")).toBe("Row");
    expect(fieldLabel("insured_value")).toBe("Insured value");
    expect(actionPhrase("fleet_row.corrected")).toBe("Corrected the vehicle code");
  });

  it("line-item edits (lists of objects) are counted, not dumped", () => {
    const d = describeAudit({ action: "invoice.lines_edited", before: [{ description: "a" }, { description: "b" }], after: [{ description: "a" }] });
    expect(d.changes).toEqual([{ field: "Items", before: "2 items", after: "1 item" }]);
    expect(valueText("x", [1, 2])).toBe("1; 2");
    expect(valueText("x", null)).toBe("—");
  });

  it("a change of the invoice rules names the fields and the threshold in words", () => {
    const d = describeAudit({
      action: "workspace.invoice_settings_changed",
      before: { requiredFields: null, reviewThreshold: null },
      after: { requiredFields: ["invoiceNumber", "vendorTaxId"], reviewThreshold: 0.85 },
    });
    expect(d.what).toBe("Changed the invoice review rules");
    expect(d.changes).toEqual([
      { field: "Required fields", before: "—", after: "Invoice number; Vendor tax ID" },
      { field: "Review threshold", before: "—", after: "85 %" },
    ]);
  });
});
