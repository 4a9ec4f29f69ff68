// Shapes shared by the invoice readers (offline and OpenAI), the CLI and the background function.

/** One run of text on a page. Coordinates are PDF points with y measured from the TOP of the page. */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfPage {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  items: TextItem[];
  /** The page carries a usable text layer (false → it needs OCR). */
  hasText: boolean;
  /** Filled when the text came from OCR instead of the PDF text layer. */
  ocr?: { confidence: number; seconds: number };
}

export const documentKinds = ["invoice", "credit_note", "quote", "receipt", "delivery_note", "other"] as const;
export type DocumentKind = (typeof documentKinds)[number];

export interface Classification {
  kind: DocumentKind;
  confidence: number;
  /** Short human-readable reasons ("title 'FACTURA' on page 1", "greeting 'Dear'"). */
  evidence: string[];
  /** The document reads as a letter (a greeting): a reminder about an invoice is not the invoice. */
  letter?: boolean;
  /** Headed as a reminder, statement of account, order confirmation or purchase order: about an invoice, never one. */
  aboutInvoice?: boolean;
  /** An invoice title was seen, even if too weak to decide the class. */
  invoiceTitle?: boolean;
}

export interface InvoiceSpan {
  /** 1-based, inclusive. */
  pageStart: number;
  pageEnd: number;
}

export interface LineItem {
  description: string | null;
  /** Decimal strings ("2", "1.5", "1234.50"), never floats. */
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
}

export interface ExtractionIssue {
  field: string;
  code: string;
  message: string;
}

export const headerFields = [
  "invoiceNumber",
  "issueDate",
  "dueDate",
  "vendorName",
  "vendorTaxId",
  "vendorAddress",
  "billToName",
  "currency",
  "subtotal",
  "taxAmount",
  "total",
] as const;
export type HeaderField = (typeof headerFields)[number];
/** Every header field as read: a string, or null when the document does not carry it. */
export type HeaderValues = { [F in HeaderField]: string | null };

/** Where a field's value came from: the page layout, an e-invoice XML, a vendor's learned position, a model. */
export type FieldSource = "layout" | "e-invoice" | "learned" | "model";

export interface ExtractedInvoice {
  kind: "invoice" | "credit_note";
  pageStart: number;
  pageEnd: number;
  invoiceNumber: string | null;
  /** ISO YYYY-MM-DD. */
  issueDate: string | null;
  dueDate: string | null;
  vendorName: string | null;
  vendorTaxId: string | null;
  vendorAddress: string | null;
  billToName: string | null;
  /** ISO 4217. */
  currency: string | null;
  /** Decimal strings with two places ("1234.50"). */
  subtotal: string | null;
  taxAmount: string | null;
  total: string | null;
  lineItems: LineItem[];
  /** 0..1 per field (header fields plus "lineItems"). */
  confidence: Partial<Record<HeaderField | "lineItems", number>>;
  /** Per field, where its value came from (absent → read from the layout). */
  sources?: Partial<Record<HeaderField | "lineItems", FieldSource>>;
  /** Per learned field, what it was learned from ("learned from your correction of INV-7 on 2026-12-06"). */
  learned?: Partial<Record<HeaderField, string>>;
  /** A receipt or payment confirmation: the same fields as an invoice, already paid. */
  paid?: boolean;
  /** Set when the invoice was read from an e-invoice XML (its syntax, e.g. "CFDI 4.0"). */
  einvoice?: { syntax: string };
  issues: ExtractionIssue[];
}

export interface ProcessResult {
  classification: Classification;
  /** Page count. */
  pages: number;
  /** All page text in reading order, pages separated by form feeds. */
  text: string;
  pageData: PdfPage[];
  /** 1-based numbers of pages whose text came from OCR. */
  ocrPages: number[];
  invoices: ExtractedInvoice[];
  extractor: "offline" | "openai";
  tokens?: number;
  costUsd?: number;
  /** Problems with the document as a whole (e.g. a page that could not be read). */
  issues: ExtractionIssue[];
  /** PNG per page for files browsers cannot show (TIFF scans), keyed by 1-based page number. */
  pagePngs?: Map<number, Uint8Array>;
}

/** What an invoice reader must do once the pages are known. */
export interface InvoiceExtractor {
  name: "offline" | "openai";
  extract(input: {
    pages: PdfPage[];
    /** Page images (PNG/JPEG) for pages without a text layer, keyed by 1-based page number. */
    images?: Map<number, { data: Uint8Array; mime: string }>;
    /** A person asked to read it as an invoice whatever its class ("Read as invoice"). */
    forceInvoice?: boolean;
    /** Uncalibrated scores (to fit the calibration table). */
    rawConfidence?: boolean;
  }): Promise<{ classification: Classification; invoices: ExtractedInvoice[]; tokens?: number; costUsd?: number }>;
}
