import { describe, expect, it } from "vitest";
import { readInvoicesOffline } from "./offline";
import { pageFromRows } from "./testing";

// Invoice families the German/French e-invoice corpus lacks, each in two layouts (label: value on one line, and a
// label column with values to the right). General label and layout rules only.

type Rows = Parameters<typeof pageFromRows>[0];
const read = (rows: Rows) => readInvoicesOffline([pageFromRows(rows)]);

const cases: { name: string; rows: Rows; want: Record<string, string> }[] = [
  {
    name: "Dutch web shop (nl)",
    rows: [
      [[40, "Bol Winkel B.V.", 16]],
      [[40, "FACTUUR", 20]],
      [[40, "Factuurnummer: NL-2024-0042"]],
      [[40, "Factuurdatum: 12-02-2024"]],
      [[40, "Klant: J. de Vries"]],
      [[40, "Subtotaal"], [450, "€ 100,00"]],
      [[40, "BTW 21%"], [450, "€ 21,00"]],
      [[40, "Totaal"], [450, "€ 121,00"]],
    ],
    want: { invoiceNumber: "NL-2024-0042", issueDate: "2024-02-12", vendorName: "Bol Winkel B.V.", currency: "EUR", taxAmount: "21.00", total: "121.00" },
  },
  {
    name: "Italian supplier (it), label column",
    rows: [
      [[40, "Forniture Rossi S.r.l.", 16]],
      [[40, "Fattura"], [200, "n. 57/A"]],
      [[40, "Data fattura"], [200, "01/03/2024"]],
      [[40, "Cliente:"], [200, "Bianchi SpA"]],
      [[40, "Imponibile"], [450, "1.000,00"]],
      [[40, "IVA 22%"], [450, "220,00"]],
      [[40, "Totale documento"], [450, "1.220,00 EUR"]],
    ],
    want: { invoiceNumber: "57/A", issueDate: "2024-03-01", vendorName: "Forniture Rossi S.r.l.", currency: "EUR", taxAmount: "220.00", total: "1220.00" },
  },
  {
    name: "Portuguese services (pt)",
    rows: [
      [[40, "Serviços Lisboa Lda", 16]],
      [[40, "FATURA", 20]],
      [[40, "Fatura n.º FT 2024/118"]],
      [[40, "Data de emissão: 2024-04-03"]],
      [[40, "Total sem IVA"], [450, "200,00 €"]],
      [[40, "IVA 23%"], [450, "46,00 €"]],
      [[40, "Total a pagar"], [450, "246,00 €"]],
    ],
    want: { issueDate: "2024-04-03", vendorName: "Serviços Lisboa Lda", currency: "EUR", taxAmount: "46.00", total: "246.00" },
  },
  {
    name: "SaaS billing receipt (en), paid",
    rows: [
      [[40, "Cloudnote, Inc.", 14]],
      [[40, "Receipt", 20]],
      [[40, "Invoice number"], [250, "A1B2C3D4-0007"]],
      [[40, "Date paid"], [250, "March 5, 2024"]],
      [[40, "Bill to"], [250, "Jane Doe"]],
      [[40, "Subtotal"], [450, "$20.00"]],
      [[40, "Tax"], [450, "$1.60"]],
      [[40, "Amount paid"], [450, "$21.60"]],
    ],
    want: { invoiceNumber: "A1B2C3D4-0007", vendorName: "Cloudnote, Inc.", currency: "USD", taxAmount: "1.60", total: "21.60" },
  },
  {
    name: "Indian marketplace tax invoice (en-IN)",
    rows: [
      [[40, "Sold By: Shree Traders Pvt Ltd", 12]],
      [[40, "Tax Invoice", 18]],
      [[40, "Invoice Number: IN-DEL-4411"]],
      [[40, "Invoice Date: 05.03.2024"]],
      [[40, "Billing Address: Ravi Kumar"]],
      [[40, "Taxable Value"], [450, "₹1,000.00"]],
      [[40, "IGST 18%"], [450, "₹180.00"]],
      [[40, "Grand Total"], [450, "₹1,180.00"]],
    ],
    want: { invoiceNumber: "IN-DEL-4411", issueDate: "2024-03-05", vendorName: "Shree Traders Pvt Ltd", currency: "INR", taxAmount: "180.00", total: "1180.00" },
  },
  {
    name: "Hotel folio with stay dates (de)",
    rows: [
      [[40, "Hotel Seeblick GmbH", 16]],
      [[40, "Rechnung Nr. 2024-881"]],
      [[40, "Anreise 01.03.2024"], [250, "Abreise 03.03.2024"]],
      [[40, "Rechnungsdatum: 03.03.2024"]],
      [[40, "Übernachtung"], [300, "2"], [380, "90,00"], [460, "180,00"]],
      [[40, "Nettobetrag"], [460, "168,22"]],
      [[40, "MwSt 7%"], [460, "11,78"]],
      [[40, "Gesamtbetrag"], [460, "180,00 EUR"]],
    ],
    want: { invoiceNumber: "2024-881", issueDate: "2024-03-03", vendorName: "Hotel Seeblick GmbH", currency: "EUR", taxAmount: "11.78", total: "180.00" },
  },
  {
    name: "Telecom bill with a billing period (fr)",
    rows: [
      [[40, "Télécom Ouest SA", 16]],
      [[40, "Facture n° 1234567890 du 10/04/2024"]],
      [[40, "Période de facturation du 01/03/2024 au 31/03/2024"]],
      [[40, "Total HT"], [460, "41,66 €"]],
      [[40, "TVA 20%"], [460, "8,33 €"]],
      [[40, "Total TTC"], [460, "49,99 €"]],
      [[40, "Montant à payer"], [460, "49,99 €"]],
    ],
    want: { invoiceNumber: "1234567890", issueDate: "2024-04-10", vendorName: "Télécom Ouest SA", currency: "EUR", taxAmount: "8.33", total: "49.99" },
  },
];

describe("invoice families beyond the corpus", () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = read(c.rows);
      expect(r.invoices, JSON.stringify(r.classification)).toHaveLength(1);
      const inv = r.invoices[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(c.want)) expect(inv[k], `${c.name}: ${k}`).toBe(v);
    });
  }
});
