import { describe, expect, it } from "vitest";
import { readInvoicesOffline } from "./offline";
import { pageFromRows } from "./testing";

// The seller from the letterhead: one place on the page is a guess, two places that agree are not.
const invoice = (footer: [number, string, number][] | null, name = "Transportes del Bajío") =>
  readInvoicesOffline([
    pageFromRows([
      [[40, name, 16]],
      [[40, "Blvd. Bernardo Quintana 300, 76090 Querétaro"]],
      [[40, "INVOICE", 18]],
      [[40, "Invoice number: TB-2291"]],
      [[40, "Invoice date: 2026-11-02"]],
      [[40, "Bill to: Acme Operations"]],
      [],
      [[40, "Description"], [470, "Amount"]],
      [[40, "Flete Querétaro–CDMX"], [470, "8400.00"]],
      [[370, "Subtotal"], [470, "8400.00"]],
      [[370, "Tax 16%"], [470, "1344.00"]],
      [[370, "Total MXN"], [470, "9744.00"]],
      // the page's foot
      ...(footer ? [...Array.from({ length: 40 }, () => []), footer] : []),
    ]),
  ]).invoices[0];

describe("the seller from the letterhead", () => {
  it("is sure when the page names it again (a legal footer) or the issuer's own domain matches it", () => {
    const alone = invoice(null);
    const footer = invoice([[40, "Transportes del Bajío · Querétaro · Tel. 442 000 0000", 8]]);
    const domain = invoice([[40, "facturacion@transportesdelbajio.mx", 8]]);
    expect([alone.vendorName, footer.vendorName, domain.vendorName]).toEqual(["Transportes del Bajío", "Transportes del Bajío", "Transportes del Bajío"]);
    expect(footer.confidence.vendorName).toBeGreaterThan(alone.confidence.vendorName!);
    expect(domain.confidence.vendorName).toBeGreaterThan(alone.confidence.vendorName!);
    expect(footer.confidence.vendorName).toBeGreaterThanOrEqual(0.9);
  });

  it("is not made sure by another company's name or domain", () => {
    const alone = invoice(null);
    const other = invoice([[40, "Paid via Stripe · receipts@stripe.com", 8]]);
    expect(other.vendorName).toBe("Transportes del Bajío");
    expect(other.confidence.vendorName).toBe(alone.confidence.vendorName);
  });
});
