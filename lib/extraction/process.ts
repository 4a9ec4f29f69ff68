// The one entry point used by the CLI and the background function: bytes in, classified and extracted invoices out.

import { ExtractionError } from "./errors";
import { pageText } from "./layout";
import { vendorFromSender, type MailSender } from "./sender";
import { applyMemories, matchKnownVendor, memoriesFor, type KnownVendor, type VendorMemories } from "./memory";
import { offlineExtractor, readAsInvoice } from "./offline";
import { ocrDocumentPages } from "./ocr";
import { eInvoiceToExtracted, embeddedEInvoice, EInvoiceError, readEInvoiceXml, type EInvoice } from "./einvoice";
import { findAmounts } from "./parse";
import { readPdf } from "./pdf";
import { sniffFile } from "./sniff";
import { tiffPages } from "./tiff";
import type { ExtractedInvoice, ExtractionIssue, InvoiceExtractor, PdfPage, ProcessResult } from "./types";

export interface ProcessOptions {
  contentType?: string | null;
  /** Defaults to the offline reader. */
  extractor?: InvoiceExtractor;
  /** Used in error messages. */
  fileName?: string;
  /** Skip OCR of image pages (they are reported with an issue instead). */
  ocr?: boolean;
  /** OCR languages (tesseract codes); defaults to eng+spa+deu+fra. */
  ocrLanguages?: string[];
  /** Read only what the pages show: ignore an embedded or paired e-invoice XML (to measure the visual reader). */
  visualOnly?: boolean;
  /** Uncalibrated layout confidences (bench/invoices-real.ts fits the calibration from them). */
  rawConfidence?: boolean;
  /** Read it as an invoice whatever the classifier says (a person asked: "Read as invoice"). */
  forceInvoice?: boolean;
  /** The workspace's vendor memories (learned from reviewers' corrections), applied to that vendor's invoices. */
  vendorMemories?: VendorMemories[];
  /** Vendors the workspace already knows (name + tax ID): a seller tax ID on the page that matches gives the name. */
  knownVendors?: KnownVendor[];
  /** Who sent the email the file came with: names the seller when the pages give no better evidence. */
  sender?: MailSender | null;
  /** An e-invoice XML that arrived next to this PDF (same email or zip): it is the invoice, the PDF its picture. */
  pairedXml?: { data: Uint8Array; fileName: string };
}

/** Read a PDF or an image: text per page (OCR where there is no text layer), classification, invoices. */
export async function processDocument(data: Uint8Array, opts: ProcessOptions = {}): Promise<ProcessResult> {
  const name = opts.fileName ?? "the document";
  const kind = sniffFile(data, opts.contentType);
  const extractor = opts.extractor ?? offlineExtractor;
  const issues: ExtractionIssue[] = [];
  let pages: PdfPage[];
  let images = new Map<number, { data: Uint8Array; mime: string }>();
  let ocrPages: number[] = [];
  let embedded: { einvoice: EInvoice; attachment: string } | null = null;

  if (kind === "xml") {
    // An e-invoice on its own (UBL, CFDI, CII): nothing to look at, everything to read.
    let e: EInvoice;
    try {
      e = readEInvoiceXml(data, name);
    } catch (err) {
      if (err instanceof EInvoiceError) throw new ExtractionError(err.message, "unsupported", { cause: err });
      throw err;
    }
    const r = eInvoiceResult({ einvoice: e, attachment: name }, [], name);
    return { ...r, pages: 0, text: eInvoiceText(e), pageData: [], ocrPages: [], extractor: "offline", issues };
  }
  if (kind === "pdf") {
    const pdf = await readPdf(data, { fileName: name });
    pages = pdf.pages;
    if (!opts.visualOnly) {
      embedded = embeddedEInvoice(pdf.attachments, name);
      if (!embedded && opts.pairedXml) {
        try {
          embedded = { einvoice: readEInvoiceXml(opts.pairedXml.data, opts.pairedXml.fileName), attachment: opts.pairedXml.fileName };
        } catch (err) {
          if (!(err instanceof EInvoiceError)) throw err;
          issues.push({ field: "document", code: "paired_xml_unreadable", message: `${err.message} The PDF was read from its pages instead.` });
        }
      }
    }
  } else if (kind === "tiff") {
    // one page per image in the file (scanners put a whole document in one multi-page TIFF)
    pages = tiffPages(data, name).map((_, i) => ({ page: i + 1, width: 0, height: 0, items: [], hasText: false }));
  } else if (kind === "png" || kind === "jpeg") {
    pages = [{ page: 1, width: 0, height: 0, items: [], hasText: false }];
  } else {
    throw new ExtractionError(`${name} is not a PDF, an image (PNG, JPEG, TIFF) or an e-invoice XML — Docket cannot read it.`, "unsupported");
  }

  const needOcr = pages.filter((p) => !p.hasText).map((p) => p.page);
  if (needOcr.length) {
    if (opts.ocr === false) {
      for (const n of needOcr) issues.push({ field: "document", code: "no_text", message: `Page ${n} of ${name} has no text layer and OCR is off.` });
    } else {
      const r = await ocrDocumentPages(data, kind, pages, { fileName: name, languages: opts.ocrLanguages });
      pages = r.pages;
      images = r.images;
      ocrPages = r.ocrPages;
      issues.push(...r.issues);
    }
  }

  // An e-invoice (ZUGFeRD / Factur-X / XRechnung) carries the invoice as XML: read exactly, no model, no guessing.
  let result = embedded ? eInvoiceResult(embedded, pages, name) : await extractor.extract({ pages, images, forceInvoice: opts.forceInvoice, rawConfidence: opts.rawConfidence });
  if (opts.forceInvoice && !result.invoices.length) {
    // a model that still says "not an invoice" does not overrule the person: the layout reader reads it
    const forced = readAsInvoice(pages, result.classification);
    if (forced) result = { ...result, invoices: [forced] };
  }
  if (opts.knownVendors?.length && !embedded) {
    result = { ...result, invoices: result.invoices.map((inv) => matchKnownVendor(inv, opts.knownVendors!)) };
  }
  if (opts.sender && !embedded) {
    result = { ...result, invoices: result.invoices.map((inv) => vendorFromSender(inv, opts.sender)) };
  }
  if (opts.vendorMemories?.length && !embedded) {
    result = { ...result, invoices: result.invoices.map((inv) => rememberFor(pages, inv, opts.vendorMemories!)) };
  }
  return {
    classification: result.classification,
    pages: pages.length,
    text: pages.map((p) => pageText(p)).join("\n\f"),
    pageData: pages,
    ocrPages,
    invoices: result.invoices,
    extractor: embedded ? "offline" : extractor.name,
    tokens: result.tokens,
    costUsd: result.costUsd,
    issues,
    ...(kind === "tiff" ? { pagePngs: new Map([...images].filter(([, i]) => i.mime === "image/png").map(([n, i]) => [n, i.data])) } : {}),
  };
}

/** The invoice of an embedded e-invoice XML; flagged when the pages do not show the XML's total. */
function eInvoiceResult(embedded: { einvoice: EInvoice; attachment: string }, pages: PdfPage[], name: string): Awaited<ReturnType<InvoiceExtractor["extract"]>> {
  const e = embedded.einvoice;
  const inv = eInvoiceToExtracted(e, { pageStart: 1, pageEnd: Math.max(1, pages.length) });
  const text = pages.map((p) => pageText(p)).join("\n");
  if (e.total !== null && pages.some((p) => p.hasText)) {
    const shown = new Set([...findAmounts(text, ","), ...findAmounts(text, ".")].map((a) => Math.abs(Number(a.value)).toFixed(2)));
    const want = [e.total, e.amountDue].filter((v): v is string => v !== null).map((v) => Math.abs(Number(v)).toFixed(2));
    if (!want.some((v) => shown.has(v))) {
      inv.issues.push({ field: "total", code: "visible_total_differs", message: `${name} shows no amount equal to the total ${e.total} of its embedded ${e.syntax} XML; compare the PDF with the XML before paying.` });
      inv.confidence.total = 0.5;
    }
  }
  return {
    classification: { kind: e.kind, confidence: 1, evidence: [`embedded ${e.syntax} e-invoice (${embedded.attachment})`] },
    invoices: [inv],
  };
}

/** Searchable text of an XML-only e-invoice (it has no pages). */
function eInvoiceText(e: EInvoice): string {
  const rows = [
    `${e.kind === "credit_note" ? "Credit note" : "Invoice"} ${e.invoiceNumber ?? ""} (${e.syntax})`,
    `Seller: ${e.vendorName ?? ""} ${e.vendorTaxId ?? ""}`,
    `Buyer: ${e.billToName ?? ""}`,
    `Date: ${e.issueDate ?? ""}${e.dueDate ? `  Due: ${e.dueDate}` : ""}`,
    ...e.lineItems.map((l) => `${l.quantity ?? ""} × ${l.description ?? ""}  ${l.amount ?? ""}`),
    `Net ${e.subtotal ?? ""}  Tax ${e.taxAmount ?? ""}  Total ${e.total ?? ""} ${e.currency ?? ""}`,
  ];
  return rows.join("\n");
}

/** A vendor's learned fields, when this invoice's pages show that vendor (by tax ID or name). */
function rememberFor(pages: PdfPage[], inv: ExtractedInvoice, vendors: VendorMemories[]): ExtractedInvoice {
  const span = pages.filter((p) => p.page >= inv.pageStart && p.page <= inv.pageEnd);
  const vendor = memoriesFor(span, vendors);
  return vendor ? applyMemories(pages, inv, vendor) : inv;
}
