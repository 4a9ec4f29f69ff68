import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractInvoice } from "./extract";
import { readInvoicesOffline } from "./offline";
import { fixturesDir, loadFixture, pageFromRows } from "./testing";

const singles = readdirSync(join(fixturesDir, "text"))
  .filter((f) => /-(invoice-\d|credit-note|multipage)\.pdf$/.test(f))
  .map((f) => f.replace(".pdf", ""));

describe("extractInvoice on the fixtures", () => {
  it.each(singles)("%s: header fields, totals and line items match the ground truth", async (name) => {
    const { pages, truth } = await loadFixture(name);
    const t = truth.invoices[0];
    const inv = extractInvoice(pages, { pageStart: t.pageStart, pageEnd: t.pageEnd }, { kind: t.kind });
    expect({
      invoiceNumber: inv.invoiceNumber, issueDate: inv.issueDate, dueDate: inv.dueDate, vendorName: inv.vendorName, vendorTaxId: inv.vendorTaxId,
      billToName: inv.billToName, currency: inv.currency, subtotal: inv.subtotal, taxAmount: inv.taxAmount, total: inv.total,
    }).toEqual({
      invoiceNumber: t.invoiceNumber, issueDate: t.issueDate, dueDate: t.dueDate, vendorName: t.vendorName, vendorTaxId: t.vendorTaxId,
      billToName: t.billToName, currency: t.currency, subtotal: t.subtotal, taxAmount: t.taxAmount, total: t.total,
    });
    expect(inv.lineItems.map((l) => [l.description, Number(l.quantity), l.unitPrice, l.amount])).toEqual(
      t.lineItems.map((l) => [l.description, Number(l.quantity), l.unitPrice, l.amount]),
    );
    expect(inv.issues).toEqual([]);
    expect(inv.confidence.total).toBeGreaterThanOrEqual(0.8);
  });
});

describe("readInvoicesOffline", () => {
  it("reads every invoice of a batch PDF with its own number and page span", async () => {
    const { pages, truth } = await loadFixture("de-batch");
    const { invoices } = readInvoicesOffline(pages);
    expect(invoices.map((i) => [i.invoiceNumber, i.pageStart, i.pageEnd, i.total])).toEqual(truth.invoices.map((i) => [i.invoiceNumber, i.pageStart, i.pageEnd, i.total]));
  });

  it("reads nothing from a quote, a letter or a delivery note", async () => {
    for (const name of ["en-US-negative-quotation", "de-negative-angebot", "fr-negative-letter", "es-MX-negative-delivery-note"]) {
      const { pages } = await loadFixture(name);
      expect(readInvoicesOffline(pages).invoices, name).toEqual([]);
    }
  });
});

describe("layout-aware reading", () => {
  it("takes the value below a label, sums CGST + SGST and reads lakh amounts", () => {
    const page = pageFromRows([
      [[40, "Shree Traders Pvt Ltd", 16], [420, "TAX INVOICE", 18]],
      [[40, "GSTIN: 27AAPFU0939F1ZV"]],
      [[40, "Invoice No."], [200, "Invoice Date"]],
      [[40, "ST/1001"], [200, "05-Mar-2024"]],
      [[40, "Bill To:"]],
      [[40, "Bharat Retail"]],
      [[40, "Description"], [300, "Qty"], [380, "Rate"], [480, "Amount"]],
      [[40, "Steel brackets"], [300, "10"], [380, "10,000.00"], [480, "1,00,000.00"]],
      [[300, "Taxable Value"], [480, "1,00,000.00"]],
      [[300, "CGST @ 9%"], [480, "9,000.00"]],
      [[300, "SGST @ 9%"], [480, "9,000.00"]],
      [[300, "Grand Total"], [480, "1,18,000.00"]],
      [[300, "Currency: INR"]],
    ]);
    const inv = extractInvoice([page], { pageStart: 1, pageEnd: 1 });
    expect(inv).toMatchObject({
      invoiceNumber: "ST/1001", issueDate: "2024-03-05", vendorName: "Shree Traders Pvt Ltd", vendorTaxId: "27AAPFU0939F1ZV", billToName: "Bharat Retail",
      currency: "INR", subtotal: "100000.00", taxAmount: "18000.00", total: "118000.00",
    });
    expect(inv.lineItems).toEqual([{ description: "Steel brackets", quantity: "10", unitPrice: "10000.00", amount: "100000.00" }]);
  });

  it("flags a total that does not add up and lowers its confidence", () => {
    const page = pageFromRows([
      [[40, "Acme Inc.", 16], [450, "INVOICE", 20]],
      [[350, "Invoice No:"], [450, "77"]],
      [[350, "Date:"], [450, "March 5, 2024"]],
      [[40, "Description"], [300, "Qty"], [380, "Unit Price"], [480, "Amount"]],
      [[40, "Widget"], [300, "2"], [380, "10.00"], [480, "20.00"]],
      [[300, "Subtotal"], [480, "$20.00"]],
      [[300, "Tax"], [480, "$2.00"]],
      [[300, "Total"], [480, "$25.00"]],
    ]);
    const inv = extractInvoice([page], { pageStart: 1, pageEnd: 1 });
    expect(inv.total).toBe("25.00");
    expect(inv.currency).toBe("USD");
    expect(inv.issues.map((i) => i.code)).toEqual(["arithmetic"]);
    expect(inv.confidence.total).toBeLessThan(0.8);
  });
});
