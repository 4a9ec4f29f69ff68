// The offline invoice reader: header fields by label → value proximity, line items from table geometry,
// totals from the summary block. Deterministic; no model.

import { dueDateColumn, dueDateInText, dueFromTerms, paymentTermsDays, termsNote } from "./due";
import { paymentTermsDueDate, summaryTotals, titleNumber } from "./header";
import { acceptInvoiceNumber, acceptName, findLabelled, type Accept } from "./labelled";
import { buyerBlockName, buyerBlocks, windowAddressName } from "./parties";
import { addressBelow, billToBlock, pickVendor } from "./vendor";

import { LABELS, NOT_GRAND_TOTAL, totalLabelRank } from "./labels";
import { listAboveNet, readTable } from "./table";
import { foldKeep, pageLines, type Line, type Segment } from "./layout";

import { detectCurrency, detectLocale, findAmounts, findDates, findTaxIds, parseDate, toMoney, type DocLocale } from "./parse";
import type { ExtractedInvoice, InvoiceSpan, PdfPage } from "./types";
import { validateInvoice } from "./validate";

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

/**
 * A due date counted from the payment terms is an inference (the terms may count from delivery or month end): below the
 * default review threshold, so a person glances at it, with the note saying how it was reached.
 */
const DUE_FROM_TERMS = 0.75;

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
  let due: { value: string; confidence: number; seg?: Segment; note?: string | null } | undefined =
    findLabelled(lines, LABELS.dueDate, dateAccept)[0] ??
    (termsDue ? { value: termsDue, confidence: 0.85 } : undefined) ??
    dueDateColumn(lines, loc.dayFirst) ??
    dueDateInText(lines, loc.dayFirst) ??
    undefined;
  const issueCandidates = findLabelled(lines, LABELS.issueDate, dateAccept).filter((c) => !due || c.seg !== due.seg);
  let issue: { value: string; confidence: number } | undefined = issueCandidates[0];
  if (!issue) {
    const dates = lines.filter((l) => l.page === span.pageStart && l.y < pageHeight * 0.5).flatMap((l) => findDates(l.text, loc.dayFirst));
    const first = dates.find((d) => d.iso !== due?.value);
    if (first) issue = { value: first.iso, confidence: 0.6 };
  }
  if (title?.date && (!issue || issue.confidence < 0.9)) issue = { value: title.date, confidence: 0.9 };
  // No due date printed: the payment terms in days, counted from the issue date (and said so beside the field).
  const terms = !due && issue ? paymentTermsDays(lines) : null;
  if (terms && issue) due = { value: dueFromTerms(issue.value, terms), confidence: DUE_FROM_TERMS, note: termsNote(terms) };

  const buyerBlock = buyerBlockName(lines) ?? windowAddressName(lines, pageHeight, spanPages[0]?.width);
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
  const labelsPartial = subtotal === null || taxAmount === null;
  if (summary && summary.total !== null && summaryFits && (!fitting || Number(summary.total) !== Number(total) || (summary.consistent && labelsPartial))) {
    subtotal = summary.subtotal;
    taxAmount = summary.taxAmount;
    total = summary.total;
    taxDerived = summary.taxDerived;
    summaryUsed = true;
  }

  // No net printed: the lines are the net where lines + tax = total ("TVA 20 %" / "Total TTC" under the table).
  let netFromLines = false;
  if (subtotal === null && taxAmount !== null && total !== null && table.items.length && near(lineSum + Number(taxAmount), Number(total))) {
    subtotal = toMoney(lineSum.toFixed(2));
    netFromLines = true;
  }

  // No table with heads: a list above the totals whose amounts add up to the net (or to the total, untaxed).
  const net = subtotal ?? (total !== null && (taxAmount === null || Number(taxAmount) === 0) ? total : null);
  const listed = !table.items.length && net !== null ? listAboveNet(lines, loc, net) : [];

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
    lineItems: listed.length ? listed : table.items,
    confidence: conf,
    ...(due?.note ? { learned: { dueDate: due.note } } : {}),
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
  // a list without heads is read only when it adds up to the net
  conf.lineItems = listed.length ? 0.9 : table.confidence;
  if (fitting && subtotal !== null) conf.subtotal = 0.95;
  if (fitting && taxAmount !== null && !taxDerived) conf.taxAmount = 0.95;
  if (summaryUsed && summary) {
    const c = summary.consistent ? 0.95 : 0.7;
    conf.total = c;
    conf.subtotal = subtotal !== null ? c : 0;
    conf.taxAmount = taxAmount !== null ? (taxDerived ? 0.6 : c) : 0;
  }
  if (netFromLines) conf.subtotal = 0.9;
  // An OCR'd page is less certain than a text layer.
  const ocr = spanPages.filter((p) => p.ocr);
  if (ocr.length) {
    const factor = Math.min(1, 0.6 + 0.4 * Math.min(...ocr.map((p) => p.ocr!.confidence)));
    for (const k of Object.keys(conf) as (keyof typeof conf)[]) conf[k] = Math.round((conf[k] ?? 0) * factor * 1000) / 1000;
  }
  return validateInvoice(inv);
}
