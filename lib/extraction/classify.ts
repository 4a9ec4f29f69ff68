// What kind of document this is. Titles (large or top-of-page words) weigh most; body mentions little —
// a letter about an overdue invoice is not an invoice, and a quote or pro-forma never is.

import { TITLES } from "./labels";
import { closeLetterSpacing, fold, pageLines, type Line } from "./layout";
import { detectLocale, findAmounts, parseDate } from "./parse";
import type { Classification, DocumentKind, PdfPage } from "./types";

// (a French greeting is the salutation alone on its line: "Madame, Monsieur," — "Monsieur Jean Dupont" is an address)
const LETTER = /^(dear|estimad[oa]s?|sehr geehrte|to whom it may concern|a quien corresponda|hola|hello)\b|^(chere?s? )?(madame|monsieur|mesdames|messieurs)(,? (et )?(madame|monsieur|messieurs))?\s*,?\s*$/;
const STRUCTURE = /\b(total\w*|amount due|balance due|importe|[a-z]*betrag|[a-z]*summe|[a-z]*beitrag|montant|net a payer|totaal|totale|importo|imponibile|valor total|a pagar|te betalen)\b/;
/** A keyword followed by a reference label is a field ("Lieferschein-Nr.", "Invoice date"), not a title. */
/** After a title keyword: its number word and a number ("Nr. 42", "n° F-12", "nº: 2024/0211", "# A-7", "number 12"). */
const NUMBERED = /^\s*[-.]?\s*(?:nr|no|n[°º]|n\.\s?º?|nº|#|nummer|number|numero|num)\.?\s*[:#]?\s*(?:[a-z]{1,4}[\s-]?)?\d/;
const FIELD_SUFFIX = /^[\s.-]*(nr|no|n°|nummer|number|num|numero|datum|date|fecha|ref)\b/;

function titleLines(pages: PdfPage[]): { line: Line; weight: number }[] {
  const out: { line: Line; weight: number }[] = [];
  for (const p of pages.slice(0, 3)) {
    const lines = pageLines(p);
    if (!lines.length) continue;
    const heights = lines.map((l) => l.height).sort((a, b) => a - b);
    const median = heights[Math.floor(heights.length / 2)];
    for (const line of lines) {
      const big = line.height >= median * 1.35;
      const top = line.y < p.height * 0.3;
      const short = line.text.length <= 40;
      const weight = (big ? 2 : 0) + (top ? 1 : 0) + (short ? 1 : 0) + (p.page === pages[0].page ? 1 : 0);
      out.push({ line, weight });
    }
  }
  return out;
}

/** Classify pages (a whole document or one split-off span). */
export function classifyDocument(pages: PdfPage[]): Classification {
  const evidence: string[] = [];
  const scores = new Map<DocumentKind, number>();
  const add = (k: DocumentKind, w: number) => scores.set(k, (scores.get(k) ?? 0) + w);
  const tl = titleLines(pages);
  let letter = false;
  for (const { line, weight } of tl) {
    const f = fold(line.text);
    if (LETTER.test(f)) letter = true;
    for (const seg of line.segments) {
      const sf = fold(closeLetterSpacing(seg.text));
      for (const t of TITLES) {
        const m = t.re.exec(sf);
        if (!m) continue;
        // Title-like: the segment is the keyword alone ("FACTURA", "Tax Invoice"); "Facture n° 12" is a label.
        const titleish =
          sf.replace(/[^a-z ]+/g, " ").trim() === m[0].replace(/[^a-z ]+/g, " ").trim() ||
          (m.index === 0 && !/\d/.test(sf) && sf.trim().split(/\s+/).length <= 3 && !/[:#]|\bn[°o]\b/.test(sf));
        // "Rechnung Nr. 42 vom 31.01.2014", "Facture N° F-12", "Fattura n. 45/2024 del …" heading a first page is the
        // title with its number (and date); a bare "Rechnungsnummer" or "Invoice date" is a field label.
        const rest = sf.slice(m.index + m[0].length);
        // (only for an invoice's own kinds: "Lieferschein Nr. 8", "Devis n° 12" heading an invoice are its references)
        const numbered = (t.kind === "invoice" || t.kind === "credit_note") && NUMBERED.test(rest);
        const field = !numbered && FIELD_SUFFIX.test(rest);
        const numberedTitle =
          !field && m.index === 0 && line.page === pages[0].page && line.index < 25 &&
          (numbered || parseDate(rest) !== null && rest.replace(/[\d.,/ -]|[a-z]{3,9}/g, "").trim() === "");
        const w = field ? 0.3 : titleish ? weight : numberedTitle ? Math.max(2, weight - 1) : 0.5;
        add(t.kind, w);
        if (w >= 3) evidence.push(`'${seg.text.trim()}' on page ${line.page}`);
        break; // first (strongest) matching kind per segment: "pro-forma invoice" is a quote
      }
    }
  }
  const text = fold(tl.map((x) => x.line.text).join("\n"));
  const loc = detectLocale(text);
  const hasAmounts = findAmounts(text, loc.decimal).length >= 2;
  const hasTotal = STRUCTURE.test(text);
  if (letter) {
    evidence.push("reads as a letter (greeting)");
    add("other", 4);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [topKind, score] = ranked[0] ?? (["other", 0] as [DocumentKind, number]);
  let kind = topKind;
  if ((kind === "invoice" || kind === "credit_note") && (!hasAmounts || !hasTotal)) {
    evidence.push("no totals found");
    kind = "other";
  }
  if (kind === "invoice" && letter && (scores.get("invoice") ?? 0) < 6) kind = "other";
  if (score < 2 && kind !== "other") {
    evidence.push("only weak title evidence");
    kind = "other";
  }
  const second = ranked[1]?.[1] ?? 0;
  const confidence = kind === "other" ? (letter ? 0.85 : 0.6) : Math.max(0.5, Math.min(0.98, 0.6 + (score - second) / 20));
  if (!evidence.length) evidence.push("no document title found");
  return {
    kind,
    confidence: Math.round(confidence * 100) / 100,
    evidence: [...new Set(evidence)].slice(0, 6),
    ...(letter ? { letter: true } : {}),
    ...((scores.get("invoice") ?? 0) + (scores.get("credit_note") ?? 0) > 0 ? { invoiceTitle: true } : {}),
  };
}
