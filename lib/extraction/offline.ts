// The built-in reader: classify → split → extract each span → validate. Same interface as the OpenAI reader.

import { classifyDocument } from "./classify";
import { extractInvoice } from "./extract";
import { splitInvoices } from "./split";
import type { ExtractedInvoice, InvoiceExtractor, PdfPage } from "./types";

/** Read every invoice in a document offline. Quotes, letters, receipts and delivery notes give no invoices. */
export function readInvoicesOffline(pages: PdfPage[]) {
  const readable = pages.filter((p) => p.hasText);
  const classification = classifyDocument(readable.length ? readable : pages);
  const invoices: ExtractedInvoice[] = [];
  if (classification.kind === "invoice" || classification.kind === "credit_note") {
    for (const span of splitInvoices(pages)) {
      const spanPages = pages.filter((p) => p.page >= span.pageStart && p.page <= span.pageEnd && p.hasText);
      if (!spanPages.length) continue;
      // Each span is judged on its own: a quote bundled with invoices stays out.
      const own = classifyDocument(spanPages);
      if (own.kind !== "invoice" && own.kind !== "credit_note") continue;
      invoices.push(extractInvoice(pages, span, { kind: own.kind }));
    }
  }
  return { classification, invoices };
}

export const offlineExtractor: InvoiceExtractor = {
  name: "offline",
  async extract({ pages }) {
    return readInvoicesOffline(pages);
  },
};
