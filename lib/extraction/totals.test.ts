import { describe, expect, it } from "vitest";
import { extractInvoice } from "./extract";
import { summaryTotals } from "./header";
import { pageLines } from "./layout";
import { findAmounts } from "./parse";
import { pageFromRows } from "./testing";
import type { TextItem } from "./types";

type Rows = Parameters<typeof pageFromRows>[0];
const comma = { lang: "fr", decimal: ",", dayFirst: true } as const;

describe("amounts written with their sign or currency after them", () => {
  it("reads brackets around amount and currency, a minus after the amount, and a code before or after", () => {
    const one = (s: string) => findAmounts(s, ",").map((a) => a.value);
    expect(one("(35,13 €)")).toEqual(["-35.13"]);
    expect(one("(1.234,50 EUR)")).toEqual(["-1234.50"]);
    expect(one("EUR 35,13-")).toEqual(["-35.13"]);
    expect(one("35,13- EUR")).toEqual(["-35.13"]);
    expect(one("35,13 EUR")).toEqual(["35.13"]);
    // a range or a date is not a negative amount
    expect(one("Seite 1-2")).not.toContain("-1");
    expect(one("12,50-13,00")).not.toContain("-12.50");
  });
});

describe("grand-total label families, cross-checked by net + tax = gross", () => {
  const families: [string, string, string][] = [
    ["Nettobetrag", "MwSt. 19%", "Gesamtbetrag"],
    ["Summe netto", "zzgl. 19 % USt.", "Rechnungsbetrag"],
    ["Warenwert", "Umsatzsteuer 19 %", "zu zahlen"],
    ["Nettosumme", "USt. 19%", "Zahlbetrag"],
    ["Summe Positionen", "Umsatzsteuer", "Endbetrag"],
    ["Total HT", "TVA 20%", "Montant TTC"],
    ["Montant HT", "Montant TVA", "Net à payer"],
    ["Total hors taxes", "Total TVA", "Total à payer"],
    ["Net commercial", "Taxe", "Montant dû"],
    ["Base imponible", "IVA 21%", "Importe total"],
    ["Importe neto", "I.V.A. 21 %", "Total factura"],
    ["Subtotaal", "BTW 21%", "Totaal te betalen"],
    ["Totaal excl. BTW", "BTW", "Te voldoen"],
    ["Imponibile", "IVA 22%", "Totale documento"],
    ["Imponibile", "IVA", "Netto a pagare"],
    ["Total sem IVA", "IVA 23%", "Total a pagar"],
    ["Total ilíquido", "Total IVA", "Total do documento"],
  ];
  const layouts: [string, (label: string, amount: string) => Rows][] = [
    ["on one line", (l, a) => [[[300, l], [470, a]]]],
    ["after a colon", (l, a) => [[[300, `${l}: ${a}`]]]],
    ["stacked", (l, a) => [[[300, l]], [[300, a]]]],
  ];
  for (const [net, tax, gross] of families) {
    for (const [layout, row] of layouts) {
      it(`${net} / ${tax} / ${gross}, ${layout}`, () => {
        const page = pageFromRows([
          [[40, "Muster Lieferant GmbH", 14]],
          [[40, "Rechnung Nr. 2024-17"]],
          [[40, "Datum 02.01.2024"]],
          [],
          ...row(net, "1.234,50 €"),
          ...row(tax, "234,56 €"),
          ...row(gross, "1.469,06 €"),
        ]);
        const inv = extractInvoice([page], { pageStart: 1, pageEnd: 1 });
        expect([inv.subtotal, inv.taxAmount, inv.total]).toEqual(["1234.50", "234.56", "1469.06"]);
      });
    }
  }
  it("reads a credit note's amounts in brackets or with the minus after them", () => {
    for (const fmt of [(v: string) => `(${v} €)`, (v: string) => `${v}-`, (v: string) => `EUR ${v}-`]) {
      const page = pageFromRows([
        [[40, "Le Fournisseur SARL", 14]],
        [[40, "Avoir N° AV-2024-3"]],
        [[40, "Date : 02/01/2024"]],
        [[300, "Total HT"], [470, fmt("1 234,50")]],
        [[300, "TVA 20 %"], [470, fmt("246,90")]],
        [[300, "Total TTC"], [470, fmt("1 481,40")]],
      ]);
      const inv = extractInvoice([page], { pageStart: 1, pageEnd: 1 }, { kind: "credit_note" });
      expect([inv.subtotal, inv.taxAmount, inv.total]).toEqual(["-1234.50", "-246.90", "-1481.40"]);
    }
  });
});

describe("summary layouts", () => {
  it("pairs a label with its amount set a little lower to its right (cells aligned apart)", () => {
    const page = pageFromRows([[[40, "Facture N° F-12"]]]);
    const add = (x: number, y: number, str: string) => page.items.push({ str, x, y, width: str.length * 5, height: 10 } as TextItem);
    add(320, 100, "Total HT");
    add(460, 106, "1 234,50 €");
    add(320, 120, "Total TVA");
    add(460, 126, "246,90 €");
    add(320, 140, "Total TTC");
    add(460, 146, "1 481,40 €");
    expect(summaryTotals(pageLines(page), comma)).toMatchObject({ subtotal: "1234.50", taxAmount: "246.90", total: "1481.40", consistent: true });
  });
  it("finds net and gross under labels it cannot name from the printed tax", () => {
    const lines = pageLines(pageFromRows([
      [[300, "Warenwert gesamt (Katalog)"], [470, "1 234,50"]],
      [[300, "TVA"], [470, "246,90"]],
      [[300, "Ihre Investition"], [470, "1 481,40"]],
    ]));
    expect(summaryTotals(lines, comma)).toMatchObject({ subtotal: "1234.50", taxAmount: "246.90", total: "1481.40", consistent: true });
    // without a printed tax nothing is guessed
    const untaxed = pageLines(pageFromRows([[[300, "Katalogwert"], [470, "1 234,50"]], [[300, "Ihre Investition"], [470, "1 481,40"]]]));
    expect(summaryTotals(untaxed, comma)?.consistent ?? false).toBe(false);
  });
  it("takes the tax from a balanced summary when the labelled total balances without one", () => {
    const page = pageFromRows([
      [[50, "Muster GmbH", 14]],
      [[50, "Rechnung Nr. R18-31 vom 03.10.2018"]],
      [[294, "Rechnungssumme ohne USt."], [508, "380,00"]],
      [[294, "Steuerbetrag in"], [460, "EUR"], [520, "0,00"]],
      [[294, "Bruttosumme"], [508, "380,00"]],
      [[294, "Zahlbetrag"], [508, "380,00"]],
    ]);
    const inv = extractInvoice([page], { pageStart: 1, pageEnd: 1 });
    expect([inv.subtotal, inv.taxAmount, inv.total]).toEqual(["380.00", "0.00", "380.00"]);
  });
});

describe("tax breakdown per rate, with allowances and charges", () => {
  const read = (rows: Rows) => {
    const inv = extractInvoice([pageFromRows(rows)], { pageStart: 1, pageEnd: 1 });
    return [inv.subtotal, inv.taxAmount, inv.total];
  };
  it("adds up the taxes of every rate when no sum of them is printed (de: base after the allowance column)", () => {
    expect(read([
      [[40, "Lieferant GmbH", 14]], [[40, "Rechnung Nr. 4711 vom 05.06.2018"]], [],
      [[51, "Art (Kategorie)"], [161, "Warenwert"], [230, "Zu-/Abschlag"], [310, "Basisbetrag"], [424, "USt. %"], [472, "Steuerbetrag"]],
      [[51, "Umsatzsteuer (S)"], [161, "147,30"], [240, "-14,73"], [340, "132,57"], [454, "7"], [520, "9,28"]],
      [[51, "Umsatzsteuer (S)"], [161, "55,46"], [240, "5,80"], [346, "61,26"], [448, "19"], [514, "11,64"]],
      [[288, "Nettobetrag"], [508, "193,83"]],
      [[288, "Gesamtbetrag"], [508, "214,75"]],
    ])).toEqual(["193.83", "20.92", "214.75"]);
  });
  it("takes an allowance column right of the base off the base (fr: Base HT | Remise | Montant TVA)", () => {
    expect(read([
      [[40, "Le Fournisseur SARL", 14]], [[40, "Facture N° F-12 du 05/06/2018"]], [],
      [[51, "Taux"], [161, "Base HT"], [250, "Remise"], [340, "Montant TVA"]],
      [[51, "20,00 %"], [161, "1 000,00"], [250, "-50,00"], [340, "190,00"]],
      [[51, "5,50 %"], [161, "200,00"], [340, "11,00"]],
      [[300, "Net à payer"], [480, "1 351,00 €"]],
    ])).toEqual(["1150.00", "201.00", "1351.00"]);
  });
});

describe("tax included in the gross", () => {
  it("reads the tax inside the gross ('darin enthaltene … (35,13 €)', 'dont TVA') and the net as their difference", () => {
    const de = pageLines(pageFromRows([
      [[71, "vierteljährlicher Beitrag inklusive 19 % Versicherungsteuer"], [431, "220,00 €"]],
      [[71, "in diesem Beitrag enthaltene Versicherungsteuer"], [430, "(35,13 €)"]],
    ]));
    expect(summaryTotals(de, comma)).toMatchObject({ subtotal: "184.87", taxAmount: "35.13", total: "220.00" });
    const fr = pageLines(pageFromRows([[[300, "Total TTC"], [470, "120,00 €"]], [[300, "dont TVA 20 %"], [470, "20,00 €"]]]));
    expect(summaryTotals(fr, comma)).toMatchObject({ subtotal: "100.00", taxAmount: "20.00", total: "120.00" });
  });
});

describe("digit groups set apart by no-break or thin spaces", () => {
  it("keeps '1 234,50' one amount after line building, whatever the document's decimal mark", () => {
    for (const space of ["\u00a0", "\u202f", "\u2009", "\u2007"]) {
      const [dot, comma] = pageLines(pageFromRows([[[40, `Montant total 1${space}234.50`]], [[40, `Montant total 1${space}234,50\u00a0€`]]]));
      expect(findAmounts(dot.text, ".").map((a) => a.value), JSON.stringify(space)).toEqual(["1234.50"]);
      expect(findAmounts(comma.text, ",").map((a) => a.value)).toEqual(["1234.50"]);
    }
    // a plain space after a word still separates two numbers where the dot is the decimal mark
    expect(findAmounts("Qty 2 100.00", ".").map((a) => a.value)).toEqual(["2", "100.00"]);
  });
});

describe("totals the summary block leaves out or only mentions", () => {
  const right = (s: string, x2 = 540): [number, string] => [x2 - s.length * 5, s];
  const invoice = (summary: Rows) =>
    extractInvoice([pageFromRows([
      [[40, "Le Fournisseur SARL", 14]], [[40, "Facture N° F-2024-12"]], [[40, "Date : 02/01/2024"]], [],
      [[40, "Désignation"], [300, "Qté"], [360, "Prix unitaire HT"], [470, "Montant HT"]],
      [[40, "Prestation de conseil"], [300, "2"], right("500,00", 420), right("1 000,00")],
      [[40, "Frais de déplacement"], [300, "1"], right("234,50", 420), right("234,50")], [],
      ...summary,
    ])], { pageStart: 1, pageEnd: 1 });

  it("takes the net from the lines when no net is printed and lines + tax = total", () => {
    const inv = invoice([[[330, "TVA 20 %"], right("246,90")], [[330, "Total TTC"], right("1 481,40")]]);
    expect([inv.subtotal, inv.taxAmount, inv.total]).toEqual(["1234.50", "246.90", "1481.40"]);
  });

  it("reads no tax amount from a tax exemption mention ('TVA non applicable, art. 293 B du CGI', 'USt. nach § 19 UStG')", () => {
    for (const mention of ["TVA non applicable, art. 293 B du CGI", "Umsatzsteuer nach § 19 UStG wird nicht berechnet", "VAT not applicable, article 44 of Directive 2006/112"]) {
      const inv = invoice([[[330, "Total"], right("1 234,50")], [[40, mention]]]);
      expect([inv.subtotal, inv.taxAmount, inv.total], mention).toEqual(["1234.50", null, "1234.50"]);
    }
  });
});

describe("summary labels the text layer broke or that name a price", () => {
  const head: Rows = [[[50, "Muster GmbH", 14]], [[50, "Rechnung Nr. R18-31 vom 03.10.2018"]]];
  it("reads a totals label whose word the text layer broke with a space ('Br uttosumme', 'Za hlbetrag') whole", () => {
    const page = pageFromRows([
      ...head,
      [[294, "Rechnungssumme ohne USt."], [508, "380,00"]],
      [[294, "Steuerbetrag"], [508, "72,20"]],
      [[294, "Br uttosumme"], [508, "452,20"]],
      [[294, "Za hlbetrag"], [508, "452,20"]],
    ]);
    const inv = extractInvoice([page], { pageStart: 1, pageEnd: 1 });
    expect([inv.subtotal, inv.taxAmount, inv.total]).toEqual(["380.00", "72.20", "452.20"]);
    // words that stay apart when joined into no totals word are not joined
    expect(summaryTotals(pageLines(pageFromRows([[[294, "Ab holung"], [508, "452,20"]]])), comma)).toBeNull();
  });
  it("does not take a position's gross price ('Bruttopreis 119,00 inkl. 19 % USt') for the invoice total", () => {
    const page = pageFromRows([
      ...head,
      [[60, "Pos. 1  Beratung"], [420, "Bruttopreis"], [508, "238,00"]],
      [[60, "Pos. 2  Schulung"], [420, "Bruttopreis"], [508, "476,00"]],
      [[294, "Rechnungssumme ohne USt."], [508, "600,00"]],
      [[294, "Steuerbetrag"], [508, "114,00"]],
      [[294, "Bruttosumme"], [508, "714,00"]],
    ]);
    expect(summaryTotals(pageLines(page), comma)).toMatchObject({ subtotal: "600.00", taxAmount: "114.00", total: "714.00", consistent: true });
    // without the sum of the positions, a price is still no total
    const prices = pageLines(pageFromRows([...head, [[60, "Pos. 1  Beratung"], [420, "Bruttopreis"], [508, "238,00"]]]));
    expect(summaryTotals(prices, comma)?.total ?? null).toBeNull();
  });
});
