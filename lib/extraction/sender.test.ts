import { describe, expect, it } from "vitest";
import { processDocument } from "./process";
import { businessDomain, senderCompany, vendorFromSender } from "./sender";
import { pageFromRows } from "./testing";
import { readInvoicesOffline } from "./offline";

// An invoice page with no seller evidence at all: no letterhead, no seller label, no legal footer.
const bare = () =>
  readInvoicesOffline([
    pageFromRows([
      [[40, "Invoice", 18]],
      [[40, "Invoice number: 2024-77"]],
      [[40, "Invoice date: 2024-05-02"]],
      [[40, "Bill to: Contoso Cafe"]],
      [[370, "Subtotal"], [470, "100.00 EUR"]],
      [[370, "VAT 20%"], [470, "20.00 EUR"]],
      [[370, "Total"], [470, "120.00 EUR"]],
    ]),
  ]).invoices[0];

describe("the vendor from the sender's email domain", () => {
  it("names the company behind a business domain, never a free-mail provider", () => {
    expect(businessDomain("billing@mail.acme-tools.co.uk")).toEqual({ label: "acme-tools", domain: "acme-tools.co.uk" });
    expect(businessDomain("jane.doe@gmail.com")).toBeNull();
    expect(senderCompany({ address: "invoices@acme-tools.de", name: "Acme Tools Billing" })?.name).toBe("Acme Tools");
    expect(senderCompany({ address: "noreply@brightlabs.io", name: "Billing" })?.name).toBe("Brightlabs");
    expect(senderCompany({ address: "rechnung@kontor-nord.de", name: "Max Mustermann" })?.name).toBe("Kontor Nord");
  });

  it("fills the seller of an invoice whose pages show none, and says where it came from", () => {
    const inv = bare();
    expect(inv.vendorName === null || (inv.confidence.vendorName ?? 0) < 0.6).toBe(true);
    const out = vendorFromSender(inv, { address: "billing@acme-tools.de", name: "Acme Tools GmbH" });
    expect(out.vendorName).toBe("Acme Tools GmbH");
    expect(out.confidence.vendorName).toBe(0.7);
    expect(out.learned?.vendorName).toContain("acme-tools.de");
  });

  it("leaves a seller the pages name alone, and does not take the buyer's own domain or free mail", () => {
    const inv = bare();
    const named = { ...inv, vendorName: "Northwind Traders Ltd", confidence: { ...inv.confidence, vendorName: 0.88 } };
    expect(vendorFromSender(named, { address: "billing@acme-tools.de" }).vendorName).toBe("Northwind Traders Ltd");
    expect(vendorFromSender(inv, { address: "jane@contoso-cafe.com", name: "Jane" }).vendorName).toBe(inv.vendorName);
    expect(vendorFromSender(inv, { address: "someone@gmail.com", name: "Acme" }).vendorName).toBe(inv.vendorName);
  });

  it("confirms a page vendor that the sender's domain names", () => {
    const inv = bare();
    const weak = { ...inv, vendorName: "Acme Tools", confidence: { ...inv.confidence, vendorName: 0.5 } };
    const out = vendorFromSender(weak, { address: "billing@acme-tools.de" });
    expect(out.vendorName).toBe("Acme Tools");
    expect(out.confidence.vendorName).toBe(0.95);
  });

  it("takes a display name with its legal form as the seller's, even from free mail, and confirms a page vendor of that name", () => {
    const inv = bare();
    const out = vendorFromSender(inv, { address: "muellerbau@gmx.de", name: "Müller Bau GmbH" });
    expect(out.vendorName).toBe("Müller Bau GmbH");
    expect(out.confidence.vendorName).toBe(0.7);
    expect(out.learned?.vendorName).toContain("sender's name");
    // a person's name says nothing; nor does the buyer's own name
    expect(vendorFromSender(inv, { address: "jane@gmx.de", name: "Jane Doe" }).vendorName).toBe(inv.vendorName);
    expect(vendorFromSender(inv, { address: "cafe@gmx.de", name: "Contoso Cafe GmbH" }).vendorName).toBe(inv.vendorName);
    // a page vendor of the same name gains confidence; a sure page vendor of another name is kept
    const weak = { ...inv, vendorName: "Müller Bau", confidence: { ...inv.confidence, vendorName: 0.5 } };
    expect(vendorFromSender(weak, { address: "info@gmx.de", name: "Müller Bau GmbH" }).confidence.vendorName).toBe(0.9);
    const sure = { ...inv, vendorName: "Northwind Traders Ltd", confidence: { ...inv.confidence, vendorName: 0.88 } };
    expect(vendorFromSender(sure, { address: "x@gmx.de", name: "Müller Bau GmbH" }).vendorName).toBe("Northwind Traders Ltd");
  });

  it("is applied by processDocument when the document came by mail", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { fixturesDir } = await import("./testing");
    const data = new Uint8Array(readFileSync(join(fixturesDir, "text", "en-US-invoice-1.pdf")));
    const plain = await processDocument(data, { contentType: "application/pdf", rawConfidence: true });
    expect(plain.invoices[0].vendorName).toBe("Acme Supplies Inc.");
    // the seller's own domain confirms the page's seller; a free-mail sender changes nothing
    const mailed = await processDocument(data, { contentType: "application/pdf", rawConfidence: true, sender: { address: "billing@acmesupplies.com" } });
    expect(mailed.invoices[0].vendorName).toBe("Acme Supplies Inc.");
    expect(mailed.invoices[0].confidence.vendorName).toBe(Math.max(0.95, plain.invoices[0].confidence.vendorName ?? 0));
    const free = await processDocument(data, { contentType: "application/pdf", rawConfidence: true, sender: { address: "ap@gmail.com" } });
    expect(free.invoices[0]).toEqual(plain.invoices[0]);
  });
});
