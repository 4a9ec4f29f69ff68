import { describe, expect, it } from "vitest";
import { extractInvoice } from "./extract";
import { applyMemories, learnField, matchKnownVendor, memoriesFor } from "./memory";
import { pageFromRows } from "./testing";

const invoiceOf = (n: string, total: string) =>
  pageFromRows([
    [[50, "Kontor Nord GmbH", 14]],
    [[50, "Vorgang"], [300, "Belegkennung"]],
    [[50, "Lieferung"], [300, n]],
    [[50, "Datum: 05.03.2024"]],
    [[50, "Summe netto"], [400, "100,00"]],
    [[50, "USt 19 %"], [400, "19,00"]],
    [[50, "Endsumme"], [400, total]],
  ]);

describe("vendor memory", () => {
  it("learns the label above a corrected value and reads the vendor's next invoice from it", () => {
    const first = invoiceOf("KN-2024-0815", "119,00");
    const span = { pageStart: 1, pageEnd: 1 };
    const m = learnField([first], span, "invoiceNumber", "KN-2024-0815", "learned from your correction of KN-2024-0815 on 2026-12-06");
    expect(m).toMatchObject({ label: "belegkennung", relation: "below" });

    const next = invoiceOf("KN-2024-0902", "119,00");
    const read = extractInvoice([next], span);
    const vendor = { vendorName: "Kontor Nord GmbH", taxId: null, memories: [m!] };
    expect(memoriesFor([next], [vendor])).toBe(vendor);
    const applied = applyMemories([next], read, vendor);
    expect(applied.invoiceNumber).toBe("KN-2024-0902");
    expect(applied.sources?.invoiceNumber).toBe("learned");
    expect(applied.learned?.invoiceNumber).toBe("learned from your correction of KN-2024-0815 on 2026-12-06");
  });
  it("does not apply to another vendor's invoice", () => {
    const other = pageFromRows([[[50, "Andere Firma AG"]], [[50, "Rechnung Nr. 1"]]]);
    expect(memoriesFor([other], [{ vendorName: "Kontor Nord GmbH", taxId: "DE123456789", memories: [] }])).toBeNull();
  });
  it("takes a known vendor's name when the seller's tax ID on the page is that vendor's", () => {
    const inv = extractInvoice([invoiceOf("KN-1", "119,00")], { pageStart: 1, pageEnd: 1 });
    const withId = { ...inv, vendorName: "Kontor", vendorTaxId: "DE 812 345 679" };
    const out = matchKnownVendor(withId, [{ name: "Kontor Nord GmbH", taxId: "DE812345679" }, { name: "Other AG", taxId: null }]);
    expect(out.vendorName).toBe("Kontor Nord GmbH");
    expect(out.learned?.vendorName).toBe('known vendor with tax ID DE812345679 (the page read "Kontor")');
    expect(matchKnownVendor(withId, [{ name: "Other AG", taxId: "DE999999999" }]).vendorName).toBe("Kontor");
  });
});
