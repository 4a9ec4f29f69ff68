// What kind of document this is. Titles (large or top-of-page words) weigh most; body mentions little —
// a letter about an overdue invoice is not an invoice, and a quote or pro-forma never is.

import { rejoinBrokenWord, TITLES } from "./labels";
import { closeLetterSpacing, fold, pageLines, type Line } from "./layout";
import { detectLocale, findAmounts, parseDate } from "./parse";
import type { Classification, DocumentKind, PdfPage } from "./types";

// "Madame, Monsieur," and "Chère Madame," greet; "Monsieur Jean Martin" heading the buyer's address block does not.
const LETTER = /^(dear|estimad[oa]s?|sehr geehrte|to whom it may concern|a quien corresponda|hola|hello)\b|^(chere?s? )?(madame|monsieur|mesdames|messieurs)(\s*(,|et|ou|\/)\s*(madame|monsieur|messieurs))?\s*,?\s*$/;
const STRUCTURE = /\b(total\w*|amount due|balance due|importe|[a-z]*betrag|[a-z]*summe|[a-z]*beitrag|montant|net a payer|totaal|totale|importo|imponibile|valor total|a pagar|te betalen)\b/;
/**
 * Titles of documents about invoices or orders that are not an invoice: reminders, dunning letters, statements of
 * account, order confirmations and purchase orders. Standing as a heading (the word with at most two others, no number,
 * no "label:"), they keep a greeting's doubt even under a big "Invoice" heading ("Invoice reminder").
 */
const NOT_AN_INVOICE = /\b(reminder|payment reminder|final notice|overdue notice|statement of account|account statement|order confirmation|purchase order|mahnung|zahlungserinnerung|kontoauszug|kontoubersicht|auftragsbestatigung|bestellbestatigung|bestellung|relance|lettre de relance|rappel|releve de compte|confirmation de commande|bon de commande|accuse de reception de commande|recordatorio de pago|aviso de pago|estado de cuenta|confirmacion de pedido|orden de compra|herinnering|betalingsherinnering|aanmaning|rekeningoverzicht|orderbevestiging|inkooporder|sollecito( di pagamento)?|estratto conto|conferma d'ordine|ordine d'acquisto|lembrete|aviso de cobranca|extrato de conta|confirmacao de encomenda|nota de encomenda)\b/;
/** Every family a heading may name: a title word broken by the text layer is restored only into one of these. */
const HEADING_FAMILIES = [...TITLES.map((t) => t.re), NOT_AN_INVOICE];
const ORDER = /\b(order|auftrag\w*|bestell\w*|commande|pedido|orden|order\w*|ordine|encomenda)\b/;
/** A letter that states it invoices is the invoice ("wir berechnen Ihnen", "nous vous facturons", "we invoice you"). */
const INVOICING = /\b(wir berechnen|berechnen wir|erlauben (wir )?uns\W+(ihnen )?(folgende|nachstehende|wie folgt)?\W*(\w+\W+){0,3}(zu )?berechnen|(stellen|stelle) (wir |ich )?ihnen\W+(\w+\W+){0,5}in rechnung|we (hereby )?(invoice|bill|charge) you|nous vous facturons|nous avons le plaisir de vous facturer|(le|les) facturamos|wij factureren|brengen wij u in rekening|vi fatturiamo|(lhe|vos) faturamos)\b/;
/** A keyword followed by a reference label is a field ("Lieferschein-Nr.", "Invoice date"), not a title. */
/** After a title keyword: its number word and a number ("Nr. 42", "n° F-12", "nº: 2024/0211", "# A-7", "number 12"). */
// (up to two qualifier words may come between: "Facture d'acompte n° FA-12", "Nota di credito n. 7"; and the document
// type code EN 16931 renderers print in brackets: "Handelsrechnung (380) Nr. 471102", "Rechnung des Versicherers (575) Nr.")
const NUMBERED = /^(?:\s*\(\d{3}\))?(?:\s+[a-z'’-]{2,}){0,2}(?:\s*\(\d{3}\))?\s*[-.]?\s*(?:nr|no|n[°º]|n\.\s?º?|nº|#|nummer|number|numero|num)\.?\s*[:#]?\s*(?:[a-z]{1,4}[\s-]?)?\d/;
/** Words before a keyword that make it a field label or a mention ("N° de facture", "Date of invoice", "Your invoice"). */
const FIELD_PREFIX = /(^|[^a-z])(n[°º.]?|no|nr|num\w*|date|datum|fecha|data|ref\w*|total\w*|montant|betrag|importe|importo|valor|bedrag|amount|your|our|ihre?|unsere?|votre|notre|su|nuestra|uw|onze|vostra|nostra|sua|nossa|per|pour|for|fur|para|voor|zur|zu)([^a-z]|$)/;
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

/**
 * A line's segments, with a heading set letter by letter in separate runs ("R  E  C  H  N  U  N  G", each letter
 * its own text item, wide apart) joined into the one word it spells.
 */
function headingSegments(line: Line): { text: string }[] {
  const out: { text: string }[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 4) out.push({ text: run.join("") });
    else out.push(...run.map((text) => ({ text })));
    run = [];
  };
  for (const s of line.segments) {
    const t = s.text.trim();
    if (/^\p{L}$/u.test(t)) run.push(t);
    else {
      flush();
      out.push(s);
    }
  }
  flush();
  return out;
}

/** Classify pages (a whole document or one split-off span). */
export function classifyDocument(pages: PdfPage[]): Classification {
  const evidence: string[] = [];
  const scores = new Map<DocumentKind, number>();
  const add = (k: DocumentKind, w: number) => scores.set(k, (scores.get(k) ?? 0) + w);
  const tl = titleLines(pages);
  let letter = false;
  let reminder = false;
  let invoiceHeading = false;
  for (const { line, weight } of tl) {
    const f = fold(line.text);
    if (LETTER.test(f)) letter = true;
    for (const seg of headingSegments(line)) {
      // (a title word broken by a stray space, "Rechnungskor rektur", is read whole)
      const sf = fold(rejoinBrokenWord(closeLetterSpacing(seg.text), HEADING_FAMILIES));
      const about = NOT_AN_INVOICE.exec(sf);
      // in large type; or, for a reminder or statement, alone on its line ("Purchase order" stacked over its number is a
      // reference of the invoice)
      const heading = weight >= 4 || (weight >= 3 && line.segments.length === 1 && !ORDER.test(sf));
      if (about && heading && !/[\d:#]|\bn[°º]/.test(sf) && sf.replace(about[0], " ").trim().split(/\s+/).filter(Boolean).length <= 2) {
        reminder = true;
        add("other", weight);
        evidence.push(`'${seg.text.trim()}' on page ${line.page} (a reminder, statement or order: not an invoice)`);
        continue;
      }
      for (const t of TITLES) {
        const m = t.re.exec(sf);
        if (!m) continue;
        // Title-like: the segment is the keyword alone ("FACTURA", "Tax Invoice"); "Facture n° 12" is a label.
        const titleish =
          sf.replace(/[^a-z ]+/g, " ").trim() === m[0].replace(/[^a-z ]+/g, " ").trim() ||
          (m.index === 0 && !/\d/.test(sf) && sf.trim().split(/\s+/).length <= 3 && !/[:#]|\bn[°o]\b/.test(sf)) ||
          // a qualifier before the kind ("Final Invoice", "Self-billing invoice", "Corrected credit note")
          (m.index + m[0].length === sf.trimEnd().length && !/\d/.test(sf) && sf.trim().split(/\s+/).length <= 4 && !/[:#]/.test(sf) &&
            !FIELD_PREFIX.test(sf.slice(0, m.index)));
        // "Rechnung Nr. 42 vom 31.01.2014", "Facture N° F-12", "Fattura n. 45/2024 del …" heading a first page is the
        // title with its number (and date); a bare "Rechnungsnummer" or "Invoice date" is a field label.
        const rest = sf.slice(m.index + m[0].length);
        // (only for an invoice's own kinds: "Lieferschein Nr. 8", "Devis n° 12" heading an invoice are its references)
        const numbered = (t.kind === "invoice" || t.kind === "credit_note") && NUMBERED.test(rest);
        const field = !numbered && FIELD_SUFFIX.test(rest);
        const numberedTitle =
          !field && m.index === 0 && line.page === pages[0].page && line.index < 25 &&
          (numbered || parseDate(rest) !== null && rest.replace(/[\d.,/ -]|[a-z]{3,9}/g, "").trim() === "");
        const own = t.kind === "invoice" || t.kind === "credit_note";
        // another kind's word in a row of small cells ("N° facture | Date | Bon de livraison | Client") or with its
        // value beside it ("Lieferschein  LS-4711") is a column or reference label of the invoice, not its title
        const at = line.segments.findIndex((x) => x === seg);
        const next = at >= 0 ? line.segments[at + 1] : undefined;
        const cell = !own && weight < 4 && (line.segments.length >= 3 || (next !== undefined && /\d/.test(next.text)));
        const w = field ? 0.3 : titleish && !cell ? weight : numberedTitle ? Math.max(2, weight - 1) : 0.5;
        add(t.kind, w);
        if (own && titleish && w >= 4) invoiceHeading = true;
        if (w >= 3) evidence.push(`'${seg.text.trim()}' on page ${line.page}`);
        break; // first (strongest) matching kind per segment: "pro-forma invoice" is a quote
      }
    }
  }
  const text = fold(tl.map((x) => x.line.text).join("\n"));
  const loc = detectLocale(text);
  const hasAmounts = findAmounts(text, loc.decimal).length >= 2;
  const hasTotal = STRUCTURE.test(text);
  // A letter that says it invoices, or greets under a big invoice heading (no reminder), is the invoice itself.
  const invoicing = letter && INVOICING.test(fold(pages.map((p) => pageLines(p).map((l) => l.text).join(" ")).join(" ")).replace(/\s+/g, " "));
  if (letter && (invoicing || (invoiceHeading && !reminder))) {
    evidence.push(invoicing ? "written as a letter that invoices" : "a letter under an invoice heading");
    letter = false;
  }
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
  if (kind === "invoice" && (letter || reminder) && (scores.get("invoice") ?? 0) < 6) kind = "other";
  if (score < 2 && kind !== "other") {
    evidence.push("only weak title evidence");
    kind = "other";
  }
  const second = ranked[1]?.[1] ?? 0;
  const confidence = kind === "other" ? (letter || reminder ? 0.85 : 0.6) : Math.max(0.5, Math.min(0.98, 0.6 + (score - second) / 20));
  if (!evidence.length) evidence.push("no document title found");
  return {
    kind,
    confidence: Math.round(confidence * 100) / 100,
    evidence: [...new Set(evidence)].slice(0, 6),
    ...(letter ? { letter: true } : {}),
    ...(reminder ? { aboutInvoice: true } : {}),
    ...((scores.get("invoice") ?? 0) + (scores.get("credit_note") ?? 0) > 0 ? { invoiceTitle: true } : {}),
  };
}
