/**
 * docket extract <files...> --out <dir> [--no-ocr] [--visual-only]
 *
 * Reads invoices from PDFs and images with the same pipeline the app uses (`processDocument`) and writes
 * `<dir>/<name>.json` per input: {"invoices":[{invoiceNumber, issueDate, dueDate, vendorName, vendorTaxId,
 * billToName, currency, subtotal, taxAmount, total, lineItems:[{description, quantity, unitPrice, amount}],
 * confidence:{...}}]} — null for unknown values, amounts as JSON numbers. Offline unless OPENAI_API_KEY is set
 * (OPENAI_BASE_URL and OPENAI_EXTRACT_MODEL optional). A file that cannot be read is reported by name; the
 * others are still processed, and the exit code is 1. E-invoices (ZUGFeRD/Factur-X/XRechnung PDFs, UBL or CFDI .xml)
 * are read from their XML; --visual-only ignores the XML and reads what the pages show (to measure the visual reader).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { processDocument, terminateOcr } from "@/lib/extraction";
import { createOpenAIExtractor } from "@/lib/extraction/openai";
import type { ExtractedInvoice, InvoiceExtractor } from "@/lib/extraction/types";
import { parseOrUsage, UsageError } from "./usage";

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = `usage: docket extract <file.pdf|png|jpg|tiff|xml>... --out <dir> [--no-ocr] [--visual-only]
  writes <dir>/<name>.json per input; offline extractor unless OPENAI_API_KEY is set;
  --visual-only ignores an embedded e-invoice XML and reads what the pages show`;

function parseArgs(argv: string[]) {
  const files: string[] = [];
  let out: string | undefined;
  let ocr = true;
  let visualOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "extract" && i === 0) continue;
    if (a === "--help" || a === "-h") throw new UsageError("");
    if (a === "--no-ocr") {
      ocr = false;
      continue;
    }
    if (a === "--visual-only") {
      visualOnly = true;
      continue;
    }
    const m = /^--out(?:=(.*))?$/.exec(a);
    if (m) {
      out = m[1] ?? argv[++i];
      if (!out || out.startsWith("--")) throw new UsageError("--out needs a directory");
      continue;
    }
    if (a.startsWith("--")) throw new UsageError(`unknown argument "${a}"`);
    files.push(a);
  }
  if (!files.length) throw new UsageError("no input files");
  if (!out) throw new UsageError("--out <dir> is required");
  return { files, out, ocr, visualOnly };
}

const num = (v: string | null) => (v === null ? null : Number(v));

/** The CLI's output shape for one invoice. */
export function invoiceJson(inv: ExtractedInvoice) {
  return {
    invoiceNumber: inv.invoiceNumber,
    issueDate: inv.issueDate,
    dueDate: inv.dueDate,
    vendorName: inv.vendorName,
    vendorTaxId: inv.vendorTaxId,
    billToName: inv.billToName,
    currency: inv.currency,
    subtotal: num(inv.subtotal),
    taxAmount: num(inv.taxAmount),
    total: num(inv.total),
    lineItems: inv.lineItems.map((l) => ({ description: l.description, quantity: num(l.quantity), unitPrice: num(l.unitPrice), amount: num(l.amount) })),
    confidence: inv.confidence,
  };
}

/** The extractor the CLI uses: OpenAI when OPENAI_API_KEY is set, else the built-in offline reader. */
export function extractorFromEnv(env: Record<string, string | undefined>): InvoiceExtractor | undefined {
  if (!env.OPENAI_API_KEY) return undefined;
  return createOpenAIExtractor({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL || undefined, model: env.OPENAI_EXTRACT_MODEL || undefined });
}

/** Entry point wired as `npm run docket -- extract ...`. Returns the process exit code. */
export async function runExtract(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
  opts: { env?: Record<string, string | undefined>; extractor?: InvoiceExtractor } = {},
): Promise<number> {
  const err = (s: string) => io.stderr.write(`${s}\n`);
  const parsed = parseOrUsage("extract", USAGE, () => parseArgs(argv), err);
  if ("exit" in parsed) return parsed.exit;
  const { args } = parsed;
  const extractor = opts.extractor ?? extractorFromEnv(opts.env ?? process.env);
  await mkdir(args.out, { recursive: true });
  let failed = 0;
  const usedNames = new Set<string>();
  for (const file of args.files) {
    const started = performance.now();
    const name = basename(file, extname(file));
    try {
      let data: Uint8Array;
      try {
        data = new Uint8Array(await readFile(file));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(code === "ENOENT" ? "file not found" : (e as Error).message);
      }
      if (usedNames.has(name)) throw new Error(`another input already wrote ${name}.json`);
      usedNames.add(name);
      const r = await processDocument(data, { fileName: basename(file), extractor, ocr: args.ocr, visualOnly: args.visualOnly });
      const outPath = join(args.out, `${name}.json`);
      await writeFile(outPath, `${JSON.stringify({ invoices: r.invoices.map(invoiceJson) }, null, 2)}\n`);
      for (const i of r.issues) err(`${file}: ${i.message}`);
      const ms = Math.round(performance.now() - started);
      io.stdout.write(
        `${file}: ${r.classification.kind}, ${r.pages} page(s)${r.ocrPages.length ? ` (${r.ocrPages.length} by OCR)` : ""}, ` +
          `${r.invoices.length} invoice(s) → ${outPath} [${r.extractor}, ${ms} ms${r.tokens ? `, ${r.tokens} tokens` : ""}]\n`,
      );
    } catch (e) {
      failed++;
      const msg = (e as Error).message ?? String(e);
      err(`docket extract: ${file}: ${msg}`);
    }
  }
  await terminateOcr();
  if (failed) err(`docket extract: ${failed} of ${args.files.length} file(s) failed`);
  return failed ? 1 : 0;
}
