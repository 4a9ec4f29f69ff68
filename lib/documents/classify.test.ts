import { describe, expect, it } from "vitest";
import { classifyPages } from "./classify";

describe("classifyPages", () => {
  // An invoice correction that lists the delivery notes it corrects ("Lieferschein" in its heading and lines) is an
  // invoice in Invoices; Documents must not call it a delivery note beside the reason "embedded … e-invoice".
  const correction = [
    {
      page: 1,
      text: [
        "Rechnungskorrektur 471102",
        "Lieferschein 123 vom 01.03.2018",
        "Lieferschein 124 vom 02.03.2018",
        "Lieferschein 125 vom 03.03.2018",
        "Pos. Artikel Menge Preis",
        "1 Trennblätter A4 20 9,90",
        "Gesamtbetrag 235,62 EUR",
      ].join("\n"),
    },
  ];

  it("keeps the invoice reader's class when page words point to another class the reader decides (delivery note, quote, receipt)", () => {
    expect(classifyPages(correction, { readerClass: "invoice" }).cls).toBe("invoice");
    expect(classifyPages(correction, { readerClass: "credit_note" }).cls).toBe("credit_note");
  });

  it("still classes a delivery note by its words when the reader had no class for it", () => {
    expect(classifyPages(correction, {}).cls).toBe("delivery_note");
  });

  it("still lets policies and fleet lists be recognised by their words", () => {
    const policy = [{ page: 1, text: "Póliza de seguro\nCarátula de la póliza 88-1\nAsegurado: Transportes del Norte\nPrima total 12,000.00" }];
    expect(classifyPages(policy, { readerClass: "other" }).cls).toBe("policy");
  });
});
