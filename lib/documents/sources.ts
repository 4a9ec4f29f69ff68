// What gets indexed of a document, as pages of text: the reader's text (PDF text layer, OCR of scans), the rows
// of each sheet of a spreadsheet (one page per sheet), and the fields read from invoices and e-invoices.

import { cellText, type Workbook } from "@/lib/insurance/workbook";
import { chunkDocument, chunkPage, splitPages, type Chunk, type PageText } from "./chunk";
import { words } from "./text";

export interface InvoiceFields {
  pageStart: number;
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  vendorName: string | null;
  vendorTaxId: string | null;
  /** The buyer (bill-to party), where the reader found one. */
  billToName?: string | null;
  currency: string | null;
  total: string | null;
}

/** One page per sheet: each row a line, cells joined by " | " (blank rows dropped). */
export function workbookPages(wb: Workbook): PageText[] {
  return wb.sheets.map((s, i) => ({
    page: i + 1,
    text: s.rows
      .map((r) => r.map(cellText).map((c) => c.trim()).filter(Boolean).join(" | "))
      .filter(Boolean)
      .join("\n"),
  }));
}

/** A field passage per invoice read from the document: searchable and citable like any passage. */
export function invoiceFieldLines(fields: InvoiceFields[]): { page: number; text: string }[] {
  return fields.map((f) => ({
    page: f.pageStart,
    text: [
      f.invoiceNumber && `Invoice number: ${f.invoiceNumber}`,
      f.vendorName && `Vendor: ${f.vendorName}`,
      f.vendorTaxId && `Vendor tax id: ${f.vendorTaxId}`,
      f.billToName && `Buyer: ${f.billToName}`,
      f.issueDate && `Issue date: ${f.issueDate}`,
      f.dueDate && `Due date: ${f.dueDate}`,
      f.total && `Total: ${f.total}${f.currency ? ` ${f.currency}` : ""}`,
    ]
      .filter(Boolean)
      .join("; "),
  })).filter((l) => l.text);
}

export interface EmailText {
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  text: string | null;
}

export interface IndexInput {
  /** documents.text: pages joined by "\n\f" */
  text?: string | null;
  workbook?: Workbook | null;
  invoices?: InvoiceFields[];
  /** The emails the document came with: their bodies are searchable and citable (as page 1, outside its text). */
  emails?: EmailText[];
}

/** Pages and chunks of a document, with the number of words in each chunk. */
export function buildChunks(input: IndexInput): { pages: PageText[]; chunks: (Chunk & { tokens: number })[]; sources: string[] } {
  const sources: string[] = [];
  let pages: PageText[] = [];
  let chunks: Chunk[] = [];
  if (input.workbook) {
    pages = workbookPages(input.workbook);
    chunks = chunkDocument(pages, { rows: true });
    sources.push("spreadsheet");
  } else if (input.text) {
    pages = splitPages(input.text);
    chunks = chunkDocument(pages);
    sources.push("text");
  }
  const fields = invoiceFieldLines(input.invoices ?? []);
  let ord = chunks.length;
  for (const f of fields) {
    // field passages have no span in the page text: they point at the start of their page
    chunks.push({ page: f.page, ord: ord++, start: 0, end: 0, kind: "field", text: f.text });
  }
  if (fields.length) sources.push("invoice fields");
  for (const e of input.emails ?? []) {
    const from = e.fromName ? `${e.fromName} <${e.fromAddress ?? ""}>` : (e.fromAddress ?? "");
    const body = `Email from ${from}: ${e.subject}\n${(e.text ?? "").slice(0, 50_000)}`;
    for (const c of chunkPage({ page: 1, text: body })) chunks.push({ ...c, ord: ord++, start: 0, end: 0, kind: "field" });
  }
  if (input.emails?.length) sources.push("email body");
  return { pages, chunks: chunks.map((c) => ({ ...c, tokens: words(c.context ? `${c.context} ${c.text}` : c.text).length })), sources };
}
