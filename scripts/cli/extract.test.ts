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
});
