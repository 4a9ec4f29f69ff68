import { describe, expect, it } from "vitest";
import { pageLines } from "./layout";
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
