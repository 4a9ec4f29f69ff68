// The offline invoice reader: header fields by label → value proximity, line items from table geometry,
// totals from the summary block. Deterministic; no model.

import { paymentTermsDueDate, summaryTotals, titleNumber } from "./header";
import { buyerBlockName, buyerBlocks, COMPANY_FORM_END, companyFormName, sellerBlockName, senderLine } from "./parties";

import { LABELS, NOT_GRAND_TOTAL, TITLES, totalLabelRank } from "./labels";
import { readTable } from "./table";
import { closeLetterSpacing, foldKeep, pageLines, type Line, type Segment } from "./layout";

import { detectCurrency, detectLocale, findAmounts, findDates, findTaxIds, parseDate, toMoney, type DocLocale } from "./parse";
import type { ExtractedInvoice, InvoiceSpan, PdfPage } from "./types";
import { validateInvoice } from "./validate";

interface Found<T> {
  value: T;
  confidence: number;
  line: Line;
  seg: Segment;
}

type Accept<T> = (text: string) => T | null;

const BARE_TITLE = /^(invoice|tax invoice|factura|rechnung|facture|credit note|credit memo|nota de credito|gutschrift|avoir)$/;

/** Values for a label: rest of the same segment, else the nearest segment to the right, else the segment below. */
function findLabelled<T>(lines: Line[], re: RegExp, accept: Accept<T>, opts: { below?: boolean; stopAt?: (l: Line) => boolean } = {}): Found<T>[] {
  const out: Found<T>[] = [];
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    if (opts.stopAt?.(line)) break;
    for (let si = 0; si < line.segments.length; si++) {
      const seg = line.segments[si];
      const folded = foldKeep(seg.text);
      const m = re.exec(folded);
      if (!m) continue;
      const labelPart = folded.slice(0, folded.length - m[1].length).trim().replace(/[:\s]+$/, "");
      const bareTitle = BARE_TITLE.test(labelPart);
      const rest = seg.text.slice(seg.text.length - m[1].length).replace(/^[\s:#.]+/, "").trim();
      if (rest) {
        const v = accept(rest);
        if (v !== null) {
          out.push({ value: v, confidence: bareTitle ? 0.85 : 0.95, line, seg });
          continue;
        }
        if (!bareTitle) continue;
      }
      const right = line.segments.slice(si + 1).find((s) => s.x >= seg.x2 - 1);
      if (right && !startsWithLabel(right.text)) {
        const v = accept(right.text);
        if (v !== null) {
          out.push({ value: v, confidence: bareTitle ? 0.8 : 0.93, line, seg: right });
          continue;
        }
      }
      if (bareTitle || opts.below === false) continue;
      for (let k = li + 1; k < Math.min(lines.length, li + 3); k++) {
        const next = lines[k];
        if (next.page !== line.page || next.y - (line.y + line.height) > line.height * 2.2) break;
        const under = next.segments.find((s) => s.x < seg.x2 + 30 && s.x2 > seg.x - 10 && Math.abs(s.x - seg.x) < 60);
        if (!under) continue;
        if (anyLabel(under.text)) break;
        const v = accept(under.text);
        if (v !== null) out.push({ value: v, confidence: 0.88, line: next, seg: under });
        break;
      }
    }
  }
  return out;
}

/** The text opens with a field label (with or without a value after it). */
function startsWithLabel(text: string): boolean {
  const f = foldKeep(text);
  return ALL_LABELS.some((re) => re.test(f));
}

const ALL_LABELS = [LABELS.invoiceNumber, LABELS.dueDate, LABELS.issueDate, LABELS.billTo, LABELS.vendor, LABELS.subtotal, LABELS.tax, LABELS.total];
function anyLabel(text: string): boolean {
  const f = foldKeep(text);
  return ALL_LABELS.some((re) => {
    const m = re.exec(f);
    return m !== null && m[1].trim() === "";
  });
}

// ---- field acceptors -------------------------------------------------------------------------------

const acceptInvoiceNumber: Accept<string> = (text) => {
  const t = text.replace(/^(?:n[°ºo]\.?|n\.º|n\.|no\.?|nr\.?|num\.?|number|#|:)\s*/i, "").trim();
  const tok = t.split(/\s{2,}|\s(?=\S*[a-z]{4,})/i)[0]?.trim() ?? "";
  const id = tok.replace(/[,;]$/, "");
  if (!/^[A-Z0-9#][A-Z0-9\-/_.# ]{0,28}$/i.test(id) || !/\d/.test(id)) return null;
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(id) || /^\d{4}-\d{2}-\d{2}$/.test(id)) return null;
  // "FT 2024/57", "FA 12": a series code and its number
  if (/\s/.test(id) && !/^[A-Z]{1,4} \d[\d/.-]*$/i.test(id)) return id.split(" ")[0].length > 1 ? id.split(" ")[0] : null;
  return id.replace(/^#/, "");
};

const acceptName: Accept<string> = (text) => {
  const t = text.replace(/^[\s:]+/, "").trim();
  if (t.length < 2 || !/[A-Za-zÀ-ÿ]{2}/.test(t) || anyLabel(t)) return null;
  if (/@|https?:|www\./i.test(t)) return null;
  return t;
};

// ---- vendor ---------------------------------------------------------------------------------------

const COMPANY_SUFFIX = /\b(inc|llc|ltd|limited|corp|corporation|co|company|gmbh|ag|kg|ug|ohg|e\.k|sa|sas|sarl|sasu|eurl|s\.a|s\.a\.s|s\.a\.r\.l|s\.a\. de c\.v|s\. de r\.l|sa de cv|pvt|llp|plc|bv|oy|ab)\.?$/i;
const NOT_NAME = /@|https?:|www\.|\b(tel|phone|fax|email|e-mail|telefono|telefon|rfc|gstin|vat|ust|tva|siret|siren|pan|iban|swift|bic|page|pagina|seite)\b/i;

function looksLikeAddress(t: string): boolean {
  return /\d/.test(t) && (/\b(st|street|ave|avenue|road|rd|blvd|suite|calle|av\.|col\.|colonia|cp|c\.p\.|strasse|straße|str\.|weg|platz|rue|avenue|bd|boulevard|floor|plot|nagar|marg|sector)\b/i.test(t) || /\b\d{5,6}\b/.test(t));
}

function findVendor(lines: Line[], billToLines: Set<Line>, pageHeight: number) {
  const labelled = findLabelled(lines, LABELS.vendor, acceptName);
  if (labelled.length) return { ...labelled[0], confidence: 0.92 };
  const first = lines.filter((l) => l.page === lines[0]?.page && l.y < pageHeight * 0.4 && !billToLines.has(l));
  const heights = first.map((l) => l.height).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 10;
  let best: { seg: Segment; line: Line; score: number } | null = null;
  for (const line of first) {
    for (const seg of line.segments) {
      const t = seg.text.trim();
      const f = foldKeep(t);
      if (t.length < 3 || !/[A-Za-zÀ-ÿ]{3}/.test(t)) continue;
      if (anyLabel(t) || ALL_LABELS.some((re) => re.test(f)) || /^(invoice|tax invoice|factura|rechnung|facture|credit|nota|gutschrift|avoir)\b/.test(f)) continue;
      // a document title ("NOTE D'HONORAIRES", "I N V O I C E") is not the seller
      const closed = foldKeep(closeLetterSpacing(t));
      if (closed.split(/\s+/).length <= 4 && TITLES.some((x) => x.re.test(closed))) continue;
      if (NOT_NAME.test(t) || looksLikeAddress(t) || findDates(t).length || /^\d/.test(t)) continue;
      let score = 0;
      if (COMPANY_SUFFIX.test(t.replace(/[,.]+$/, ""))) score += 3;
      score += Math.min(3, (seg.height / median - 1) * 3);
      score += 1 - line.y / (pageHeight * 0.4);
      if (/^[A-Z0-9 &.,'-]+$/.test(t) && t.length > 4) score += 0.3;
      if (!best || score > best.score) best = { seg, line, score };
    }
  }
  if (!best) return null;
  return { value: best.seg.text.trim(), confidence: best.score >= 3 ? 0.85 : best.score >= 1.5 ? 0.7 : 0.5, line: best.line, seg: best.seg };
}

/** The seller, never the buyer: seller-labelled block, sender line, vendor label, company with legal form, letterhead. */
function pickVendor(lines: Line[], buyerLines: Set<Line>, pageHeight: number): { value: string; confidence: number; line: Line; seg: Segment } | null {
  const own = lines.filter((l) => !buyerLines.has(l));
  const segOf = (line: Line, value: string) => line.segments.find((s) => s.text.includes(value)) ?? line.segments[0];
  const block = sellerBlockName(lines);
  const sender = senderLine(own, pageHeight);
  const company = companyFormName(own, buyerLines, pageHeight);
  const legacy = findVendor(own, buyerLines, pageHeight);
  const same = (a: string | undefined, b: string | undefined) => !!a && !!b && foldKeep(a).replace(/\W+/g, "") === foldKeep(b).replace(/\W+/g, "");
  for (const p of [block, sender]) {
    if (p) return { value: p.value, confidence: Math.min(0.97, p.confidence + (same(p.value, company?.value) ? 0.04 : 0)), line: p.line, seg: segOf(p.line, p.value) };
  }
  if (legacy && legacy.confidence >= 0.9) return legacy;
  // A letterhead name broken over two lines ("MVM Musterhafter" / "Versicherungsverein Musterstadt a.G."): the
  // line below in the same column and size that ends in the legal form completes it.
  if (legacy && !COMPANY_FORM_END.test(legacy.value)) {
    const next = lines[lines.indexOf(legacy.line) + 1];
    const cont = next?.segments.find((s) => Math.abs(s.x - legacy.seg.x) < 4 && Math.abs(s.height - legacy.seg.height) < 1.5);
    if (next && cont && next.y - legacy.line.y < legacy.line.height * 1.8 && COMPANY_FORM_END.test(cont.text.trim()) && !/\d/.test(cont.text)) {
      return { ...legacy, value: `${legacy.value} ${cont.text.trim()}`, confidence: Math.max(legacy.confidence, 0.8) };
    }
  }
  if (company && (!legacy || !same(legacy.value, company.value))) {
    return { value: company.value, confidence: company.confidence, line: company.line, seg: segOf(company.line, company.value) };
  }
  return legacy;
}

/** Address lines under the vendor's name, in the same column. */
function addressBelow(lines: Line[], anchor: { line: Line; seg: Segment }): string | null {
  const start = lines.indexOf(anchor.line);
  const parts: string[] = [];
  let lastY = anchor.line.y;
  for (let k = start + 1; k < lines.length && parts.length < 3; k++) {
    const l = lines[k];
    if (l.page !== anchor.line.page || l.y - lastY > l.height * 2.6) break;
    const s = l.segments.find((x) => Math.abs(x.x - anchor.seg.x) < 12);
    if (!s) continue;
    if (anyLabel(s.text) || NOT_NAME.test(s.text) || findTaxIds(s.text).length) break;
    parts.push(s.text.trim());
    lastY = l.y;
  }
  return parts.length ? parts.join(", ") : null;
}

/** Lines of the bill-to block (label line and up to four lines below it in that column). */
function billToBlock(lines: Line[], label: Found<string> | undefined): Set<Line> {
  const set = new Set<Line>();
  if (!label) return set;
  const li = lines.findIndex((l) => l.segments.some((s) => LABELS.billTo.test(foldKeep(s.text))) && l.page === label.line.page && l.y <= label.line.y);
  const labelLine = li >= 0 ? lines[li] : label.line;
  const labelSeg = labelLine.segments.find((s) => LABELS.billTo.test(foldKeep(s.text))) ?? label.seg;
  set.add(labelLine);
  const start = lines.indexOf(labelLine);
  for (let k = start + 1; k < Math.min(lines.length, start + 6); k++) {
    const l = lines[k];
    if (l.page !== labelLine.page) break;
    if (l.segments.some((s) => Math.abs(s.x - labelSeg.x) < 15)) set.add(l);
  }
  return set;
}

// ---- totals ----------------------------------------------------------------------------------------

interface Amt {
  value: string;
  line: Line;
  rank: number;
  label: string;
}

function amountsAfter(line: Line, seg: Segment, rest: string, loc: DocLocale): string | null {
  const texts = [rest, ...line.segments.filter((s) => s.x > seg.x && s !== seg).map((s) => s.text)];
  const all = texts.flatMap((t) => findAmounts(t, loc.decimal));
  return all.length ? all[all.length - 1].value : null;
}

function findTotals(lines: Line[], skip: Set<Line>, loc: DocLocale) {
  const subtotal: Amt[] = [];
  const tax: Amt[] = [];
  const total: Amt[] = [];
  for (const line of lines) {
    if (skip.has(line)) continue;
    for (const seg of line.segments) {
      const f = foldKeep(seg.text).replace(/\s+/g, " ");
      let m = LABELS.subtotal.exec(f);
      if (m) {
        const v = amountsAfter(line, seg, seg.text.slice(seg.text.length - m[1].length), loc);
        if (v !== null) subtotal.push({ value: v, line, rank: 1, label: f });
        break;
      }
      m = LABELS.tax.exec(f);
      if (m) {
        const v = amountsAfter(line, seg, seg.text.slice(seg.text.length - m[1].length), loc);
        if (v !== null) tax.push({ value: v, line, rank: /^(total tax|total tva|montant tva|impuestos trasladados|tax amount)/.test(f) ? 2 : 1, label: f });
        break;
      }
      m = LABELS.total.exec(f);
      if (m && !NOT_GRAND_TOTAL.test(f)) {
        const v = amountsAfter(line, seg, seg.text.slice(seg.text.length - m[1].length), loc);
        if (v !== null) total.push({ value: v, line, rank: totalLabelRank(f), label: f });
        break;
      }
    }
  }
  return { subtotal, tax, total };
}

const near = (a: number, b: number) => Math.abs(a - b) <= 0.011;

// ---- the reader ------------------------------------------------------------------------------------

/** Read one invoice (the pages of `span`) into fields, line items and per-field confidence, validated. */
export function extractInvoice(pages: PdfPage[], span: InvoiceSpan, opts: { kind?: "invoice" | "credit_note"; locale?: DocLocale } = {}): ExtractedInvoice {
  const spanPages = pages.filter((p) => p.page >= span.pageStart && p.page <= span.pageEnd);
  const lines = spanPages.flatMap((p) => pageLines(p));
  const text = lines.map((l) => l.text).join("\n");
  const loc = opts.locale ?? detectLocale(text);
  const conf: ExtractedInvoice["confidence"] = {};
  const pageHeight = spanPages[0]?.height ?? 842;

  const numbers = findLabelled(lines, LABELS.invoiceNumber, acceptInvoiceNumber, { below: true });
  const title = titleNumber(lines, loc);
  // A bare "Numéro :" / "Nummer" / "No." in the heading block names the invoice's number when nothing better does.
  const generic = () =>
    findLabelled(lines.filter((l) => l.page === span.pageStart && l.y < pageHeight * 0.5), LABELS.genericNumber, acceptInvoiceNumber, { below: false })
      .filter((c) => c.value.length >= 3)
      .map((c) => ({ ...c, confidence: 0.75 }))[0];
  const invoiceNumber: { value: string; confidence: number } | undefined =
    numbers.sort((a, b) => b.confidence - a.confidence)[0] ?? (title ? { value: title.number, confidence: 0.92 } : generic());

  const dateAccept: Accept<string> = (t) => parseDate(t, loc.dayFirst);
  const termsDue = paymentTermsDueDate(lines, loc.dayFirst);
  const due: { value: string; confidence: number; seg?: Segment } | undefined =
    findLabelled(lines, LABELS.dueDate, dateAccept)[0] ?? (termsDue ? { value: termsDue, confidence: 0.85 } : undefined);
  const issueCandidates = findLabelled(lines, LABELS.issueDate, dateAccept).filter((c) => !due || c.seg !== due.seg);
  let issue: { value: string; confidence: number } | undefined = issueCandidates[0];
  if (!issue) {
    const dates = lines.filter((l) => l.page === span.pageStart && l.y < pageHeight * 0.5).flatMap((l) => findDates(l.text, loc.dayFirst));
    const first = dates.find((d) => d.iso !== due?.value);
    if (first) issue = { value: first.iso, confidence: 0.6 };
  }
  if (title?.date && (!issue || issue.confidence < 0.9)) issue = { value: title.date, confidence: 0.9 };

  const buyerBlock = buyerBlockName(lines);
  const billTo: { value: string; confidence: number; line: Line; seg: Segment } | undefined =
    (buyerBlock ? { value: buyerBlock.value, confidence: buyerBlock.confidence, line: buyerBlock.line, seg: buyerBlock.line.segments[0] } : undefined) ??
    findLabelled(lines, LABELS.billTo, acceptName)[0];
  const billLines = new Set([...billToBlock(lines, billTo), ...buyerBlocks(lines)]);
  const vendor = pickVendor(lines, billLines, pageHeight);
  const vendorAddress = vendor ? addressBelow(lines, vendor) : null;

  // The vendor's tax ID: the first one outside the bill-to block.
  const taxIds = lines.filter((l) => !billLines.has(l)).flatMap((l) => findTaxIds(l.text).map((t) => ({ ...t, line: l })));
  const vendorTax = taxIds.find((t) => t.scheme !== "EIN" || /\b(ein|tax id|fein)\b/i.test(t.line.text)) ?? null;

  const table = readTable(lines, loc);
  const totals = findTotals(lines, table.rowLines, loc);
  const summary = summaryTotals(lines, loc, table.rowLines);

  const lineSum = table.items.reduce((s, i) => s + Number(i.amount ?? 0), 0);
  let subtotal: string | null = totals.subtotal[totals.subtotal.length - 1]?.value ?? null;
  const taxRanked = totals.tax.filter((t) => t.rank === 2);
  let taxAmount: string | null = null;
  if (taxRanked.length) taxAmount = taxRanked[taxRanked.length - 1].value;
  else if (totals.tax.length) {
    const distinct = [...new Map(totals.tax.map((t) => [t.label + "|" + t.value, t])).values()];
    taxAmount = toMoney(String(distinct.reduce((s, t) => s + Number(t.value), 0).toFixed(2)));
  }
  // The grand total: the strongest label; among equals the one that makes the arithmetic work, else the last.
  const sortedTotals = [...totals.total].sort((a, b) => b.rank - a.rank);
  const topRank = sortedTotals[0]?.rank;
  const top = sortedTotals.filter((t) => t.rank === topRank);
  const sub = subtotal !== null ? Number(subtotal) : table.items.length ? lineSum : null;
  const fitting = sub !== null ? [...totals.total].reverse().find((t) => near(sub + Number(taxAmount ?? 0), Number(t.value))) : undefined;
  const totalPick = fitting ?? top[top.length - 1];
  let total = totalPick?.value ?? null;
  if (subtotal === null && total !== null && taxAmount === null && table.items.length && near(lineSum, Number(total))) subtotal = total;
  // A tax line whose amount could not be read (OCR noise): the arithmetic gives it, with less confidence.
  let taxDerived = false;
  if (taxAmount === null && subtotal !== null && total !== null && Number(total) > Number(subtotal)) {
    const taxLine = lines.some((l) => !table.rowLines.has(l) && /\b(tax|vat|gst|iva|mwst|ust|tva|impuesto)/i.test(l.text) && !/\b(id|no|nr|number|reg)\b/i.test(l.text));
    if (taxLine) {
      taxAmount = toMoney((Math.round(Number(total) * 100 - Number(subtotal) * 100) / 100).toFixed(2));
      taxDerived = true;
    }
  }

  // The summary block read by arithmetic wins when its net + tax = gross and the label reading did not balance.
  let summaryUsed = false;
  // Otherwise a gross and a net from the summary beat an unbalanced label reading (the tax is then their difference).
  const summaryFits = summary !== null && summary.total !== null && (summary.consistent || (summary.subtotal !== null && !fitting) || !totalPick);
  if (summary && summary.total !== null && summaryFits && (!fitting || Number(summary.total) !== Number(total))) {
    subtotal = summary.subtotal;
    taxAmount = summary.taxAmount;
    total = summary.total;
    taxDerived = summary.taxDerived;
    summaryUsed = true;
  }

  const vendorCountry = vendorTax?.country ?? null;
  const currency = detectCurrency(text, { lang: loc.lang, country: vendorCountry });

  const inv: ExtractedInvoice = {
    kind: opts.kind ?? "invoice",
    pageStart: span.pageStart,
    pageEnd: span.pageEnd,
    invoiceNumber: invoiceNumber?.value ?? null,
    issueDate: issue?.value ?? null,
    dueDate: due?.value ?? null,
    vendorName: vendor?.value.replace(/[,;]$/, "") ?? null,
    vendorTaxId: vendorTax?.value ?? null,
    vendorAddress,
    billToName: billTo?.value ?? null,
    currency: currency.code,
    subtotal: toMoney(subtotal),
    taxAmount: toMoney(taxAmount),
    total: toMoney(total),
    lineItems: table.items,
    confidence: conf,
    issues: [],
  };
  conf.invoiceNumber = invoiceNumber?.confidence ?? 0;
  conf.issueDate = issue?.confidence ?? 0;
  conf.dueDate = due?.confidence ?? 0;
  conf.vendorName = vendor?.confidence ?? 0;
  conf.vendorTaxId = vendorTax ? 0.9 : 0;
  conf.vendorAddress = vendorAddress ? Math.min(0.8, vendor?.confidence ?? 0) : 0;
  conf.billToName = billTo?.confidence ?? 0;
  conf.currency = currency.confidence;
  conf.subtotal = subtotal !== null ? 0.9 : 0;
  conf.taxAmount = taxAmount !== null ? (taxDerived ? 0.6 : totals.tax.length > 1 && !taxRanked.length ? 0.8 : 0.9) : 0;
  conf.total = total !== null ? (fitting ? 0.95 : 0.8) : 0;
  conf.lineItems = table.confidence;
  if (fitting && subtotal !== null) conf.subtotal = 0.95;
  if (fitting && taxAmount !== null && !taxDerived) conf.taxAmount = 0.95;
  if (summaryUsed && summary) {
    const c = summary.consistent ? 0.95 : 0.7;
    conf.total = c;
    conf.subtotal = subtotal !== null ? c : 0;
    conf.taxAmount = taxAmount !== null ? (taxDerived ? 0.6 : c) : 0;
  }
  // An OCR'd page is less certain than a text layer.
  const ocr = spanPages.filter((p) => p.ocr);
  if (ocr.length) {
    const factor = Math.min(1, 0.6 + 0.4 * Math.min(...ocr.map((p) => p.ocr!.confidence)));
    for (const k of Object.keys(conf) as (keyof typeof conf)[]) conf[k] = Math.round((conf[k] ?? 0) * factor * 1000) / 1000;
  }
  return validateInvoice(inv);
}
