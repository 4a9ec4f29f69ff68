import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractorFromEnv, runExtract } from "./extract";

const fixtures = join(import.meta.dirname, "../../lib/extraction/fixtures/text");
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } };
};

describe("docket extract", () => {
  it("writes <name>.json with the exact shape, numbers as JSON numbers and null for unknowns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extract-"));
    const t = io();
    const code = await runExtract(["extract", join(fixtures, "de-invoice-1.pdf"), "--out", dir], t.io, { env: {} });
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, "de-invoice-1.json"), "utf8"));
    const truth = JSON.parse(readFileSync(join(fixtures, "de-invoice-1.json"), "utf8")).invoices[0];
    expect(Object.keys(json)).toEqual(["invoices"]);
    expect(json.invoices).toHaveLength(1);
    const inv = json.invoices[0];
    expect(Object.keys(inv)).toEqual([
      "invoiceNumber", "issueDate", "dueDate", "vendorName", "vendorTaxId", "billToName", "currency", "subtotal", "taxAmount", "total", "lineItems", "confidence",
    ]);
    expect(inv.invoiceNumber).toBe(truth.invoiceNumber);
    expect(inv.issueDate).toBe(truth.issueDate);
    expect(inv.currency).toBe("EUR");
    expect(typeof inv.total).toBe("number");
    expect(inv.total).toBeCloseTo(Number(truth.total), 2);
    expect(Object.keys(inv.lineItems[0])).toEqual(["description", "quantity", "unitPrice", "amount"]);
    expect(typeof inv.lineItems[0].amount).toBe("number");
    expect(inv.confidence.total).toBeGreaterThan(0.5);
    expect(t.out.join("")).toMatch(/de-invoice-1\.pdf: invoice, 1 page\(s\), 1 invoice\(s\)/);
  });

  it("writes an empty list for a quote and null for a missing due date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extract-"));
    const code = await runExtract([join(fixtures, "en-US-negative-quotation.pdf"), join(fixtures, "en-US-credit-note.pdf"), `--out=${dir}`], io().io, { env: {} });
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "en-US-negative-quotation.json"), "utf8"))).toEqual({ invoices: [] });
    const credit = JSON.parse(readFileSync(join(dir, "en-US-credit-note.json"), "utf8"));
    expect(credit.invoices[0].dueDate).toBeNull();
  });

  it("names a bad file, still processes the others, and exits non-zero", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extract-"));
    const bad = join(dir, "broken.pdf");
    writeFileSync(bad, "%PDF-1.7\nthis is not really a pdf");
    const t = io();
    const code = await runExtract([bad, join(dir, "missing.pdf"), join(fixtures, "fr-batch.pdf"), "--out", join(dir, "out")], t.io, { env: {} });
    expect(code).toBe(1);
    const err = t.err.join("");
    expect(err).toMatch(/broken\.pdf: .*not a readable PDF/);
    expect(err).toMatch(/missing\.pdf: file not found/);
    expect(err).toMatch(/2 of 3 file\(s\) failed/);
    expect(existsSync(join(dir, "out", "broken.json"))).toBe(false);
    const batch = JSON.parse(readFileSync(join(dir, "out", "fr-batch.json"), "utf8"));
    expect(batch.invoices.length).toBe(JSON.parse(readFileSync(join(fixtures, "fr-batch.json"), "utf8")).invoices.length);
  });

  it("reports usage errors with exit code 2", async () => {
    const t = io();
    expect(await runExtract(["extract", "a.pdf"], t.io, { env: {} })).toBe(2);
    expect(t.err.join("")).toMatch(/--out <dir> is required/);
    expect(await runExtract(["extract", "--out", "x"], t.io, { env: {} })).toBe(2);
  });

  it("uses the OpenAI extractor only when OPENAI_API_KEY is set", () => {
    expect(extractorFromEnv({})).toBeUndefined();
    expect(extractorFromEnv({ OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" })?.name).toBe("openai");
  });

  const corpusPdf = "/work/shared/corpora/zugferd/ZUGFeRDv2/correct/intarsys/EN16931/zugferd_2p0_EN16931_Einfach.pdf";
  it.skipIf(!existsSync(corpusPdf))("reads a real ZUGFeRD PDF from its XML (confidence 1), and from its pages with --visual-only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extract-"));
    expect(await runExtract([corpusPdf, "--out", join(dir, "xml")], io().io, { env: {} })).toBe(0);
    const xml = JSON.parse(readFileSync(join(dir, "xml", "zugferd_2p0_EN16931_Einfach.json"), "utf8")).invoices[0];
    expect(xml.invoiceNumber).toBe("471102");
    expect(xml.vendorName).toBe("Lieferant GmbH");
    expect(xml.total).toBe(529.87);
    expect(xml.confidence.total).toBe(1);
    expect(await runExtract([corpusPdf, "--visual-only", "--out", join(dir, "vis")], io().io, { env: {} })).toBe(0);
    const vis = JSON.parse(readFileSync(join(dir, "vis", "zugferd_2p0_EN16931_Einfach.json"), "utf8")).invoices;
    // the visual reader sees the same PDF; its confidences are its own, never the XML's 1.0
    for (const inv of vis) expect(inv.confidence.total ?? 0).toBeLessThan(1);
  });

  it("reads a CFDI .xml on its own, and names an XML that is not an e-invoice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extract-"));
    const cfdi = join(dir, "factura.xml");
    writeFileSync(cfdi, `<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="F" Folio="77" Fecha="2024-05-02T09:00:00" SubTotal="100.00" Total="116.00" Moneda="MXN" TipoDeComprobante="I"><cfdi:Emisor Rfc="AAA010101AAA" Nombre="FERRETERIA DEL NORTE"/><cfdi:Receptor Rfc="XAXX010101000" Nombre="PUBLICO"/><cfdi:Conceptos><cfdi:Concepto Cantidad="1" Descripcion="Martillo" ValorUnitario="100.00" Importe="100.00"/></cfdi:Conceptos></cfdi:Comprobante>`);
    const other = join(dir, "notes.xml");
    writeFileSync(other, `<?xml version="1.0"?><notes><n>hi</n></notes>`);
    const t = io();
    expect(await runExtract([cfdi, other, "--out", join(dir, "out")], t.io, { env: {} })).toBe(1);
    const inv = JSON.parse(readFileSync(join(dir, "out", "factura.json"), "utf8")).invoices[0];
    expect(inv).toMatchObject({ invoiceNumber: "F-77", vendorName: "FERRETERIA DEL NORTE", currency: "MXN", subtotal: 100, taxAmount: 16, total: 116 });
    expect(t.err.join("")).toMatch(/notes\.xml: notes\.xml is not a PDF, an image/);
  });
});
