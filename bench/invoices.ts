/**
 * Offline invoice reader on the labelled fixtures: header-field accuracy (text and scanned PDFs), invoice
 * count per document, invoices wrongly read from negatives, text pages/second and OCR seconds/page.
 *
 *   npx tsx bench/invoices.ts            all fixtures
 *   npx tsx bench/invoices.ts --no-ocr   text fixtures only
 *   npx tsx bench/invoices.ts --verbose  print every mismatch
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { processDocument, terminateOcr } from "@/lib/extraction";
import type { ExtractedInvoice } from "@/lib/extraction/types";
import type { Truth, TruthInvoice } from "@/lib/extraction/fixtures/generate";

const FIELDS = ["invoiceNumber", "issueDate", "vendorName", "currency", "taxAmount", "total"] as const;
const EXTRA = ["dueDate", "vendorTaxId", "billToName", "subtotal"] as const;
const root = join(import.meta.dirname, "../lib/extraction/fixtures");
const verbose = process.argv.includes("--verbose");
const noOcr = process.argv.includes("--no-ocr");

const norm = (v: unknown) => (v === null || v === undefined ? null : String(v).trim().toLowerCase());
const same = (field: string, a: unknown, b: unknown) => {
  if (["taxAmount", "total", "subtotal"].includes(field)) return a !== null && b !== null && a !== undefined && Math.abs(Number(a) - Number(b)) < 0.005;
  return norm(a) === norm(b);
};

interface SetResult {
  docs: number;
  pages: number;
  seconds: number;
  fieldHits: Record<string, number>;
  fieldTotal: number;
  extraHits: Record<string, number>;
  countOk: number;
  positives: number;
  negatives: number;
  negativeInvoices: number;
  lineItemsExact: number;
  lineItemsDocs: number;
  failures: string[];
  ocrPages: number;
  ocrSeconds: number;
  cpuSeconds: number;
}

async function runSet(dir: string): Promise<SetResult> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".pdf")).sort();
  const r: SetResult = {
    docs: 0, pages: 0, seconds: 0, fieldHits: Object.fromEntries(FIELDS.map((f) => [f, 0])), fieldTotal: 0,
    extraHits: Object.fromEntries(EXTRA.map((f) => [f, 0])), countOk: 0, positives: 0, negatives: 0, negativeInvoices: 0,
    lineItemsExact: 0, lineItemsDocs: 0, failures: [], ocrPages: 0, ocrSeconds: 0, cpuSeconds: 0,
  };
  for (const f of files) {
    const truth = JSON.parse(readFileSync(join(dir, f.replace(/\.pdf$/, ".json")), "utf8")) as Truth;
    const data = new Uint8Array(readFileSync(join(dir, f)));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const out = await processDocument(data, { contentType: "application/pdf", fileName: f });
    r.seconds += (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    r.cpuSeconds += (cpu.user + cpu.system) / 1e6;
    r.ocrSeconds += out.pageData.reduce((sum, p) => sum + (p.ocr?.seconds ?? 0), 0);
    r.docs++;
    r.pages += out.pages;
    r.ocrPages += out.ocrPages.length;
    if (truth.invoices.length === 0) {
      r.negatives++;
      r.negativeInvoices += out.invoices.length;
      if (out.invoices.length) r.failures.push(`${f}: ${out.invoices.length} invoice(s) read from a ${truth.kind} (classified ${out.classification.kind}: ${out.classification.evidence.join("; ")})`);
      continue;
    }
    r.positives++;
    if (out.invoices.length === truth.invoices.length) r.countOk++;
    else r.failures.push(`${f}: ${out.invoices.length} invoices, expected ${truth.invoices.length} (spans ${out.invoices.map((i) => `${i.pageStart}-${i.pageEnd}`).join(",")}; class ${out.classification.kind})`);
    for (const t of truth.invoices) {
      const got: ExtractedInvoice | undefined = out.invoices.find((i) => i.pageStart === t.pageStart) ?? out.invoices[truth.invoices.indexOf(t)];
      r.fieldTotal++;
      for (const field of FIELDS) {
        const ok = got && same(field, got[field], t[field as keyof TruthInvoice]);
        if (ok) r.fieldHits[field]++;
        else r.failures.push(`${f} p${t.pageStart} ${field}: got ${JSON.stringify(got?.[field] ?? null)}, expected ${JSON.stringify(t[field as keyof TruthInvoice])}`);
      }
      for (const field of EXTRA) {
        if (got && same(field, got[field], t[field as keyof TruthInvoice])) r.extraHits[field]++;
        else if (verbose) r.failures.push(`${f} p${t.pageStart} (extra) ${field}: got ${JSON.stringify(got?.[field] ?? null)}, expected ${JSON.stringify(t[field as keyof TruthInvoice])}`);
      }
      r.lineItemsDocs++;
      const li = got?.lineItems ?? [];
      const exact =
        li.length === t.lineItems.length &&
        li.every((l, i) => same("total", l.amount, t.lineItems[i].amount) && same("total", l.quantity, t.lineItems[i].quantity) && norm(l.description) === norm(t.lineItems[i].description));
      if (exact) r.lineItemsExact++;
      else if (verbose) r.failures.push(`${f} p${t.pageStart} lineItems: got ${li.length} rows, expected ${t.lineItems.length}`);
    }
  }
  return r;
}

function report(name: string, r: SetResult) {
  const hits = Object.values(r.fieldHits).reduce((a, b) => a + b, 0);
  const acc = hits / (r.fieldTotal * FIELDS.length || 1);
  console.log(`\n== ${name}: ${r.docs} documents, ${r.pages} pages, ${r.positives} with invoices (${r.fieldTotal} invoices), ${r.negatives} negatives`);
  console.log(`header-field accuracy (${FIELDS.join(", ")}): ${acc.toFixed(3)}`);
  for (const f of FIELDS) console.log(`  ${f.padEnd(14)} ${(r.fieldHits[f] / (r.fieldTotal || 1)).toFixed(3)}`);
  for (const f of EXTRA) console.log(`  (${f})${" ".repeat(Math.max(1, 12 - f.length))} ${(r.extraHits[f] / (r.fieldTotal || 1)).toFixed(3)}`);
  console.log(`line items exactly right: ${(r.lineItemsExact / (r.lineItemsDocs || 1)).toFixed(3)}`);
  console.log(`invoice count correct per document: ${(r.countOk / (r.positives || 1)).toFixed(3)}`);
  console.log(`invoices read from negatives: ${r.negativeInvoices} (of ${r.negatives} negative documents)`);
  if (r.ocrPages) {
    console.log(`OCR: ${r.ocrPages} pages, recognition ${(r.ocrSeconds / r.ocrPages).toFixed(2)} s/page, whole pipeline ${(r.seconds / r.ocrPages).toFixed(2)} s/page wall`);
  } else {
    console.log(`throughput: ${(r.pages / r.seconds).toFixed(1)} pages/s wall (${r.seconds.toFixed(2)} s); ${(r.pages / r.cpuSeconds).toFixed(1)} pages per CPU-second`);
  }
  if (r.failures.length) {
    console.log(`failures (${r.failures.length}):`);
    for (const f of r.failures.slice(0, verbose ? 1000 : 40)) console.log(`  - ${f}`);
  }
  return { acc };
}

const text = await runSet(join(root, "text"));
report("text PDFs", text);
const heldDir = join(root, "heldout");
if (existsSync(heldDir)) report("held-out layouts (text PDFs the reader was not tuned on)", await runSet(heldDir));
const scanDir = join(root, "scanned");
if (!noOcr && existsSync(scanDir)) {
  // Start the OCR worker (tesseract core + 4 languages) before timing pages; report that once-per-process cost apart.
  const { ocrImage, encodeGrayPng } = await import("@/lib/extraction/ocr");
  const w0 = performance.now();
  await ocrImage(encodeGrayPng(new Uint8Array(64 * 32).fill(255), 64, 32), { pageWidth: 64, pageHeight: 32, imageWidth: 64 });
  console.log(`\nOCR worker start-up (once per process): ${((performance.now() - w0) / 1000).toFixed(2)} s`);
  const scanned = await runSet(scanDir);
  report("scanned PDFs (OCR)", scanned);
  await terminateOcr();
}
