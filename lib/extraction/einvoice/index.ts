// E-invoices read exactly: the XML is the invoice. Embedded CII in a PDF (ZUGFeRD, Factur-X, XRechnung), UBL 2.1
// and CFDI files become an ExtractedInvoice whose fields carry source "e-invoice" and confidence 1.0.

import type { PdfAttachment } from "../pdf";
import type { ExtractedInvoice, FieldSource, HeaderField } from "../types";
import { headerFields } from "../types";
import { eInvoiceFormatOf, readCfdi, readCii, readUbl, type EInvoice } from "./formats";
import { MAX_XML_BYTES, parseXml, XmlError } from "./xml";

export type { EInvoice, EInvoiceFormat } from "./formats";
export { MAX_XML_BYTES, parseXml, XmlError } from "./xml";

export class EInvoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EInvoiceError";
  }
}

/** Read an e-invoice XML file. Throws EInvoiceError naming the file and what is wrong. */
export function readEInvoiceXml(data: Uint8Array | string, fileName = "the XML file"): EInvoice {
  const size = typeof data === "string" ? data.length : data.byteLength;
  if (size > MAX_XML_BYTES) throw new EInvoiceError(`${fileName} is larger than ${MAX_XML_BYTES / 1024 / 1024} MB; an e-invoice is never that big.`);
  let root;
  try {
    root = parseXml(data);
  } catch (e) {
    if (e instanceof XmlError) throw new EInvoiceError(`${fileName} is not well-formed XML: ${e.message}.`);
    throw e;
  }
  const format = eInvoiceFormatOf(root);
  if (format === "cii") return readCii(root);
  if (format === "ubl") return readUbl(root);
  if (format === "cfdi") return readCfdi(root);
  throw new EInvoiceError(`${fileName} is XML but not an e-invoice Docket reads (root <${root.name}>; expected CII/ZUGFeRD/Factur-X, UBL 2.1 Invoice/CreditNote or CFDI Comprobante).`);
}

/** Quick content check used by intake: does this text look like an e-invoice XML (without parsing it all)? */
export function looksLikeEInvoiceXml(head: string): boolean {
  const h = head.replace(/^\uFEFF/, "").trimStart();
  if (!h.startsWith("<")) return false;
  return /CrossIndustryInvoice|CrossIndustryDocument|oasis:names:specification:ubl:schema:xsd:(Invoice|CreditNote)-2|sat\.gob\.mx\/cfd\/[34]/.test(h.slice(0, 4096));
}

/** The e-invoice embedded in a PDF's attachments (factur-x.xml, zugferd-invoice.xml, xrechnung.xml …), if any. */
export function embeddedEInvoice(attachments: PdfAttachment[], fileName = "the PDF"): { einvoice: EInvoice; attachment: string } | null {
  const xml = attachments
    .filter((a) => /\.xml$/i.test(a.name) && a.data.byteLength <= MAX_XML_BYTES)
    // the conventional names first
    .sort((a, b) => Number(/factur-x|zugferd|xrechnung/i.test(b.name)) - Number(/factur-x|zugferd|xrechnung/i.test(a.name)));
  for (const a of xml) {
    try {
      return { einvoice: readEInvoiceXml(a.data, `${a.name} in ${fileName}`), attachment: a.name };
    } catch {
      // another attachment (a delivery note, a signature) — keep looking
    }
  }
  return null;
}

/** An e-invoice as an extracted invoice: every field exact (confidence 1.0, source "e-invoice"). */
export function eInvoiceToExtracted(e: EInvoice, span: { pageStart: number; pageEnd: number }): ExtractedInvoice {
  const confidence: ExtractedInvoice["confidence"] = {};
  const sources: Partial<Record<HeaderField | "lineItems", FieldSource>> = {};
  for (const f of [...headerFields, "lineItems"] as const) {
    const present = f === "lineItems" ? e.lineItems.length > 0 : e[f] !== null;
    confidence[f] = present ? 1 : 0;
    if (present) sources[f] = "e-invoice";
  }
  const issues: ExtractedInvoice["issues"] = [];
  // A credit note settles an amount instead of asking for one: nothing due on it is what it should say, not a doubt.
  const credit = e.kind === "credit_note" || (e.total !== null && Number(e.total) < 0);
  if (e.amountDue !== null && e.total !== null && !(credit && Number(e.amountDue) === 0)) {
    issues.push({ field: "total", code: "amount_due", message: `Amount still due is ${e.amountDue} ${e.currency ?? ""} of the total ${e.total} (prepaid or partly paid).`.replace(/\s+\(/, " (") });
  }
  return {
    kind: e.kind,
    pageStart: span.pageStart,
    pageEnd: span.pageEnd,
    invoiceNumber: e.invoiceNumber,
    issueDate: e.issueDate,
    dueDate: e.dueDate,
    vendorName: e.vendorName,
    vendorTaxId: e.vendorTaxId,
    vendorAddress: e.vendorAddress,
    billToName: e.billToName,
    currency: e.currency,
    subtotal: e.subtotal,
    taxAmount: e.taxAmount,
    total: e.total,
    lineItems: e.lineItems,
    confidence,
    sources,
    einvoice: { syntax: e.syntax },
    issues,
  };
}
