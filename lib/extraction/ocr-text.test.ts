import { describe, expect, it } from "vitest";
import { extractInvoice } from "./extract";
import { repairOcrWords } from "./ocr-text";
import { pageFromRows } from "./testing";

const words = (line: string) => line.split(" ").map((str, k) => ({ str, x: 40 + k * 60, y: 40, width: str.length * 5, height: 10 }));

describe("OCR confusions", () => {
  it("reads 'ii' inside a word back as 'ü' on a German page, and leaves other languages alone", () => {
    const de = repairOcrWords(words("Rechnung der Miiller GmbH fiir Gebiihren zuziigl. MwSt und Versand"));
    expect(de.map((w) => w.str).join(" ")).toBe("Rechnung der Müller GmbH für Gebühren zuzügl. MwSt und Versand");
    const en = repairOcrWords(words("Invoice for skiing lessons and the total amount due"));
    expect(en.map((w) => w.str).join(" ")).toContain("skiing");
  });
  it("matches a label once repaired ('zuziigl. MwSt' is the tax line)", () => {
    const rows = [
      [[40, "Miiller GmbH", 14]],
      [[40, "Rechnung Nr. 42 vom 01.02.2024"]],
      [[40, "Summe netto"], [400, "100,00"]],
      [[40, "Zuziigl. Umsatzsteuer 19 %"], [400, "19,00"]],
      [[40, "Gesamtbetrag fiir die Lieferung"], [400, "119,00"]],
    ] as Parameters<typeof pageFromRows>[0];
    const page = pageFromRows(rows);
    const repaired = { ...page, items: repairOcrWords(page.items) };
    const inv = extractInvoice([repaired], { pageStart: 1, pageEnd: 1 });
    expect(inv).toMatchObject({ vendorName: "Müller GmbH", taxAmount: "19.00", total: "119.00" });
  });
});
