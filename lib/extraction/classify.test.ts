import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyDocument } from "./classify";
import { INVOICE_TITLE_FAMILIES, rejoinBrokenWord } from "./labels";
import { extractPdfPages } from "./pdf";
import { fixturesDir, pageFromRows } from "./testing";

const dir = join(fixturesDir, "text");
const all = readdirSync(dir).filter((f) => f.endsWith(".pdf"));

describe("classifyDocument", () => {
  it.each(all.filter((f) => f.includes("negative")))("%s is not an invoice", async (f) => {
    const truth = JSON.parse(readFileSync(join(dir, f.replace(".pdf", ".json")), "utf8"));
    const c = classifyDocument(await extractPdfPages(new Uint8Array(readFileSync(join(dir, f)))));
    expect(c.kind).toBe(truth.kind);
    expect(c.evidence.length).toBeGreaterThan(0);
  });

  it.each(all.filter((f) => /invoice-1|credit-note/.test(f)))("%s is an invoice or credit note", async (f) => {
    const truth = JSON.parse(readFileSync(join(dir, f.replace(".pdf", ".json")), "utf8"));
    const c = classifyDocument(await extractPdfPages(new Uint8Array(readFileSync(join(dir, f)))));
    expect(c.kind).toBe(truth.kind);
    expect(c.confidence).toBeGreaterThan(0.5);
  });

  it("takes 'Monsieur Jean Dupont' in the address for an address, and 'Madame, Monsieur,' alone on its line for a greeting", () => {
    const rows = (greeting: string) =>
      pageFromRows([
        [[40, "Le Fournisseur SARL", 14]],
        [[320, "Monsieur Jean Dupont"]],
        [[320, "5 avenue Foch"]],
        ...(greeting ? [[[40, greeting]] as [number, string][]] : []),
        [[40, "Facture"]],
        [[40, "N° de facture : F-2024-12"]],
        [[300, "Total TTC"], [470, "120,00 €"]],
        [[300, "Total HT"], [470, "100,00 €"]],
      ]);
    expect(classifyDocument([rows("")])).toMatchObject({ kind: "invoice" });
    expect(classifyDocument([rows("")]).letter).toBeUndefined();
    expect(classifyDocument([rows("Madame, Monsieur,")]).letter).toBe(true);
  });

  it("treats a pro-forma invoice as a quote even though it says invoice", () => {
    const page = pageFromRows([[[40, "Acme Ltd", 16], [400, "PROFORMA INVOICE", 20]], [[40, "Invoice No: 12"]], [[300, "Total"], [500, "1,000.00"]], [[300, "Subtotal"], [500, "900.00"]]]);
    expect(classifyDocument([page]).kind).toBe("quote");
  });

  it("treats an overdue reminder letter as other", () => {
    const page = pageFromRows([
      [[40, "Acme Ltd", 16]],
      [[40, "Dear customer,"]],
      [[40, "invoice INV-9 for $1,200.00 is overdue; the total is 1,200.00."]],
      [[40, "Sincerely"]],
    ]);
    expect(classifyDocument([page]).kind).toBe("other");
  });

  it("needs totals before calling something an invoice", () => {
    const page = pageFromRows([[[40, "INVOICE", 20]], [[40, "Terms and conditions of our invoices apply."]]]);
    expect(classifyDocument([page]).kind).toBe("other");
  });
});

// ---- invoice families in en, de, fr, es, nl, it, pt (made-up pages: a title over an ordinary invoice body) ----------

type Cell = [number, string] | [number, string, number];
const LABELS_BY_LANG: Record<string, { buyer: string; no: string; net: string; tax: string; total: string }> = {
  en: { buyer: "Mr John Smith", no: "Invoice No.", net: "Net amount", tax: "VAT 20%", total: "Total" },
  de: { buyer: "Herrn Max Mustermann", no: "Rechnungsnummer", net: "Nettobetrag", tax: "MwSt. 19%", total: "Gesamtbetrag" },
  fr: { buyer: "Monsieur Jean Martin", no: "N° de facture", net: "Total HT", tax: "TVA 20%", total: "Total TTC" },
  es: { buyer: "Sr. Juan Pérez", no: "Número de factura", net: "Base imponible", tax: "IVA 21%", total: "Total" },
  nl: { buyer: "Dhr. P. de Vries", no: "Factuurnummer", net: "Subtotaal", tax: "BTW 21%", total: "Totaal" },
  it: { buyer: "Sig. Mario Bianchi", no: "Numero fattura", net: "Imponibile", tax: "IVA 22%", total: "Totale" },
  pt: { buyer: "Sr. João Costa", no: "N.º da fatura", net: "Total sem IVA", tax: "IVA 23%", total: "Total" },
};

/** An invoice page in `lang` whose title row is `title` (cells, 18 pt), or no title at all. */
function titled(lang: string, title: Cell[], extra: Cell[][] = []) {
  const l = LABELS_BY_LANG[lang];
  const amt = (s: string) => (lang === "en" ? s : s.replace(".", ","));
  return pageFromRows([
    [[40, "Northwind Trading", 14]],
    [[40, "Market Street 1, 10115 Springfield"]],
    [[40, l.buyer]],
    title,
    [[320, `${l.no}: 2024-0042`]],
    [[320, "15.03.2024"]],
    ...extra,
    [[350, l.net], [500, amt("100.00")]],
    [[350, l.tax], [500, amt("20.00")]],
    [[350, l.total], [500, amt("120.00")]],
  ]);
}
const big = (s: string): Cell[] => [[320, s, 18]];

describe("invoice families by title", () => {
  it.each([
    // credit notes and corrections
    ["de", "Gutschriftsanzeige", "credit_note"],
    ["de", "Rechnungsstorno", "credit_note"],
    ["fr", "Note d'avoir", "credit_note"],
    ["es", "Nota de abono", "credit_note"],
    ["es", "Factura de abono", "credit_note"],
    ["nl", "Creditnote", "credit_note"],
    ["it", "Nota di accredito", "credit_note"],
    ["en", "Corrected Credit Note", "credit_note"],
    // partial, advance, final and simplified invoices
    ["en", "Final Invoice", "invoice"],
    ["en", "Advance Invoice", "invoice"],
    ["nl", "Voorschotfactuur", "invoice"],
    ["nl", "Eindfactuur", "invoice"],
    ["fr", "Facture d'acompte n° FA-12", "invoice"],
    ["es", "Factura de anticipo nº A-12", "invoice"],
    ["it", "Fattura di acconto n. 7", "invoice"],
    ["pt", "Fatura-recibo", "invoice"],
    ["de", "Korrigierte Rechnung", "invoice"],
    // self-billing: the buyer's invoice, not a credit note (a German "Gutschrift im Gutschriftverfahren" too)
    ["de", "Gutschrift im Gutschriftverfahren", "invoice"],
    ["fr", "Autofacturation", "invoice"],
    ["es", "Autofactura", "invoice"],
    ["it", "Autofattura", "invoice"],
    ["pt", "Autofaturação", "invoice"],
    ["nl", "Zelffacturatie", "invoice"],
    ["en", "Self-billing invoice", "invoice"],
    // debit notes are invoices; pro-forma compounds are quotes
    ["en", "Debit Note", "invoice"],
    ["fr", "Note de débit", "invoice"],
    ["nl", "Proformafactuur", "quote"],
    ["de", "Proformarechnung", "quote"],
  ])("%s '%s' is %s", (lang, title, kind) => {
    const c = classifyDocument([titled(lang, big(title))]);
    expect(c.kind, c.evidence.join("; ")).toBe(kind);
    expect(c.evidence.join("; ")).toContain(`'${title}'`); // decided by the title itself, not by the number label
  });

  it("reads a heading set letter by letter in separate text items ('R  E  C  H  N  U  N  G')", () => {
    const letters = [..."RECHNUNG"].map((ch, i): Cell => [300 + i * 30, ch, 18]);
    const c = classifyDocument([titled("de", letters)]);
    expect(c.kind).toBe("invoice");
    expect(c.evidence.join(" ")).toMatch(/RECHNUNG/);
  });

  it.each([
    // a heading's word broken by a stray space in the text layer (glyphs positioned in runs)
    ["de", "Rechnungskor rektur Nr. RK-2024-17", "credit_note"],
    ["de", "Rech nung Nr. 2024-0042", "invoice"],
    ["de", "Schlussrech nung", "invoice"],
    ["fr", "Fac ture N° F-2024-12", "invoice"],
    ["de", "RECH NUNG", "invoice"],
    ["en", "Tax Invo ice", "invoice"],
    ["es", "Fac tura nº A-12", "invoice"],
    ["nl", "Factu ur", "invoice"],
    ["it", "Fattu ra n. 7", "invoice"],
    ["pt", "Fatu ra n.º FT 2024/57", "invoice"],
    ["fr", "Av oir n° AV-3", "credit_note"],
    ["de", "Gutschr ift", "credit_note"],
  ])("%s '%s' (a title word broken by a space) is %s", (lang, title, kind) => {
    const c = classifyDocument([titled(lang, big(title))]);
    expect(c.kind, c.evidence.join("; ")).toBe(kind);
    expect(c.evidence.join("; ")).toContain(`'${title}'`); // decided by the title, not by the number label
  });

  it("restores a broken word only into a family, never joins a lone letter, and keeps broken reminders and quotes out", () => {
    expect(rejoinBrokenWord("Rechnungskor rektur Nr. 7", INVOICE_TITLE_FAMILIES)).toBe("Rechnungskorrektur Nr. 7");
    expect(rejoinBrokenWord("Ihre Rechnung vom Mai", INVOICE_TITLE_FAMILIES)).toBe("Ihre Rechnung vom Mai"); // already whole
    expect(rejoinBrokenWord("Liefer schein Nr. 8", INVOICE_TITLE_FAMILIES)).toBe("Liefer schein Nr. 8"); // not an invoice word
    expect(rejoinBrokenWord("Reste à voir", INVOICE_TITLE_FAMILIES)).toBe("Reste à voir"); // "à voir" is not "avoir"
    expect(rejoinBrokenWord("Bitte zahlen Sie", INVOICE_TITLE_FAMILIES)).toBe("Bitte zahlen Sie");
    for (const [lang, heading, kind] of [["de", "Zahlungserin nerung", "other"], ["en", "Payment remin der", "other"], ["fr", "Rel ance", "other"], ["de", "Auftragsbestäti gung", "other"], ["de", "Ange bot", "quote"], ["fr", "De vis", "quote"], ["de", "Proformarech nung", "quote"], ["de", "Liefer schein", "delivery_note"]]) {
      const c = classifyDocument([titled(lang, big(heading))]);
      expect(c.kind, `${heading}: ${c.evidence.join("; ")}`).toBe(kind);
    }
  });

  it("takes 'Monsieur Jean Martin' heading the address block for an address, 'Madame, Monsieur,' for a greeting", () => {
    expect(classifyDocument([titled("fr", big("Facture"))]).kind).toBe("invoice");
    const letter = classifyDocument([titled("fr", [[320, "Lyon, le 2 avril"]], [[[40, "Madame, Monsieur,"]], [[40, "Nous vous rappelons que la facture reste impayée."]]])]);
    expect(letter.letter).toBe(true);
    expect(letter.kind).toBe("other");
  });

  it("takes a letter that says it invoices as the invoice, in each language", () => {
    for (const [lang, phrase] of [["de", "hiermit berechnen wir Ihnen:"], ["en", "we hereby invoice you for:"], ["fr", "nous vous facturons :"], ["es", "le facturamos:"], ["nl", "wij factureren u:"], ["it", "vi fatturiamo:"], ["pt", "faturamos:"]]) {
      const greeting = { de: "Sehr geehrte Damen und Herren,", en: "Dear Sir or Madam,", fr: "Madame, Monsieur,", es: "Estimados señores,", nl: "Dear customer,", it: "Dear customer,", pt: "Dear customer," }[lang]!;
      const page = titled(lang, [[320, "Northwind"]], [[[40, greeting]], [[40, phrase.replace("faturamos", "lhe faturamos")]]]);
      const c = classifyDocument([page]);
      expect(c.letter, `${lang}: ${c.evidence.join("; ")}`).toBeUndefined();
    }
  });

  it("keeps reminders, statements and order confirmations out, even when they quote an invoice number", () => {
    for (const [lang, heading] of [["en", "Payment reminder"], ["de", "Zahlungserinnerung"], ["fr", "Relance"], ["es", "Recordatorio de pago"], ["nl", "Betalingsherinnering"], ["it", "Sollecito di pagamento"], ["pt", "Lembrete"], ["de", "Auftragsbestätigung"], ["en", "Order confirmation"], ["fr", "Confirmation de commande"]]) {
      const c = classifyDocument([titled(lang, big(heading))]);
      expect(c.kind, heading).toBe("other");
      expect(c.aboutInvoice, heading).toBe(true);
    }
  });

  it("takes another kind's word with its value beside it, or in a row of column headings, for the invoice's reference", () => {
    const ref = classifyDocument([titled("de", [[40, "Lieferschein"], [140, "LS-4711"]])]);
    expect(ref.kind).not.toBe("delivery_note");
    const row = classifyDocument([titled("fr", [[40, "Date"], [140, "Bon de livraison"], [300, "Client"]])]);
    expect(row.kind).not.toBe("delivery_note");
  });
});

describe("numbered title with the document type code", () => {
  it("reads 'Handelsrechnung (380) Nr. 471102 vom …' (the code EN 16931 renderers print) as the invoice's title", () => {
    for (const title of ["Handelsrechnung (380) Nr. 471102 vom 05.03.2018", "Rechnung des Versicherers (575) Nr. 00.123.456.7-2018-1 vom 11.03.2018"]) {
      const page = pageFromRows([
        [[57, "Beispiel-Rechnungen für ZUGFeRD 2.2, (c) FeRD 2022", 8]],
        [[65, title]],
        [[70, "Währung:"], [261, "EUR"]],
        [[70, "Summe Nettobetrag"], [400, "473,00"]],
        [[70, "Summe Umsatzsteuer"], [400, "56,87"]],
        [[70, "Gesamtbetrag"], [400, "529,87"]],
      ]);
      const c = classifyDocument([page]);
      expect(c.kind, title).toBe("invoice");
      expect(c.evidence.join(" ")).not.toMatch(/weak title/);
    }
  });
});
