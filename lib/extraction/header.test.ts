import { describe, expect, it } from "vitest";
import { extractInvoice } from "./extract";
import { paymentTermsDueDate, summaryTotals, titleNumber } from "./header";
import { buyerBlocks, companyFormName, sellerBlockName, senderLine } from "./parties";
import { pageLines } from "./layout";
import { readInvoicesOffline } from "./offline";
import { detectLocale } from "./parse";
import { pageFromRows } from "./testing";

const de = { lang: "de", decimal: ",", dayFirst: true } as const;
const en = { lang: "en", decimal: ".", dayFirst: false } as const;

describe("title line", () => {
  it("reads number and date from the title in de, en, fr, nl, it", () => {
    const cases: [string, string, string | null, typeof de | typeof en][] = [
      ["Handelsrechnung (380) Nr. 471102 vom 05.06.2018", "471102", "2018-06-05", de],
      ["Rechnung # RE-20140519/499 vom 19.05.2014", "RE-20140519/499", "2014-05-19", de],
      ["Invoice # RE-20190610/507 issued at 2019-06-10", "RE-20190610/507", "2019-06-10", en],
      ["Facture n° F2024-118 du 03/04/2024", "F2024-118", "2024-04-03", de],
      ["Factuur nr. 2024.0042 van 12-02-2024", "2024.0042", "2024-02-12", de],
      ["Fattura n. 57/A del 01/03/2024", "57/A", "2024-03-01", de],
      ["Rechnung Nr. 42", "42", null, de],
      // words before the title: a letter's "Ihre …", a booking note
      ["Ihre Rechnung Nr. 2024-17 vom 02.01.2024", "2024-17", "2024-01-02", de],
      ["Buchungshilfe - keine Rechnung Nr. 471102 vom 05.03.2018", "471102", "2018-03-05", de],
      // a title word broken by a stray space in the text layer
      ["Rechnungskor rektur Nr. RK-77 vom 05.03.2018", "RK-77", "2018-03-05", de],
      ["Fac ture n° F2024-9 du 03/04/2024", "F2024-9", "2024-04-03", de],
    ];
    for (const [text, number, date, loc] of cases) {
      const t = titleNumber(pageLines(pageFromRows([[[50, text]]])), loc);
      expect(t, text).toMatchObject({ number, date });
    }
    // a sentence mentioning an invoice is not a title
    expect(titleNumber(pageLines(pageFromRows([[[50, "Rechnung gemäß Bestellung vom 01.03.2018."]]])), de)).toBeNull();
  });
});

describe("summary block", () => {
  it("chooses net, tax and gross by arithmetic, ignoring surcharges, allowances and prepayments", () => {
    const lines = pageLines(pageFromRows([
      [[50, "Positionssumme"], [400, "180,76"]],
      [[50, "Gesamtbetrag der Zuschläge"], [400, "5,80"]],
      [[50, "Gesamtbetrag der Abschläge"], [400, "-9,07"]],
      [[50, "Rechnungssumme ohne USt."], [400, "177,49"]],
      [[50, "Steuerbetrag"], [400, "20,16"]],
      [[50, "Bruttosumme"], [400, "197,65"]],
      [[50, "Erhaltene Anzahlungen"], [400, "-50,00"]],
      [[50, "Zahlbetrag"], [400, "147,65"]],
    ]));
    expect(summaryTotals(lines, de)).toMatchObject({ subtotal: "177.49", taxAmount: "20.16", total: "197.65", amountDue: "147.65", consistent: true });
  });
  it("sums per-rate tax lines when only their sum balances (en)", () => {
    const lines = pageLines(pageFromRows([
      [[50, "Net total:"], [400, "496.00"]],
      [[50, "VAT 7%"], [300, "160.00"], [400, "11.20"]],
      [[50, "VAT 19%"], [300, "336.00"], [400, "63.84"]],
      [[50, "Due payable:"], [400, "571.04"]],
    ]));
    expect(summaryTotals(lines, en)).toMatchObject({ subtotal: "496.00", taxAmount: "75.04", total: "571.04", consistent: true });
  });
  it("reads a gross written out ('inklusive … Steuer'), not the balance carried over with it", () => {
    const lines = pageLines(pageFromRows([
      [[71, "Kfz-Haftpflicht SF25"], [436, "80,00 €"]],
      [[71, "Vollkasko SF25"], [431, "140,00 €"]],
      [[71, "vierteljährlicher Beitrag inklusive 19 % Versicherungsteuer"], [431, "220,00 €"]],
      [[71, "in diesem Beitrag enthaltene Versicherungsteuer"], [430, "(35,13 €)"]],
      [[71, "Ausstehende Forderung am Ausstellungstag"], [431, "220,00 €"]],
      [[71, "zu zahlender Beitrag"], [431, "440,00 €"]],
    ]));
    expect(summaryTotals(lines, de)).toMatchObject({ total: "220.00" });
  });
  it("reads abbreviations set with dots (T.T.C., H.T., T.V.A.) and labels with their amount stacked under them (fr)", () => {
    const fr = { lang: "fr", decimal: ",", dayFirst: true } as const;
    const dotted = pageLines(pageFromRows([
      [[300, "TOTAL H.T."], [470, "1 000,00 €"]],
      [[300, "T.V.A. 20 %"], [470, "200,00 €"]],
      [[300, "TOTAL T.T.C."], [470, "1 200,00 €"]],
    ]));
    expect(summaryTotals(dotted, fr)).toMatchObject({ subtotal: "1000.00", taxAmount: "200.00", total: "1200.00", consistent: true });
    const stacked = pageLines(pageFromRows([
      [[300, "Total HT"]], [[300, "1 000,00 €"]],
      [[300, "TVA (20%)"]], [[300, "200,00 €"]],
      [[300, "Total TTC"]], [[300, "1 200,00 €"]],
    ]));
    expect(summaryTotals(stacked, fr)).toMatchObject({ subtotal: "1000.00", taxAmount: "200.00", total: "1200.00", consistent: true });
  });
  it("counts two taxes of different names and equal amounts (CGST + SGST) as two", () => {
    const lines = pageLines(pageFromRows([
      [[50, "Taxable Value"], [400, "436,320.00"]],
      [[50, "CGST @ 9%"], [400, "39,268.80"]],
      [[50, "SGST @ 9%"], [400, "39,268.80"]],
      [[50, "Grand Total"], [400, "514,857.60"]],
    ]));
    expect(summaryTotals(lines, en)).toMatchObject({ subtotal: "436320.00", taxAmount: "78537.60", total: "514857.60", consistent: true });
  });
});

describe("the seller, never the buyer", () => {
  it("joins a seller name broken over two lines when the second ends in the legal form", () => {
    const lines = pageLines(pageFromRows([
      [[50, "Verkäufer:"]],
      [[50, "MVM Musterhafter"]],
      [[50, "Versicherungsverein Musterstadt a.G."]],
      [[50, "Musterstr. 12"]],
    ]));
    expect(sellerBlockName(lines)?.value).toBe("MVM Musterhafter Versicherungsverein Musterstadt a.G.");
    // a name that already ends in its form takes nothing from the line below
    const two = pageLines(pageFromRows([[[50, "Verkäufer:"]], [[50, "Lieferant GmbH"]], [[50, "Niederlassung Süd GmbH"]]]));
    expect(sellerBlockName(two)?.value).toBe("Lieferant GmbH");
  });

  it("takes the name in the seller block, skipping numbers, and never the buyer block", () => {
    const lines = pageLines(pageFromRows([
      [[50, "Käufer:"]],
      [[50, "Kunden AG Mitte"]],
      [[50, "Verkäufer:"]],
      [[50, "Nummer"], [134, ": 549910"]],
      [[50, "Globale Nummer: 4000001123452 (GTIN)"]],
      [[50, "Lieferant GmbH"]],
    ]));
    expect(sellerBlockName(lines)?.value).toBe("Lieferant GmbH");
    const buyers = buyerBlocks(lines);
    expect([...buyers].map((l) => l.text)).toContain("Kunden AG Mitte");
    expect(companyFormName(lines.filter((l) => !buyers.has(l)), buyers, 842)?.value).toBe("Lieferant GmbH");
  });
  it("reads a 'Name:' line of the seller block (fr)", () => {
    const lines = pageLines(pageFromRows([[[50, "Vendeur"]], [[50, "Numéro: 42"]], [[50, "Nom: Atelier Dupont SARL"]]]));
    expect(sellerBlockName(lines)?.value).toBe("Atelier Dupont SARL");
  });
  it("reads the sender line above the address window", () => {
    const lines = pageLines(pageFromRows([[[50, "Acme GmbH | Europa-Allee 19 | 60486 Frankfurt,"]], [[50, "Herr Karl Coyote"]]]));
    expect(senderLine(lines, 842)?.value).toBe("Acme GmbH");
  });
  it("scores a seller named in two places (its label block and its own web domain) above one named once", () => {
    const rows = (footer: string) =>
      pageFromRows([
        [[50, "Verkäufer"], [300, "Käufer"]],
        [[50, "Muster-Autovermietung"], [300, "Weber Logistik AG"]],
        [[50, "Rechnung Nr. 4711 vom 05.03.2024"]],
        ...Array.from({ length: 40 }, () => [] as [number, string][]),
        [[50, footer]],
      ]);
    const read = (footer: string) => extractInvoice([rows(footer)], { pageStart: 1, pageEnd: 1 }, { locale: de });
    const once = read("Vielen Dank für Ihren Auftrag");
    const web = read("www.muster-autovermietung.de");
    expect([once.vendorName, web.vendorName]).toEqual(["Muster-Autovermietung", "Muster-Autovermietung"]);
    expect(once.confidence.vendorName).toBeLessThan(0.95);
    expect(web.confidence.vendorName).toBe(0.96);
    // another company's domain seconds nothing
    expect(read("www.weber-logistik.de").confidence.vendorName).toBe(once.confidence.vendorName);
  });
  it("a whole invoice: buyer named first, vendor from its legal form in the footer", () => {
    const page = pageFromRows([
      [[50, "Bill to:"]],
      [[50, "Northwind Traders Inc."]],
      [[50, "Invoice No: 2024-77"]],
      [[50, "Date: 03/05/2024"]],
      [[50, "Subtotal"], [400, "100.00"]],
      [[50, "VAT 20%"], [400, "20.00"]],
      [[50, "Total"], [400, "120.00"]],
      ...Array.from({ length: 50 }, () => [] as [number, string][]),
      [[50, "Blue Harbor Ltd · Registered in England 01234567 · VAT GB123456789"]],
    ]);
    const inv = extractInvoice([page], { pageStart: 1, pageEnd: 1 }, { locale: detectLocale("Invoice Total Subtotal") });
    expect(inv.vendorName).not.toMatch(/Northwind/);
    expect(inv).toMatchObject({ invoiceNumber: "2024-77", total: "120.00", taxAmount: "20.00" });
  });
});

describe("no invoice lost silently", () => {
  it("reads a document the classifier calls 'other' as an invoice when it has a number, a total and a date, with the reason", () => {
    const page = pageFromRows([
      [[50, "Lieferant GmbH"]],
      [[50, "Beleg-Nr.: 4711"]],
      [[50, "Datum: 05.03.2024"]],
      [[50, "Summe netto"], [400, "100,00"]],
      [[50, "USt 19 %"], [400, "19,00"]],
      [[50, "Gesamtbetrag"], [400, "119,00"]],
    ]);
    const r = readInvoicesOffline([page]);
    expect(r.invoices).toHaveLength(1);
    expect(r.invoices[0].issues[0].code).toBe("classified_unsure");
    expect(Math.max(...Object.values(r.invoices[0].confidence).map(Number))).toBeLessThanOrEqual(0.7);
  });
  it("reads a receipt the same way, marked paid, and leaves a letter alone", () => {
    const receipt = pageFromRows([[[50, "RECEIPT", 20]], [[50, "Receipt #: R-2291"]], [[50, "Date: 2024-05-02"]], [[50, "Total"], [400, "42.50"]], [[50, "Paid by card"]]]);
    const r = readInvoicesOffline([receipt]);
    expect(r.invoices[0]).toMatchObject({ paid: true, total: "42.50" });
    const letter = pageFromRows([[[50, "Dear Sir or Madam,"]], [[50, "Invoice No: 2024-77 dated 2024-03-05 is overdue."]], [[50, "Total"], [400, "120.00"]]]);
    expect(readInvoicesOffline([letter]).invoices).toHaveLength(0);
  });
  it("reads anything as an invoice when a person asks, keeping the class and its reasons in the issue", () => {
    const quote = pageFromRows([[[50, "QUOTATION", 20]], [[50, "Quote No: Q-17"]], [[50, "Date: 2024-05-02"]], [[50, "Total"], [400, "900.00"]]]);
    expect(readInvoicesOffline([quote]).invoices).toHaveLength(0);
    const forced = readInvoicesOffline([quote], { forceInvoice: true });
    expect(forced.invoices[0].total).toBe("900.00");
    expect(forced.invoices[0].issues[0]).toMatchObject({ code: "read_as_invoice" });
    expect(forced.invoices[0].issues[0].message).toMatch(/classed it quote/);
  });
});

describe("payment terms", () => {
  it("takes the due date after 'bis' / 'until' in a payment sentence, not a discount date or a delivery date", () => {
    const de = pageLines(pageFromRows([[[50, "Lieferdatum 01.03.2018"]], [[50, "Zahlbar innerhalb 30 Tagen netto bis 04.04.2018, 3% Skonto innerhalb 10 Tagen bis 15.03.2018"]]]));
    expect(paymentTermsDueDate(de, true)).toBe("2018-04-04");
    const en = pageLines(pageFromRows([[[50, "Please remit until 2019-07-01."]]]));
    expect(paymentTermsDueDate(en, false)).toBe("2019-07-01");
    expect(paymentTermsDueDate(pageLines(pageFromRows([[[50, "Leistungszeitraum bis 31.03.2018"]]])), true)).toBeNull();
  });
});

describe("due date labels", () => {
  it("reads Fälligkeitstag, À régler avant le, Payable le, Data scadenza", () => {
    const cases: [string, string][] = [
      ["Fälligkeitstag: 01.04.2014", "2014-04-01"],
      ["À régler avant le 15/03/2024", "2024-03-15"],
      ["Payable le 15/03/2024", "2024-03-15"],
      ["Data scadenza 15/03/2024", "2024-03-15"],
    ];
    for (const [text, due] of cases) {
      const page = pageFromRows([[[50, "Lieferant GmbH", 14]], [[50, "Rechnung Nr. 42 vom 01.02.2024"]], [[50, text]], [[50, "Gesamtbetrag"], [400, "119,00"]]]);
      expect(extractInvoice([page], { pageStart: 1, pageEnd: 1 }).dueDate, text).toBe(due);
    }
  });
});
