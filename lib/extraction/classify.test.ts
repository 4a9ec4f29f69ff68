import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyDocument } from "./classify";
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
