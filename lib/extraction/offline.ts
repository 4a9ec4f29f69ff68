// The built-in reader: classify → split → extract each span → validate. Same interface as the OpenAI reader.
// No invoice is lost silently: a document the classifier was unsure of is still read as an invoice when it
// carries invoice evidence (an invoice number, a total and a date; or an invoice title with a total, a date and the
// seller's tax id, an IBAN or payment terms), and goes to review with the reason naming what was found.
// Receipts and payment confirmations carry the same fields and are read the same way, marked paid.

import { calibrateInvoice } from "./calibration";
import { classifyDocument } from "./classify";
import { extractInvoice } from "./extract";
import { fold, pageText } from "./layout";
import { splitInvoices } from "./split";
import type { Classification, ExtractedInvoice, InvoiceExtractor, PdfPage } from "./types";

/** Kinds read as invoices without question. */
const INVOICE_KINDS = new Set(["invoice", "credit_note"]);
/** Kinds whose fields are read too when the evidence is there (never quotes, delivery notes or letters). */
const UNSURE_KINDS = new Set(["other", "receipt"]);

const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/;
// Payment terms in en/de/fr/es/nl/it/pt: what an invoice asks and an order, quote or letter rarely states.
const TERMS = /\b(payment terms|terms of payment|payable (within|by|until|on)|due (within|on|by)|zahlungsbedingung\w*|zahlungsziel|zahlbar|conditions? de (paiement|reglement)|payable a|a payer avant|condiciones de pago|forma de pago|pagadero|betalingstermijn|betalingsvoorwaarden|te betalen (binnen|voor)|condizioni di pagamento|termini di pagamento|modalita di pagamento|condicoes de pagamento|prazo de pagamento)\b/;

/**
 * Invoice evidence on an extraction, named in the reason: an invoice number with a total and a date; an invoice title
 * with a date and net + tax = total; or an invoice title and a date with two of the seller's tax id, an IBAN and payment
 * terms, and amounts or a number besides (four signs in all); without any invoice word (the title only in a header image)
 * the same with net + tax = total.
 */
export function invoiceEvidence(inv: ExtractedInvoice, classification?: Classification, text = ""): string | null {
  const date = inv.issueDate ?? inv.dueDate;
  const dateWord = inv.issueDate ? `a date (${inv.issueDate})` : `a due date (${inv.dueDate})`;
  if (inv.invoiceNumber && inv.total !== null && date) {
    return `it shows an invoice number (${inv.invoiceNumber}), a total (${inv.total}) and ${dateWord}`;
  }
  const title = classification?.invoiceTitle === true;
  const folded = fold(text);
  const support = [
    inv.vendorTaxId ? `the seller's tax id (${inv.vendorTaxId})` : null,
    IBAN.test(text) ? "an IBAN" : null,
    // (a due date counted from the terms is the terms, not a second sign)
    inv.issueDate && inv.dueDate && !inv.learned?.dueDate ? `a due date (${inv.dueDate})` : TERMS.test(folded) ? "payment terms" : null,
  ].filter((x): x is string => x !== null);
  // no date read (an unusual date format): an invoice word, its number and total and the seller's payment details
  if (!date) {
    if (!title || !inv.invoiceNumber || inv.total === null || !support.length) return null;
    return `it names itself an invoice and shows an invoice number (${inv.invoiceNumber}), a total (${inv.total}), ${support.join(", ")} (no date was read)`;
  }
  if (title && balances(inv)) return `it names itself an invoice and shows ${dateWord} and net ${inv.subtotal} + tax ${inv.taxAmount} = total ${inv.total}`;
  const more = [
    inv.invoiceNumber ? `an invoice number (${inv.invoiceNumber})` : null,
    inv.total !== null ? `a total (${inv.total})` : null,
    inv.subtotal !== null && inv.taxAmount !== null ? `net ${inv.subtotal} and tax ${inv.taxAmount}` : null,
    inv.lineItems.length ? `${inv.lineItems.length} priced line${inv.lineItems.length > 1 ? "s" : ""}` : null,
  ].filter((x): x is string => x !== null);
  if (support.length < 2 || !more.length || support.length + more.length < 4) return null;
  if (title) return `it names itself an invoice and shows ${dateWord}, ${[...more, ...support].join(", ")}`;
  // no invoice word at all (the title only in a header image): the arithmetic must hold too
  if (!balances(inv)) return null;
  return `it shows ${dateWord}, net ${inv.subtotal} + tax ${inv.taxAmount} = total ${inv.total}, ${[...more.filter((m) => !/^(a total|net )/.test(m)), ...support].join(", ")}`;
}

function balances(inv: ExtractedInvoice): boolean {
  if (inv.subtotal === null || inv.taxAmount === null || inv.total === null || inv.issues.some((i) => i.code === "arithmetic")) return false;
  return Math.round(Number(inv.subtotal) * 100) + Math.round(Number(inv.taxAmount) * 100) === Math.round(Number(inv.total) * 100) && Number(inv.taxAmount) !== 0;
}

function readUnsure(pages: PdfPage[], classification: Classification): ExtractedInvoice | null {
  // a reminder, statement or order confirmation carries all the evidence below and is still not the invoice
  if (classification.aboutInvoice || !pages.some((p) => p.hasText)) return null;
  const inv = extractInvoice(pages, { pageStart: pages[0].page, pageEnd: pages[pages.length - 1].page }, { kind: "invoice" });
  const why = invoiceEvidence(inv, classification, pages.map(pageText).join("\n"));
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
      if (inv) return { classification: { ...classification, evidence: [...classification.evidence, inv.issues[0].message].slice(0, 7) }, invoices: [inv] };
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
