import { describe, expect, it } from "vitest";
import { splitInvoices } from "./split";
import { loadFixture, pageFromRows } from "./testing";

describe("splitInvoices", () => {
  it.each(["en-US-batch", "en-IN-batch", "es-MX-batch", "de-batch", "fr-batch"])("%s: one span per invoice, multi-page ones kept whole", async (name) => {
    const { pages, truth } = await loadFixture(name);
    expect(splitInvoices(pages)).toEqual(truth.invoices.map((i) => ({ pageStart: i.pageStart, pageEnd: i.pageEnd })));
  });

  it.each(["en-US-multipage", "de-multipage", "fr-multipage"])("%s is one invoice over several pages", async (name) => {
    const { pages, truth } = await loadFixture(name);
    expect(truth.invoices[0].pageEnd).toBeGreaterThan(1);
    expect(splitInvoices(pages)).toEqual([{ pageStart: 1, pageEnd: truth.invoices[0].pageEnd }]);
  });

  it("continues on the same invoice number and starts anew on a different one", () => {
    const p = (n: number, number: string, total: boolean) =>
      pageFromRows([[[40, "INVOICE", 20]], [[40, `Invoice No: ${number}`]], ...(total ? [[[300, "Total"], [500, "10.00"]] as [number, string][]] : [])], n);
    expect(splitInvoices([p(1, "A-1", false), p(2, "A-1", true), p(3, "A-2", true), p(4, "A-3", true)])).toEqual([
      { pageStart: 1, pageEnd: 2 },
      { pageStart: 3, pageEnd: 3 },
      { pageStart: 4, pageEnd: 4 },
    ]);
  });

  it("follows 'Page x of y' when pages carry no number", () => {
    const p = (n: number, of: string) => pageFromRows([[[40, "Some Vendor"]], [[40, "line"], [500, of]]], n);
    expect(splitInvoices([p(1, "Page 1 of 2"), p(2, "Page 2 of 2"), p(3, "Página 1 de 1")])).toEqual([
      { pageStart: 1, pageEnd: 2 },
      { pageStart: 3, pageEnd: 3 },
    ]);
  });
});
