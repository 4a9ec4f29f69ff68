import { describe, expect, it } from "vitest";
import { pageLines } from "./layout";
import { extractInvoice } from "./extract";
import { readTable } from "./table";
import { pageFromRows } from "./testing";

const loc = { lang: "de" as const, decimal: "," as const, dayFirst: true };

describe("line items from table geometry", () => {
  it("reads a header set over several lines, units after quantities, rates and a row whose amount sits below it", () => {
    const lines = pageLines(
      pageFromRows([
        [[74, "Art-Nr"], [484, "Positions-"]],
        [[53, "Pos"], [151, "Beschreibung"], [244, "Nettopreis"], [358, "Menge"], [440, "USt."], [508, "betrag"]],
        [[520, "ohne"]],
        [[520, "USt."]],
        [[59, "1"], [157, "Miettage"], [246, "86,5500"], [348, "2 Stk"], [437, "19 %"], [508, "173,10"]],
        [[157, "inkl. Vollkasko"]],
        [[59, "2"], [157, "Mineralwasser"], [246, "5,4900"], [348, "20 Stk"], [437, "7 %"]],
        [[74, "4000001234561"], [508, "109,80"]],
        [[288, "Rechnungssumme ohne USt."], [508, "282,90"]],
        [[288, "Bruttosumme"], [508, "325,63"]],
      ]),
    );
    const { items } = readTable(lines, loc);
    expect(items).toEqual([
      { description: "Miettage inkl. Vollkasko", quantity: "2", unitPrice: "86.55", amount: "173.10" },
      { description: "Mineralwasser", quantity: "20", unitPrice: "5.49", amount: "109.80" },
    ]);
  });

  it("takes the rightmost money column as the amount and an 'Amount' head left of the product as the quantity", () => {
    const lines = pageLines(
      pageFromRows([
        [[60, "Amount"], [120, "Product"], [291, "VAT"], [346, "Price"], [421, "Total"]],
        [[60, "1.00"], [120, "Design (hours)"], [291, "7%"], [346, "160.00 €"], [421, "160.00 €"]],
        [[60, "400.00"], [120, "Ballons"], [291, "19%"], [346, "0.79 €"], [421, "316.00 €"]],
        [[57, "Net total: 476.00 €"]],
      ]),
    );
    const { items } = readTable(lines, { lang: "en", decimal: ".", dayFirst: false });
    expect(items.map((i) => [i.description, i.quantity, i.amount])).toEqual([["Design (hours)", "1", "160.00"], ["Ballons", "400", "316.00"]]);
  });

  it("skips a larger section title above the heads, reads units like 'Tag(e)' and rows whose amount sits below, however far apart", () => {
    const lines = pageLines(
      pageFromRows([
        [[65, "Positionsdaten", 12]],
        [[70, "Pos"], [191, "Beschreibung"], [340, "Nettopreis"], [400, "Menge"], [437, "Steuersatz"], [494, "Nettobetrag"]],
        [[70, "1"], [191, "Miettage"], [349, "86,5500"], [397, "2 Tag(e)"], [455, "19 %"]],
        [[512, "173,10"]],
        [],
        [[191, "Weitere Eigenschaften:"]],
        [],
        [],
        [],
        [[70, "2"], [191, "Vollkasko"], [349, "23,1000"], [417, "2"], [455, "19 %"]],
        [[516, "46,20"]],
        [[213, "Rechnungssumme ohne USt."], [512, "219,30"]],
      ]),
    );
    const { items } = readTable(lines, loc);
    expect(items.map((i) => [i.description, i.quantity, i.unitPrice, i.amount])).toEqual([
      ["Miettage", "2", "86.55", "173.10"],
      ["Vollkasko", "2", "23.10", "46.20"],
    ]);
  });

  it("splits a rate head set against the amount head, takes the description from the second head line, keeps unnamed heads apart", () => {
    const lines = pageLines(
      pageFromRows([
        [[40, "GTIN"], [112, "Art-Nr-Lieferant"], [242, "Menge"], [347, "Nettopreis"], [491, "MwSt-% Nettowert"]],
        [[40, "Art-Nr-Kunde"], [112, "Artikelbezeichnung"]],
        [[40, "4123456000014"], [120, "ZS997"], [232, "100,0000 Stk."], [362, "1,0000"], [496, "19,0"], [539, "100,00"]],
        [[112, "Zitronensäure 100ml"]],
        [[40, "4100130013294"], [120, "2031"], [237, "15,0000 Stk."], [357, "12,0000"], [496, "19,0"], [539, "180,00"]],
        [[40, "K4321"], [112, "Bierbrau Pils"]],
      ]),
    );
    const { items } = readTable(lines, loc);
    expect(items.map((i) => [i.description, i.quantity, i.unitPrice, i.amount])).toEqual([
      ["ZS997 Zitronensäure 100ml", "100", "1.00", "100.00"],
      ["2031 Bierbrau Pils", "15", "12.00", "180.00"],
    ]);
  });
});

describe("table heads in seven languages", () => {
  // d description, r reference, n position, q quantity, u unit of measure, p unit price, a amount, t tax rate, x discount
  const tables: [string, string, "," | "."][] = [
    ["de", "n:Pos|r:Art.-Nr.|d:Bezeichnung|q:Menge|u:ME|p:EP|a:GP", ","],
    ["de", "d:Leistungsbeschreibung|q:Stunden|p:Stundensatz|a:Betrag", ","],
    ["de", "n:Pos.|d:Artikelbezeichnung|q:Anz.|p:E-Preis|t:USt %|a:Entgelt", ","],
    ["fr", "r:Réf.|d:Désignation|q:Qté|p:P.U. HT|a:Montant HT|t:TVA", ","],
    ["fr", "r:Référence|d:Produit|q:Qté|u:Unité|p:Prix HT|x:Remise %|a:Total HT", ","],
    ["nl", "r:Artikel|d:Omschrijving|q:Aantal|p:Stuksprijs|t:BTW %|a:Totaal", ","],
    ["nl", "d:Omschrijving|q:Aantal|p:Eenheidsprijs|a:Totaal excl. BTW", ","],
    ["it", "d:Descrizione|u:U.M.|q:Q.tà|p:Prezzo unitario|t:IVA|a:Totale", ","],
    ["it", "d:Descrizione|q:Quantità|p:Prezzo unit.|t:Aliquota IVA|a:Imponibile", ","],
    ["pt", "r:Artigo|d:Descrição|q:Quant.|p:Preço unit.|t:IVA|a:Total", ","],
    ["pt", "d:Designação|q:Qtd.|u:Un.|p:Preço Unit.|t:Taxa|a:Valor", ","],
    ["es", "r:Ref.|d:Artículo|q:Cant.|p:Precio ud.|x:Dto.|a:Importe", ","],
    ["en", "r:SKU|d:Item description|q:Units|p:Unit cost|t:Tax|a:Line total", "."],
  ];
  for (const [lang, spec, decimal] of tables) {
    it(`reads ${lang}: ${spec.replace(/\w:/g, "")}`, () => {
      const cols = spec.split("|").map((c) => [c[0], c.slice(2)] as const);
      const xs: number[] = [];
      let at = 20;
      for (const [kind, head] of cols) {
        xs.push(at);
        at += Math.max(head.length, kind === "d" ? 12 : 6) * 5 + 14;
      }
      const money = (v: number) => (decimal === "," ? v.toFixed(2).replace(".", ",") : v.toFixed(2));
      const cell = (kind: string, r: number) =>
        ({ n: String(r + 1), r: `A-${100 + r}`, d: ["Widget groß", "Service"][r], q: String([2, 5][r]), u: "Stk", p: money([12.5, 3][r]), a: money([25, 15][r]), t: "20%", x: "0%" })[kind]!;
      const rows: [number, string][][] = [cols.map(([, head], i) => [xs[i], head])];
      for (const r of [0, 1]) rows.push(cols.map(([kind], i) => [xs[i], cell(kind, r)]));
      rows.push([[300, "Total"], [480, money(40)]]);
      const { items } = readTable(pageLines(pageFromRows(rows)), { lang: "en", decimal, dayFirst: true });
      expect(items.map((i) => [i.description?.replace(/^A-\d+ /, ""), i.quantity, i.unitPrice, i.amount])).toEqual([
        ["Widget groß", "2", "12.50", "25.00"],
        ["Service", "5", "3.00", "15.00"],
      ]);
    });
  }
});

describe("allowances inside the table", () => {
  const rows = (after: [number, string][][]) =>
    pageLines(
      pageFromRows([
        [[50, "Pos"], [107, "Art.Nr."], [180, "Artikelbeschreibung"], [293, "Menge"], [407, "Preis/Einheit"], [525, "Entgelt"]],
        [[50, "1"], [107, "55T01"], [180, "Kunstrasen grün"], [293, "3,00"], [409, "4,00"], [520, "12,00"]],
        [[353, "abzgl."], [400, "16,7% Rabatt"], [524, "-2,00"]],
        ...after,
      ]),
    );
  it("takes an allowance between two rows off the row above it", () => {
    const { items } = readTable(rows([[[50, "2"], [107, "55T02"], [180, "Schweinesteak"], [293, "5,00"], [409, "5,50"], [522, "27,50"]]]), loc);
    expect(items.map((i) => i.amount)).toEqual(["10.00", "27.50"]);
  });
  it("leaves an allowance under the last row to the invoice's totals", () => {
    const { items } = readTable(rows([[[180, "Zwischensumme"], [517, "10,00"]]]), loc);
    expect(items.map((i) => i.amount)).toEqual(["12.00"]);
  });
});

describe("allowances and charges set in the table", () => {
  it("does not read an allowance or charge with its base as an item", () => {
    const lines = pageLines(
      pageFromRows([
        [[50, "Pos"], [107, "Bezeichnung"], [293, "Menge"], [407, "Einzelpreis"], [525, "Betrag"]],
        [[50, "1"], [107, "Pfand"], [293, "20"], [409, "2,77"], [520, "55,40"]],
        [[107, "Abschlag Sondernachlass"], [350, "10 %"], [409, "55,40"], [524, "-5,54"]],
        [[107, "Zuschlag Versandkosten"], [409, "55,40"], [527, "5,80"]],
        [[288, "Summe netto"], [520, "55,66"]],
      ]),
    );
    expect(readTable(lines, loc).items.map((i) => [i.description, i.amount])).toEqual([["Pfand", "55.40"]]);
  });

  it("does not read a charge that names its tax category ('Zuschlag Versandkosten … 7 % UST (S)') as an item", () => {
    const lines = pageLines(
      pageFromRows([
        [[50, "Pos"], [107, "Bezeichnung"], [293, "Menge"], [407, "Einzelpreis"], [470, "USt."], [525, "Betrag"]],
        [[50, "1"], [107, "Pfand"], [293, "20"], [409, "2,77"], [470, "19 %"], [520, "55,40"]],
        [[107, "Zuschlag Versandkosten"], [409, "55,40"], [460, "7 % UST (S)"], [527, "5,80"]],
        [[107, "Surcharge express delivery"], [409, "55,40"], [465, "VAT 20 %"], [527, "3,00"]],
        [[288, "Summe netto"], [520, "64,20"]],
      ]),
    );
    expect(readTable(lines, loc).items.map((i) => [i.description, i.amount])).toEqual([["Pfand", "55.40"]]);
  });
});

describe("heads looked up once per text", () => {
  const en = { lang: "en" as const, decimal: "." as const, dayFirst: false };
  // two plain heads set close together, read as one segment each ("Qty Description", "Unit price Amount")
  const invoice = () =>
    pageLines(
      pageFromRows([
        [[60, "Qty Description"], [340, "Unit price Amount"]],
        [[60, "2"], [90, "Widgets"], [340, "5.00"], [420, "10.00"]],
        [[60, "1"], [90, "Setup fee"], [340, "25.00"], [420, "25.00"]],
        [[300, "Subtotal"], [420, "35.00"]],
      ]),
    );
  const want = [
    { description: "Widgets", quantity: "2", unitPrice: "5.00", amount: "10.00" },
    { description: "Setup fee", quantity: "1", unitPrice: "25.00", amount: "25.00" },
  ];

  it("splits two heads read as one segment, and reads the same table the same after a long document in between", () => {
    expect(readTable(invoice(), en).items).toEqual(want);
    // a contract's pages: prose lines, some stacked like heads, none a table; more distinct texts than are kept
    const prose = Array.from({ length: 2500 }, (_, i): [number, string][] => [
      [60, `Clause ${i} Description of the service and the amount payable`],
      [340, i % 2 ? "Total" : `Quantity ${i}`],
    ]);
    for (let p = 0; p < 25; p++) expect(readTable(pageLines(pageFromRows(prose.slice(p * 100, p * 100 + 100))), en).items).toEqual([]);
    expect(readTable(invoice(), en).items).toEqual(want);
  });
});

describe("a list without column heads above the totals", () => {
  const read = (rows: Parameters<typeof pageFromRows>[0]) => extractInvoice([pageFromRows(rows)], { pageStart: 1, pageEnd: 1 });
  // amounts set flush right at x = 465 (a cell is 5 pt a character wide)
  const right = (s: string): [number, string] => [465 - s.length * 5, s];
  const letter = (list: Parameters<typeof pageFromRows>[0], net: string, tax: string, gross: string) => [
    [[71, "Muster Versicherung AG", 14]],
    [[71, "Beitragsrechnung Nr. 2024-117"], [425, "24.01.2024"]],
    [],
    [[71, "Folgende Risiken sind versichert:"]],
    ...list,
    [[71, "Gesamtbeitrag"], right(net)],
    [[71, "Versicherungsteuer 19 %"], right(tax)],
    [[71, "Rechnungsbetrag"], right(gross)],
  ] as Parameters<typeof pageFromRows>[0];

  it("reads label-and-amount lines that add up to the net as items, text under a line as its description", () => {
    const inv = read(letter([
      [[71, "Privathaftpflicht"], right("50,00 €")],
      [[71, "- Deckung 5 Mio. € je Schadenereignis"]],
      [[71, "Lebensgefährte/in zur Privathaftpflicht"], right("0,00 €")],
      [[71, "Glasversicherung"], right("12,50 €")],
    ], "62,50 €", "11,88 €", "74,38 €"));
    expect(inv.subtotal).toBe("62.50");
    expect(inv.lineItems.map((i) => [i.description, i.amount])).toEqual([
      ["Privathaftpflicht - Deckung 5 Mio. € je Schadenereignis", "50.00"],
      ["Lebensgefährte/in zur Privathaftpflicht", "0.00"],
      ["Glasversicherung", "12.50"],
    ]);
  });

  it("reads nothing when the lines do not add up to the net (gross prices, or not a list of the invoice's items)", () => {
    const inv = read(letter([
      [[71, "Kfz-Haftpflicht SF25"], right("80,00 €")],
      [[71, "Vollkasko SF25"], right("140,00 €")],
    ], "184,87 €", "35,13 €", "220,00 €"));
    expect(inv.subtotal).toBe("184.87");
    expect(inv.lineItems).toEqual([]);
  });
});

describe("section sub-totals inside the table", () => {
  const right = (s: string, x2: number): [number, string] => [x2 - s.length * 5, s];
  const fr = { lang: "fr" as const, decimal: "," as const, dayFirst: true };
  const table = (after: Parameters<typeof pageFromRows>[0]) =>
    pageLines(pageFromRows([
      [[40, "Désignation"], [250, "Quantité"], [320, "Unité"], [380, "PU HT"], [480, "Total HT"]],
      [[40, "Lot 1 : Maçonnerie"]],
      [[40, "Mur en parpaings"], [250, "10"], [320, "m²"], right("45,00", 420), right("450,00", 530)],
      [[40, "Enduit"], [250, "10"], [320, "m²"], right("20,00", 420), right("200,00", 530)],
      [[40, "Sous-total Lot 1"], right("650,00", 530)],
      ...after,
    ]));

  it("reads on after a sub-total that sums its section, when a full row (quantity × price = amount) follows", () => {
    const lines = table([
      [[40, "Lot 2 : Peinture"]],
      [[40, "Peinture murale"], [250, "20"], [320, "m²"], right("12,00", 420), right("240,00", 530)],
      [[40, "Plinthes"], [250, "4"], [320, "ml"], right("5,00", 420), right("20,00", 530)],
      [[40, "Sous-total Lot 2"], right("260,00", 530)],
      [[300, "Total HT"], right("910,00", 530)],
    ]);
    expect(readTable(lines, fr).items.map((i) => [i.description, i.amount])).toEqual([
      ["Mur en parpaings", "450.00"], ["Enduit", "200.00"], ["Peinture murale", "240.00"], ["Plinthes", "20.00"],
    ]);
  });

  it("ends at a sub-total followed by the tax, or by rows that are not items (a rate table)", () => {
    const lines = table([
      [[40, "Taux"], [250, "Base HT"], [480, "Montant TVA"]],
      [[40, "TVA normale"], [250, "20 %"], right("650,00", 420), right("130,00", 530)],
      [[300, "TVA 20 %"], right("130,00", 530)],
      [[300, "Total TTC"], right("780,00", 530)],
    ]);
    expect(readTable(lines, fr).items.map((i) => i.amount)).toEqual(["450.00", "200.00"]);
  });
});
