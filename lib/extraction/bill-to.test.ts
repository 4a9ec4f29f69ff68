import { describe, expect, it } from "vitest";
import { extractInvoice } from "./extract";
import { pageFromRows } from "./testing";

const read = (rows: Parameters<typeof pageFromRows>[0]) => extractInvoice([pageFromRows(rows)], { pageStart: 1, pageEnd: 1 });
const totals: Parameters<typeof pageFromRows>[0] = [[], [[50, "Rechnung Nr. 4711 vom 05.03.2024"]], [[300, "Summe netto"], [450, "100,00"]], [[300, "USt 19 %"], [450, "19,00"]], [[300, "Gesamtbetrag"], [450, "119,00"]]];

describe("bill-to name", () => {
  it("reads the address window under the sender line (DIN 5008), no label needed", () => {
    const inv = read([
      [[50, "Acme GmbH | Europa-Allee 19 | 60486 Frankfurt", 7]],
      [[50, "Theodor Est"]],
      [[50, "Bahnstr. 42"]],
      [[50, "88802 Spielkreis"]],
      ...totals,
    ]);
    expect(inv.billToName).toBe("Theodor Est");
    expect(inv.vendorName).toBe("Acme GmbH");
  });

  it("reads an address window that opens with a salutation, not the salutation itself", () => {
    const inv = read([
      [[50, "MVM Musterhafter Versicherungsverein a.G.", 12]],
      [],
      [[50, "Herrn"]],
      [[50, "Max Mustermann"]],
      [[50, "Musterstr. 11"]],
      [[50, "12346 Bad Musterhausen"]],
      ...totals,
    ]);
    expect(inv.billToName).toBe("Max Mustermann");
    const labelled = read([[[50, "Käufer/Leistungsempfänger:"]], [[50, "Herrn"]], [[50, "Max Mustermann"]], [[50, "Musterstr. 11"]], ...totals]);
    expect(labelled.billToName).toBe("Max Mustermann");
  });

  it("does not take another column's title or key beside a party label for the name", () => {
    const title = read([
      [[40, "Lieferant"], [210, "Käufer"], [366, "RECHNUNGS-KORREKTUR"]],
      [[40, "MUSTERLIEFERANT GMBH"], [210, "MUSTER-KUNDE GMBH"]],
      [[40, "BAHNHOFSTRASSE 99"], [210, "KUNDENWEG 88"]],
      ...totals,
    ]);
    expect(title.billToName).toBe("MUSTER-KUNDE GMBH");
    const key = read([
      [[40, "Rechnungsempfänger"], [300, "Kundennummer"], [480, "GE2020211"]],
      [[50, "Kunden AG Mitte"]],
      [[50, "Kundenstraße 15"]],
      [[50, "69876 Frankfurt"]],
      ...totals,
    ]);
    expect(key.billToName).toBe("Kunden AG Mitte");
  });

  it("does not read a letterhead without a postcode line as an address window", () => {
    const inv = read([[[50, "Herrn"]], [[50, "Max Mustermann"]], [], [], [], [], [[50, "Vielen Dank für Ihren Auftrag."]], ...totals]);
    expect(inv.billToName).toBeNull();
  });
});
