import { describe, expect, it } from "vitest";
import { invoiceEvidence, readInvoicesOffline } from "./offline";
import { pageFromRows } from "./testing";
import type { ExtractedInvoice } from "./types";

function invoice(fields: Partial<ExtractedInvoice>): ExtractedInvoice {
  return {
    kind: "invoice", pageStart: 1, pageEnd: 1, invoiceNumber: null, issueDate: null, dueDate: null, vendorName: null, vendorTaxId: null,
    vendorAddress: null, billToName: null, currency: "EUR", subtotal: null, taxAmount: null, total: null, lineItems: [], confidence: {}, issues: [],
    ...fields,
  };
}
const titled = { kind: "other" as const, confidence: 0.6, evidence: ["only weak title evidence"], invoiceTitle: true };

describe("invoice evidence when the classifier is unsure", () => {
  it("reads a page whose title is only in a header image on its evidence, and names what it found", () => {
    const page = pageFromRows([
      [[40, "Le Fournisseur SA", 14]], [[40, "12 rue de la Paix, 75002 Paris"]], [[40, "TVA intracommunautaire : FR 32 123456789"]], [],
      [[320, "Monsieur Jean Martin"]], [[320, "3 place Bellecour, 69002 Lyon"]], [],
      [[40, "Référence : F20240023"]], [[40, "Date : 12/05/2024"]], [],
      [[380, "Total HT"], [480, "200,00"]], [[380, "TVA 20 %"], [480, "40,00"]], [[380, "Total TTC"], [480, "240,00"]],
      [[40, "Conditions de paiement : 30 jours fin de mois"]], [[40, "IBAN : FR76 3000 6000 0112 3456 7890 189"]],
    ]);
    const r = readInvoicesOffline([page]);
    expect(r.invoices).toHaveLength(1);
    const issue = r.invoices[0].issues[0];
    expect(issue.code).toBe("classified_unsure");
    expect(issue.message).toMatch(/net 200\.00 \+ tax 40\.00 = total 240\.00/);
    expect(issue.message).toMatch(/tax id \(FR32123456789\)/);
    expect(issue.message).toMatch(/an IBAN/);
    expect(issue.message).toMatch(/payment terms/);
    // the reason is what Documents shows beside the class, and the doubt keeps it out of "ready"
    expect(r.classification.evidence.join(" ")).toContain(issue.message);
    expect(Math.max(...Object.values(r.invoices[0].confidence).map(Number))).toBeLessThanOrEqual(0.7);
  });

  it("names payment terms in each language as evidence beside a tax id and an IBAN", () => {
    const inv = invoice({ issueDate: "2024-05-12", total: "240.00", vendorTaxId: "DE123456789" });
    const iban = "IBAN DE89 3704 0044 0532 0130 00";
    for (const terms of ["Payment terms: 30 days net", "Zahlbar innerhalb von 14 Tagen", "Conditions de paiement : 30 jours", "Condiciones de pago: 30 días", "Betalingstermijn: 30 dagen", "Condizioni di pagamento: 30 giorni", "Condições de pagamento: 30 dias"]) {
      expect(invoiceEvidence(inv, titled, `${terms}\n${iban}`), terms).toMatch(/payment terms/);
    }
    // a tax id and an IBAN alone with a total and a date are three signs, not four
    expect(invoiceEvidence(inv, titled, iban)).toBeNull();
  });

  it("reads an invoice whose date could not be read on its number, total and payment details, and says so", () => {
    const why = invoiceEvidence(invoice({ invoiceNumber: "F-12", total: "240.00" }), titled, "IBAN FR76 3000 6000 0112 3456 7890 189");
    expect(why).toMatch(/invoice number \(F-12\).*no date was read/);
    expect(invoiceEvidence(invoice({ invoiceNumber: "F-12", total: "240.00" }), { ...titled, invoiceTitle: undefined }, "IBAN FR76 3000 6000 0112 3456 7890 189")).toBeNull();
  });

  it("needs net + tax = total when no invoice word is on the page at all", () => {
    const inv = invoice({ issueDate: "2024-05-12", total: "240.00", vendorTaxId: "FR32123456789" });
    const text = "Conditions de paiement : 30 jours\nIBAN FR76 3000 6000 0112 3456 7890 189";
    const untitled = { kind: "other" as const, confidence: 0.6, evidence: ["no document title found"] };
    expect(invoiceEvidence(inv, untitled, text)).toBeNull();
    expect(invoiceEvidence({ ...inv, subtotal: "200.00", taxAmount: "40.00" }, untitled, text)).toMatch(/net 200\.00 \+ tax 40\.00 = total 240\.00/);
  });

  it("does not read a reminder or an order confirmation as the invoice it quotes", () => {
    for (const heading of ["Zahlungserinnerung", "Auftragsbestätigung"]) {
      const page = pageFromRows([
        [[40, "Muster GmbH", 14]], [[40, heading, 18]], [[40, "Nummer: 2024-12"]], [[40, "Datum: 12.05.2024"]],
        [[380, "Nettobetrag"], [480, "200,00"]], [[380, "MwSt 19 %"], [480, "38,00"]], [[380, "Gesamtbetrag"], [480, "238,00"]],
        [[40, "USt-IdNr. DE123456789"]], [[40, "IBAN DE89 3704 0044 0532 0130 00"]],
      ]);
      const r = readInvoicesOffline([page]);
      expect(r.invoices, heading).toHaveLength(0);
      expect(r.classification.evidence.join(" ")).toMatch(/not an invoice/);
    }
  });
});

describe("the invoice families' titles carry their number", () => {
  it.each([
    ["it", "Nota di accredito n. NC-7", "NC-7", "credit_note"],
    ["es", "Nota de abono nº NA-7", "NA-7", "credit_note"],
    ["de", "Gutschriftsanzeige Nr. G-7", "G-7", "credit_note"],
    ["pt", "Fatura-recibo n.º FR-7", "FR-7", "invoice"],
    ["nl", "Voorschotfactuur nr. VF-7", "VF-7", "invoice"],
    ["en", "Debit Note No. DN-7", "DN-7", "invoice"],
    ["fr", "Autofacturation n° AF-7", "AF-7", "invoice"],
  ])("%s '%s' → %s", (_lang, title, number, kind) => {
    const page = pageFromRows([
      [[40, "Northwind Trading", 14]], [[40, "Market Street 1, 10115 Springfield"]], [],
      [[320, title, 16]], [[320, "15.03.2024"]], [],
      [[350, "Net"], [500, "100.00"]], [[350, "VAT 20%"], [500, "20.00"]], [[350, "Total"], [500, "120.00"]],
    ]);
    const r = readInvoicesOffline([page]);
    expect(r.invoices[0]).toMatchObject({ kind, invoiceNumber: number });
  });
});
