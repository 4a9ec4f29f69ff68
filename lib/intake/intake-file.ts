import { createHash } from "node:crypto";
import { parseEml, type ParseEmlOptions, type ParsedEmail } from "./eml";
import { IntakeError } from "./errors";
import { checkPdf, type PdfCheckResult } from "./pdf-check";
import { sniff, type SniffOptions, type SniffResult } from "./sniff";
import { expandZip, type ZipLimits, type ZipSkipReason } from "./zip";

/**
 * One uploaded file (or email attachment) in, the documents it yields out: a zip is expanded, each PDF
 * is sanity-checked, an .eml is parsed. Every problem is attached to the path it concerns, so one bad
 * file never loses the good ones.
 */

export interface IntakeItem {
  /** Path as the user knows it: "invoices.zip/march/inv-1.pdf", or just the file name. */
  path: string;
  name: string;
  bytes: Uint8Array;
  type: SniffResult;
  /** Hex sha256: the per-workspace de-duplication key. */
  sha256: string;
  /** Present for PDFs. */
  pdf?: PdfCheckResult;
  /** Present for emails (.eml); its attachments go through `intakeEmailAttachments`. */
  email?: ParsedEmail;
  /** An e-invoice XML that came next to this PDF (same email or zip): the invoice itself; the PDF is its picture. */
  pairedXml?: { path: string; name: string; bytes: Uint8Array };
}

/** Where a PDF's paired e-invoice XML is stored, beside the PDF's own blob. */
export const pairedEInvoiceKey = (blobKey: string) => `${blobKey}.einvoice.xml`;

const stem = (name: string) => name.replace(/\.[^.]+$/, "").toLowerCase();

/**
 * Pair each e-invoice XML with the PDF it belongs to (same name but the extension, else the only PDF and the only XML
 * of the set, as CFDI emails carry them). A paired XML is not a document of its own; an unpaired one is.
 */
export function pairEInvoices(result: IntakeResult): void {
  const xmls = result.items.filter((i) => i.type.format === "xml");
  const pdfs = result.items.filter((i) => i.type.format === "pdf" && !i.pairedXml);
  for (const x of xmls) {
    const sameName = pdfs.find((p) => !p.pairedXml && stem(p.name) === stem(x.name) && dir(p.path) === dir(x.path));
    const only = xmls.length === 1 && pdfs.length === 1 ? pdfs[0] : undefined;
    const pdf = sameName ?? only;
    if (!pdf || pdf.pairedXml) continue;
    pdf.pairedXml = { path: x.path, name: x.name, bytes: x.bytes };
    result.items.splice(result.items.indexOf(x), 1);
  }
}
const dir = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));

export interface IntakeProblem {
  path: string;
  error: IntakeError;
}

export interface IntakeResult {
  items: IntakeItem[];
  errors: IntakeProblem[];
  skipped: { path: string; reason: ZipSkipReason | "inline-image" }[];
}

export interface IntakeOptions {
  sniff?: SniffOptions;
  zip?: ZipLimits;
  eml?: ParseEmlOptions;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export async function intakeFile(bytes: Uint8Array, filename: string, options: IntakeOptions = {}): Promise<IntakeResult> {
  const result: IntakeResult = { items: [], errors: [], skipped: [] };
  const type = sniff(bytes, filename, options.sniff);
  if (type instanceof IntakeError) {
    result.errors.push({ path: filename, error: type });
    return result;
  }
  if (type.format !== "zip") {
    await addItem(result, filename, baseName(filename), bytes, type, options);
    return result;
  }
  let expanded;
  try {
    expanded = expandZip(bytes, filename, { ...options.zip, sniff: options.sniff });
  } catch (e) {
    if (!(e instanceof IntakeError)) throw e;
    result.errors.push({ path: filename, error: e });
    return result;
  }
  result.errors.push(...expanded.errors.map((p) => ({ path: `${filename}/${p.path}`, error: p.error })));
  result.skipped.push(...expanded.skipped.map((s) => ({ path: `${filename}/${s.path}`, reason: s.reason })));
  for (const f of expanded.files) await addItem(result, `${filename}/${f.path}`, f.name, f.bytes, f.type, options);
  pairEInvoices(result);
  return result;
}

/** Takes in the attachments of a parsed email (inline images such as logos are skipped). */
export async function intakeEmailAttachments(email: ParsedEmail, options: IntakeOptions = {}): Promise<IntakeResult> {
  const result: IntakeResult = { items: [], errors: [], skipped: [] };
  for (const a of email.attachments) {
    if (a.inline && a.contentType.startsWith("image/")) {
      result.skipped.push({ path: a.filename, reason: "inline-image" });
      continue;
    }
    const one = await intakeFile(new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength), a.filename, options);
    result.items.push(...one.items);
    result.errors.push(...one.errors);
    result.skipped.push(...one.skipped);
  }
  pairEInvoices(result);
  return result;
}

async function addItem(result: IntakeResult, path: string, name: string, bytes: Uint8Array, type: SniffResult, options: IntakeOptions): Promise<void> {
  const item: IntakeItem = { path, name, bytes, type, sha256: sha256(bytes) };
  if (type.format === "pdf") {
    const check = checkPdf(bytes, path);
    if (check instanceof IntakeError) {
      result.errors.push({ path, error: check });
      return;
    }
    item.pdf = check;
  } else if (type.format === "eml") {
    try {
      item.email = await parseEml(bytes, path, options.eml);
    } catch (e) {
      if (!(e instanceof IntakeError)) throw e;
      result.errors.push({ path, error: e });
      return;
    }
  }
  result.items.push(item);
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
