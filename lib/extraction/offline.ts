// The built-in reader: classify → split → extract each span → validate. Same interface as the OpenAI reader.
// No invoice is lost silently: a document the classifier was unsure of is still read as an invoice when it
// carries invoice evidence (an invoice number, a total and a date), and goes to review with the reason.
// Receipts and payment confirmations carry the same fields and are read the same way, marked paid.

import { calibrateInvoice } from "./calibration";
import { classifyDocument } from "./classify";
import { extractInvoice } from "./extract";
import { splitInvoices } from "./split";
import type { Classification, ExtractedInvoice, InvoiceExtractor, PdfPage } from "./types";

/** Kinds read as invoices without question. */
const INVOICE_KINDS = new Set(["invoice", "credit_note"]);
/** Kinds whose fields are read too when the evidence is there (never quotes, delivery notes or letters). */
const UNSURE_KINDS = new Set(["other", "receipt"]);

/** Invoice evidence on an extraction: a number, a total and a date; or an invoice title, a date and net + tax = total. */
export function invoiceEvidence(inv: ExtractedInvoice, classification?: Classification): string | null {
  if (inv.invoiceNumber && inv.total !== null && inv.issueDate) {
    return `it shows an invoice number (${inv.invoiceNumber}), a total (${inv.total}) and a date (${inv.issueDate})`;
  }
  if (classification?.invoiceTitle && inv.issueDate && balances(inv)) {
    return `it is titled as an invoice and shows a date (${inv.issueDate}) and net ${inv.subtotal} + tax ${inv.taxAmount} = total ${inv.total}`;
  }
  return null;
}

function balances(inv: ExtractedInvoice): boolean {
  if (inv.subtotal === null || inv.taxAmount === null || inv.total === null || inv.issues.some((i) => i.code === "arithmetic")) return false;
  return Math.round(Number(inv.subtotal) * 100) + Math.round(Number(inv.taxAmount) * 100) === Math.round(Number(inv.total) * 100) && Number(inv.taxAmount) !== 0;
}

function readUnsure(pages: PdfPage[], classification: Classification): ExtractedInvoice | null {
  const textPages = pages.filter((p) => p.hasText);
  if (!textPages.length) return null;
  const span = { pageStart: pages[0].page, pageEnd: pages[pages.length - 1].page };
  const inv = extractInvoice(pages, span, { kind: "invoice" });
  const why = invoiceEvidence(inv, classification);
  if (!why) return null;
  // A letter that merely mentions an invoice is a reminder; one that itemises net + tax = total is the invoice
  // (insurers and landlords write their invoices as letters).
  if (classification.letter && !balances(inv)) return null;
  const receipt = classification.kind === "receipt";
  const reason = receipt
    ? `Read as a paid invoice: the document reads as a receipt (${classification.evidence.join("; ")}) and ${why}.`
    : `Read as an invoice although the classifier was unsure (${classification.evidence.join("; ")}): ${why}. Check it.`;
  // The classifier's doubt caps every field's confidence, so the invoice cannot be "ready" without a person.
  const confidence = { ...inv.confidence };
  if (!receipt) for (const k of Object.keys(confidence) as (keyof typeof confidence)[]) confidence[k] = Math.min(confidence[k] ?? 0, 0.7);
  return { ...inv, confidence, ...(receipt ? { paid: true } : {}), issues: [{ field: "document", code: receipt ? "receipt" : "classified_unsure", message: reason }, ...inv.issues] };
}

/** Read the whole document as one invoice because a person said it is one; the class and its reasons stay visible. */
export function readAsInvoice(pages: PdfPage[], classification: Classification): ExtractedInvoice | null {
  if (!pages.some((p) => p.hasText)) return null;
  const inv = extractInvoice(pages, { pageStart: pages[0].page, pageEnd: pages[pages.length - 1].page }, { kind: "invoice" });
  const message = `Read as an invoice at a person's request; the reader had classed it ${classification.kind} (${classification.evidence.join("; ")}).`;
  return { ...inv, issues: [{ field: "document", code: "read_as_invoice", message }, ...inv.issues] };
}

/** Read every invoice in a document offline. Quotes, letters and delivery notes give no invoices. */
export function readInvoicesOffline(pages: PdfPage[], opts: { forceInvoice?: boolean; rawConfidence?: boolean } = {}) {
  const r = readUncalibrated(pages, opts);
  if (opts.rawConfidence) return r;
  return { ...r, invoices: r.invoices.map((inv) => honest(pages, inv)) };
}

/**
 * Calibrated confidences (fitted on real text-layer invoices; OCR'd pages keep their discounted raw scores), with the
 * classifier's doubt still capping an invoice read on evidence alone.
 */
function honest(pages: PdfPage[], inv: ExtractedInvoice): ExtractedInvoice {
  if (pages.some((p) => p.page >= inv.pageStart && p.page <= inv.pageEnd && p.ocr)) return inv;
  const out = calibrateInvoice(inv);
  if (out.issues.some((i) => i.code === "classified_unsure")) {
    for (const k of Object.keys(out.confidence) as (keyof typeof out.confidence)[]) out.confidence[k] = Math.min(out.confidence[k] ?? 0, 0.7);
  }
  return out;
}

function readUncalibrated(pages: PdfPage[], opts: { forceInvoice?: boolean }) {
  const readable = pages.filter((p) => p.hasText);
  const classification = classifyDocument(readable.length ? readable : pages);
  const invoices: ExtractedInvoice[] = [];
  if (INVOICE_KINDS.has(classification.kind)) {
    for (const span of splitInvoices(pages)) {
      const spanPages = pages.filter((p) => p.page >= span.pageStart && p.page <= span.pageEnd && p.hasText);
      if (!spanPages.length) continue;
      // Each span is judged on its own: a quote bundled with invoices stays out.
      const own = classifyDocument(spanPages);
      if (own.kind !== "invoice" && own.kind !== "credit_note") continue;
      invoices.push(extractInvoice(pages, span, { kind: own.kind }));
    }
    // Split into spans none of which reads as an invoice on its own (title on page 1, totals on page 2): the document
    // as a whole is one.
    if (!invoices.length) {
      const inv = readUnsure(pages, classification);
      if (inv) invoices.push(inv);
    }
  } else if (UNSURE_KINDS.has(classification.kind)) {
    const inv = readUnsure(pages, classification);
    if (inv) {
      invoices.push(inv);
      return { classification: { ...classification, evidence: [...classification.evidence, inv.issues[0].message].slice(0, 7) }, invoices };
    }
  }
  if (opts.forceInvoice && !invoices.length) {
    const inv = readAsInvoice(pages, classification);
    if (inv) invoices.push(inv);
  }
  return { classification, invoices };
}

export const offlineExtractor: InvoiceExtractor = {
  name: "offline",
  async extract({ pages, forceInvoice, rawConfidence }) {
    return readInvoicesOffline(pages, { forceInvoice, rawConfidence });
  },
};
