// Where one invoice ends and the next begins in a multi-invoice PDF. An invoice may span pages:
// "Page 2 of 3", the same invoice number, or a page without its own header all continue the current one.

import { LABELS } from "./labels";
import { foldKeep, pageLines, type Line } from "./layout";
import { parseDate } from "./parse";
import type { InvoiceSpan, PdfPage } from "./types";

const PAGE_OF = /\b(?:page|pagina|página|seite|p\.)\s*(\d+)\s*(?:of|de|von|sur|\/)\s*(\d+)\b/i;
const TITLE = /^(invoice|tax invoice|factura|rechnung|facture|credit note|credit memo|nota de credito|gutschrift|avoir)\b/;

interface PageSig {
  page: number;
  pageOf: [number, number] | null;
  number: string | null;
  hasTitle: boolean;
  hasTotal: boolean;
  hasText: boolean;
}

function invoiceNumberOn(lines: Line[]): string | null {
  for (const l of lines) {
    for (const [si, s] of l.segments.entries()) {
      const f = foldKeep(s.text);
      const m = LABELS.invoiceNumber.exec(f);
      if (!m) continue;
      let v = s.text.slice(s.text.length - m[1].length).replace(/^[\s:#.]+/, "").trim();
      if (!v) v = l.segments[si + 1]?.text ?? "";
      const id = v.split(/\s{2,}|\s/)[0]?.replace(/^#/, "");
      if (id && /\d/.test(id) && !parseDate(id)) return id.toUpperCase();
    }
  }
  return null;
}

function signature(p: PdfPage): PageSig {
  const lines = pageLines(p);
  const all = lines.map((l) => l.text).join("\n");
  const po = PAGE_OF.exec(all);
  const top = lines.filter((l) => l.y < p.height * 0.35);
  return {
    page: p.page,
    pageOf: po ? [Number(po[1]), Number(po[2])] : null,
    number: invoiceNumberOn(lines.filter((l) => l.y < p.height * 0.5)),
    hasTitle: top.some((l) => l.segments.some((s) => TITLE.test(foldKeep(s.text).trim()))),
    hasTotal: lines.some((l) => l.segments.some((s) => {
      const f = foldKeep(s.text);
      return LABELS.total.test(f) && /\d/.test(l.text.slice(l.text.indexOf(s.text)));
    })),
    hasText: p.hasText,
  };
}

/** Page spans of the invoices in a document, in order. Every page belongs to exactly one span. */
export function splitInvoices(pages: PdfPage[]): InvoiceSpan[] {
  if (pages.length === 0) return [];
  const sigs = pages.map(signature);
  const spans: InvoiceSpan[] = [];
  let cur: { span: InvoiceSpan; number: string | null; closed: boolean } | null = null;
  for (const s of sigs) {
    let startsNew = false;
    if (!cur) startsNew = true;
    else if (s.pageOf) startsNew = s.pageOf[0] === 1;
    else if (s.number && cur.number && s.number !== cur.number) startsNew = true;
    else if (s.number && cur.number && s.number === cur.number) startsNew = false;
    else if (cur.closed && (s.hasTitle || s.number)) startsNew = true;
    else if (cur.closed && !s.hasText) startsNew = true;
    if (startsNew || !cur) {
      if (cur) spans.push(cur.span);
      cur = { span: { pageStart: s.page, pageEnd: s.page }, number: s.number, closed: s.hasTotal };
    } else {
      cur.span.pageEnd = s.page;
      cur.number ??= s.number;
      cur.closed = s.hasTotal || (s.pageOf !== null && s.pageOf[0] === s.pageOf[1]);
    }
  }
  if (cur) spans.push(cur.span);
  return spans;
}
