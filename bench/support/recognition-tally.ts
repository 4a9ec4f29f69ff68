/**
 * Why documents were not read as an invoice — AGGREGATE counts only (no file names, no text of the document), so the
 * held-out part can be reported without looking at its documents: each unrecognised document adds 1 to the count of
 * every evidence kind it shows (class, classifier flags and reasons, what a forced read finds, title families present
 * anywhere, page count, text-layer characters per page, letters set as separate items, language guessed).
 */
import { classifyDocument } from "@/lib/extraction/classify";
import { LABELS, TITLES } from "@/lib/extraction/labels";
import { fold, pageLines, pageText } from "@/lib/extraction/layout";
import { invoiceEvidence, readAsInvoice } from "@/lib/extraction/offline";
import { detectLocale, findAmounts } from "@/lib/extraction/parse";
import { splitInvoices } from "@/lib/extraction/split";
import type { PdfPage } from "@/lib/extraction/types";

const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/;
const NOT_AN_INVOICE_WORD = /\b(reminder|statement|order confirmation|purchase order|mahnung|zahlungserinnerung|kontoauszug|auftragsbestatigung|bestellung|relance|rappel|releve|commande|recordatorio|estado de cuenta|pedido|herinnering|aanmaning|orderbevestiging|sollecito|estratto conto|ordine|lembrete|encomenda)\b/;

/**
 * General invoice vocabulary in en/de/fr/es/nl/it/pt (titles, labels, abbreviations), checked on the text with every
 * space removed (letters set apart, words broken over items): which families a document shows, as counts.
 */
const VOCABULARY: Record<string, RegExp> = {
  "invoice title word (any language)": /invoice|rechnung|facture|factura|factuur|fattura|fatura|faktura/,
  "credit-note word": /gutschrift|creditnote|creditmemo|avoir|notadecredito|creditnota|notadicredito|storno|korrektur/,
  "German number abbreviation (Re-Nr, Rg-Nr, Beleg-Nr)": /\b(re|rg|rech)[.-]*(nr|nummer)|beleg[.-]*(nr|nummer)|vorgang[.-]*(nr|nummer)|dokument[.-]*(nr|nummer)/,
  "total word (Summe, Betrag, Total, Montant, Totaal, Importe)": /summe|betrag|total|montant|totaal|importe|importo|valor/,
  "net/gross word (netto, brutto, HT, TTC)": /netto|brutto|\bht\b|ttc|exclvat|inclvat|net|gross/,
  "tax word (MwSt, USt, VAT, TVA, IVA, BTW)": /mwst|ust|umsatzsteuer|mehrwertsteuer|vat|tva|iva|btw|tax/,
  "date word (Datum, date, fecha, data)": /datum|date|fecha|data/,
  "delivery/service date word (Lieferdatum, Leistungsdatum)": /lieferdatum|leistungsdatum|leistungszeitraum|datedelivraison|deliverydate/,
  "customer number word (Kundennummer, customer no)": /kunden[.-]*(nr|nummer)|customer(no|number|id)|n°client|numeroclient/,
  "order word (Auftrag, Bestellung, order, commande)": /auftrag|bestell|order|commande|pedido/,
  "delivery-note word (Lieferschein, bon de livraison)": /lieferschein|bondelivraison|deliverynote/,
  "payment terms word (zahlbar, Zahlungsbedingungen, Skonto)": /zahlbar|zahlungsbedingung|zahlungsziel|skonto|paymentterms|conditionsdepaiement|echeance/,
  "bank word (Bankverbindung, IBAN, BIC)": /bankverbindung|iban|bic|swift/,
  "page numbering (Seite x von y, page x of y)": /(seite|page|pagina)\d+(von|of|sur|de|\/)\d+/,
};

/** Title-family stems, to see where their words stand in the text. */
const STEMS: Record<string, string> = {
  "Rechnung": "rechnung",
  "invoice/facture/factura/factuur/fattura/fatura": "invoice|facture|factura|factuur|fattura|fatura",
  "Gutschrift/avoir/credit note": "gutschrift|avoir|credit ?note|nota de credito|creditnota",
  "Storno/Korrektur": "storno|korrektur",
  "Lieferschein/bon de livraison": "lieferschein|bon de livraison",
  "Beleg": "beleg",
  "Datum": "datum",
  "Summe/Betrag": "summe|betrag",
};

const COMPOUNDS = [
  "rechnungsnummer", "rechnungsnr", "rechnungs-nr", "rechnungsdatum", "rechnungsbetrag", "rechnungssumme", "rechnungsanschrift", "rechnungsadresse",
  "rechnungsempfanger", "rechnungsstellung", "rechnungskopie", "rechnungsduplikat", "rechnungsausgang", "rechnungslegung", "rechnungsposition",
  "rechnungsendbetrag", "rechnungsart", "rechnungsbeleg", "rechnungstext", "rechnungseingang", "rechnungssteller", "rechnungszeitraum",
  "rechnungsstorno", "rechnungskorrektur", "rechnungs-/", "rechnungs- und", "rechnungs nr", "rechnungs-nummer", "rechnungs nummer", "rechnungs datum",
  "rechnungs-datum", "rechnungs-betrag", "rechnungs betrag", "rechnungs- nr", "rechnungs - nr", "rechnungs-summe", "rechnungs summe", "rechnungs-empf",
  "rechnungsinformation", "rechnungsdetail", "rechnungsdaten", "rechnungsangaben", "rechnungsbetrage", "rechnungsperiode", "rechnungsmonat",
  "belegnummer", "belegnr", "beleg-nr", "belegdatum", "belegart", "belegtyp", "re-nr", "re.-nr", "rg-nr", "rg.-nr", "rech.-nr", "rechn.-nr", "vorgangsnummer",
  "vorgangsnr", "vorgang-nr", "dokumentnummer", "dokumentnr", "dokument-nr", "fakturanummer", "faktura-nr", "fakturadatum", "lieferscheinnummer",
  "lieferschein-nr", "lieferscheinnr", "auftragsnummer", "auftrags-nr", "auftragsnr", "bestellnummer", "kundennummer", "kunden-nr", "kundennr",
];

/** Kinds of words that may head an invoice number, by family (matched on one folded word). */
const WORDS: [string, RegExp][] = [
  ["number word (Nr, No, Nummer, N°)", /^(nr|no|n°|nº|n|nummer|number|numero|num|#)\.?:?$/],
  ["invoice-family word", /^([a-z]*rechnung\w*|invoice\w*|factur\w*|factuur\w*|fattur\w*|fatura\w*|faktura\w*)$/],
  ["credit-family word", /^(gutschrift\w*|storno\w*|korrektur\w*|avoir|credit\w*)$/],
  ["receipt/voucher word (Beleg, Quittung, receipt)", /^(beleg\w*|quittung\w*|receipt\w*|recu|recibo|ricevuta|bon)$/],
  ["document/transaction word (Dokument, Vorgang, document)", /^(dokument\w*|vorgang\w*|document\w*|documento|transaktion\w*|transaction)$/],
  ["copy word (Kopie, Duplikat, copy)", /^(kopie|duplikat|zweitschrift|abschrift|copy|duplicate|copie|duplicata|original)$/],
  ["billing word (Abrechnung, Liquidation, Honorar, bill)", /^(liquidation|honorar\w*|bill\w*|nota|note|kostennote)$/],
  ["order/delivery word", /^(auftrag\w*|bestell\w*|order\w*|commande|lieferschein\w*|lieferung)$/],
  ["customer word", /^(kunde\w*|customer|client\w*)$/],
  ["possessive/preposition (Ihre, unsere, vom, zur, für)", /^(ihre?|unsere?|vom|von|zur|zu|fur|for|our|your|de|du|la|le|the|der|die|das|des|nach|per)$/],
  ["date word", /^(datum\w*|date|vom)$/],
];

export interface TruthValues {
  invoiceNumber?: string | null;
  total?: string | null;
}

/** The shape of a label text, by families only: which reader label it is, how many words, its ending. */
function labelShape(t: string): string {
  const f = fold(t).trim();
  if (!f) return "nothing";
  const fam = Object.entries(LABELS).find(([, re]) => re.test(f))?.[0];
  const listed = COMPOUNDS.find((c) => f.startsWith(c));
  const words = f.split(/\s+/).filter(Boolean).length;
  const ending = /(nr|no|n°|nº|nummer|number|numero|#)\W*$/.test(f) ? "a number word" : /:\s*$/.test(f) ? "a colon" : /\d/.test(f) ? "digits" : "a word";
  const title = TITLES.find((x) => x.re.test(f))?.kind;
  return `${fam ? `reader label ${fam}` : listed ? `listed compound ${listed}` : "no known label"}${title ? `, title family ${title}` : ""}, ${words} word${words > 1 ? "s" : ""}, ends with ${ending}`;
}

/** Where the XML's invoice number and total stand on the pages, and the shape of the text beside them (never the text). */
function labelBeside(pages: PdfPage[], truth: TruthValues): string[] {
  const out: string[] = [];
  const num = truth.invoiceNumber?.replace(/\s+/g, "");
  if (num) {
    let where = "not found in one segment";
    for (const p of pages) {
      const lines = pageLines(p);
      for (const [li, l] of lines.entries()) {
        for (const [si, s] of l.segments.entries()) {
          const sq = s.text.replace(/\s+/g, "");
          const at = sq.indexOf(num);
          if (at < 0) continue;
          const spaced = new RegExp(num.split("").map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*"));
          const before = s.text.slice(0, Math.max(0, s.text.search(spaced)));
          const hs = lines.map((x) => x.height).sort((a, b) => a - b);
          const median = hs[Math.floor(hs.length / 2)];
          const wordFams = fold(before).split(/[^a-z0-9°º.#-]+/).filter(Boolean).map((w) => WORDS.find(([, re]) => re.test(w))?.[0] ?? (/\d/.test(w) ? "digits" : `unlisted word of ${w.length} letters`));
          const left = l.segments[si - 1];
          const above = lines[li - 1]?.segments.find((a) => a.x < s.x2 + 30 && a.x2 > s.x - 10);
          where = [
            `page ${p === pages[0] ? "1" : "later"}`,
            `${Math.round((l.y / p.height) * 10) * 10}% down`,
            `line height ${l.height >= median * 1.35 ? "≥ 1.35 × the page's median" : "about the median"}`,
            `words before it: ${wordFams.join(" + ") || "none"}`,
            `case of the words before it: ${before.split(/\s+/).filter(Boolean).map((w) => (/^\p{Lu}+\.?$/u.test(w) ? "CAPS" : /^\p{Lu}\p{Ll}+\.?$/u.test(w) ? "Capitalised" : /^\p{Ll}+\.?$/u.test(w) ? "lower" : /\p{Ll}\p{Lu}/u.test(w) ? `capital inside at ${w.search(/(?<=\p{Ll})\p{Lu}/u)}` : "mixed")).join(" + ")}`,
            `gaps between the items of its segment (em): ${(() => {
              const its = p.items.filter((it) => Math.abs(it.y - s.y) < l.height * 0.5 && it.x >= s.x - 1 && it.x < s.x2).sort((a, b) => a.x - b.x);
              return its.slice(1).map((it, k) => `${/\p{L}$/u.test(its[k].str) ? "letter" : "other"}|${/^\p{Ll}/u.test(it.str) ? "lower" : /^\p{Lu}/u.test(it.str) ? "upper" : "other"} ${((it.x - (its[k].x + its[k].width)) / (it.height || 10)).toFixed(2)}${/\s$/.test(its[k].str) || /^\s/.test(it.str) ? " (space char)" : ""}`).join(", ");
            })()}`,
            `text items making the line: ${p.items.filter((it) => Math.abs(it.y - l.y) < l.height * 0.5 && it.x >= s.x - 1 && it.x < s.x2).length}`,
            ...fold(before).split(/[^a-z0-9°º.#-]+/).filter((w) => /^([a-z]*rechnung|invoice|factur|faktur|factuur|fattur|fatur)/.test(w)).map((w) => `its invoice-family word: ${w.length} letters, starts ${/^rechnungs/.test(w) ? "Rechnungs" : /^rechnung/.test(w) ? "Rechnung" : /^[a-z]+rechnung/.test(w) ? "with a prefix before Rechnung" : "another language's stem"}, ${/[-/.]/.test(w) ? "with punctuation" : "letters only"}, ${COMPOUNDS.some((c) => w.startsWith(c)) ? "a listed compound" : "not listed"}`),
            `same segment before it: ${labelShape(before)}`,
            `segment to the left: ${left ? labelShape(left.text) : "none"}`,
            `segment above: ${above ? labelShape(above.text) : "none"}`,
          ].join("; ");
          break;
        }
        if (where !== "not found in one segment") break;
      }
      if (where !== "not found in one segment") break;
    }
    out.push(`XML invoice number on the page: ${where}`);
  }
  if (truth.total) {
    const want = Math.abs(Number(truth.total)).toFixed(2);
    const shapes = new Set<string>();
    for (const p of pages) {
      const lines = pageLines(p);
      const loc = detectLocale(lines.map((l) => l.text).join("\n"));
      for (const l of lines) {
        for (const [si, s] of l.segments.entries()) {
          if (!findAmounts(s.text, loc.decimal).some((a) => Math.abs(Number(a.value)).toFixed(2) === want)) continue;
          const firstDigit = s.text.search(/\d/);
          shapes.add(`same segment before it: ${labelShape(s.text.slice(0, Math.max(0, firstDigit)))}; left: ${si ? labelShape(l.segments[0].text) : "none"}`);
        }
      }
    }
    for (const x of shapes) out.push(`XML total on the page, beside: ${x}`);
  }
  return out;
}

const bucket = (n: number, edges: number[]) => {
  for (let i = 0; i < edges.length; i++) if (n < edges[i]) return i === 0 ? `<${edges[0]}` : `${edges[i - 1]}–${edges[i] - 1}`;
  return `≥${edges[edges.length - 1]}`;
};

/** The evidence kinds one document shows (names of kinds only, never its text). */
export function reasonKinds(pages: PdfPage[], truthKind: string, shownFields: string[] = [], truth: TruthValues = {}): string[] {
  const out: string[] = [];
  out.push(...labelBeside(pages, truth));
  for (const f of ["invoiceNumber", "issueDate", "total", "taxAmount", "subtotal", "vendorName"]) out.push(`XML ${f} ${shownFields.includes(f) ? "shown" : "not shown"} on the pages`);
  const readable = pages.filter((p) => p.hasText);
  const c = classifyDocument(readable.length ? readable : pages);
  out.push(`class: ${c.kind}`, `truth (XML) kind: ${truthKind}`);
  if (c.letter) out.push("flag: letter");
  if (c.aboutInvoice) out.push("flag: about an invoice (reminder/statement/order)");
  if (c.invoiceTitle) out.push("flag: invoice title seen");
  for (const e of c.evidence) {
    if (/^'/.test(e)) {
      const quoted = fold(e.slice(1, e.indexOf("' on page")));
      const kind = /not an invoice/.test(e) ? "reminder/statement/order" : (TITLES.find((t) => t.re.test(quoted))?.kind ?? "?");
      out.push(`classifier title evidence: ${kind}`);
    } else out.push(`classifier reason: ${e.replace(/\(.*\)/, "(…)")}`);
  }
  // title families anywhere in the document, and where the strongest invoice word stands
  const fams = new Set<string>();
  let invoiceWordTop = false;
  let invoiceWordBig = false;
  let invoiceWordAlone = false;
  for (const p of readable) {
    const lines = pageLines(p);
    const hs = lines.map((l) => l.height).sort((a, b) => a - b);
    const median = hs[Math.floor(hs.length / 2)] ?? 10;
    for (const l of lines) {
      for (const s of l.segments) {
        const f = fold(s.text);
        const t = TITLES.find((x) => x.re.test(f));
        if (t) fams.add(t.kind);
        if (NOT_AN_INVOICE_WORD.test(f)) fams.add("reminder/statement/order word");
        if (t && (t.kind === "invoice" || t.kind === "credit_note")) {
          if (p === readable[0] && l.y < p.height * 0.3) invoiceWordTop = true;
          if (l.height >= median * 1.35) invoiceWordBig = true;
          if (f.replace(/[^a-z ]+/g, " ").trim().split(/\s+/).length <= 2) invoiceWordAlone = true;
        }
      }
    }
  }
  for (const f of [...fams].sort()) out.push(`word anywhere: ${f}`);
  // label families of the reader (at the start of a segment), and the vocabulary with spaces removed
  const segs = readable.flatMap((p) => pageLines(p).flatMap((l) => l.segments.map((s) => fold(s.text))));
  // each label family: opening a segment, only after other words in a segment (merged into a row of labels), or absent
  const wordStarts = (s: string) => [...s.matchAll(/(?<![\p{L}\d])[\p{L}\d]/gu)].map((m) => s.slice(m.index)).slice(1);
  for (const [name, re] of Object.entries(LABELS)) {
    const start = segs.some((s) => re.test(s));
    const inside = !start && segs.some((s) => wordStarts(s).some((t) => re.test(t)));
    out.push(`reader label ${start ? "opens a segment" : inside ? "only after other words in a segment" : "absent"}: ${name}`);
  }
  const multi = segs.filter((s) => s.split(/\s+/).length >= 4).length / (segs.length || 1);
  out.push(`segments of 4+ words: ${multi >= 0.5 ? "≥ 50%" : multi >= 0.25 ? "25–50%" : "< 25%"}`);
  const squashed = fold(readable.map(pageText).join(" ")).replace(/\s+/g, "");
  for (const [name, re] of Object.entries(VOCABULARY)) out.push(`vocabulary (spaces removed) ${re.test(squashed) ? "present" : "absent"}: ${name}`);
  // where a family's word stands: a word of its own, only as the head of a compound ("Rechnungsnummer"), or only with
  // the spaces removed (a word set in pieces: "Rech nung", "R E C H N U N G")
  const plain = fold(readable.map(pageText).join(" "));
  for (const [name, stem] of Object.entries(STEMS)) {
    const own = new RegExp(`\\b(${stem})\\b`).test(plain);
    const head = new RegExp(`\\b(${stem})`).test(plain);
    const any = new RegExp(`(${stem})`).test(plain);
    const sq = new RegExp(`(${stem})`).test(squashed);
    out.push(`word ${name}: ${own ? "a word of its own" : head ? "only as the head of a compound" : any ? "only inside a longer word" : sq ? "only with spaces removed" : "absent"}`);
  }
  // German compounds of Rechnung/Beleg and number labels, from a fixed list of general words (counts only)
  for (const w of COMPOUNDS) {
    const re = new RegExp(`\\b${w.replace(/[.]/g, "\\.")}`);
    if (re.test(plain)) out.push(`compound present: ${w}`);
  }
  const compoundsSeen = COMPOUNDS.filter((w) => new RegExp(`\\b${w.replace(/[.]/g, "\\.")}`).test(plain)).length;
  const rechnungHeads = (plain.match(/\brechnungs?[a-z]+/g) ?? []).filter((w) => !COMPOUNDS.some((c) => w.startsWith(c))).length;
  const heads = (plain.match(/\brechnungs?[a-z]*(?:[ -]+[a-z]+)?/g) ?? []).filter((w) => !COMPOUNDS.some((c) => w.startsWith(c)));
  for (const h of heads) out.push(`Rechnung compound not in the list: ${h.length} letters, ${/[ -]/.test(h) ? "with a break" : "one word"}, head ${/^rechnungs/.test(h) ? "Rechnungs-" : "Rechnung"}`);
  out.push(`Rechnung compounds not in the list: ${bucket(rechnungHeads, [1, 2, 5])}`, `listed compounds present: ${bucket(compoundsSeen, [1, 2, 5])}`);
  // words set in pieces: neighbouring items on a line, both letters at the join, a visible gap between them
  let joins = 0;
  let inWord = 0;
  for (const p of readable) {
    const its = [...p.items].sort((a, b) => a.y - b.y || a.x - b.x);
    for (let i = 1; i < its.length; i++) {
      const a = its[i - 1];
      const b = its[i];
      if (Math.abs(a.y - b.y) > 1 || b.x < a.x) continue;
      joins++;
      const gap = b.x - (a.x + a.width);
      const cw = Math.max(2, (b.height || 10) * 0.5);
      if (/\p{Ll}$/u.test(a.str) && /^\p{Ll}/u.test(b.str) && gap > cw * 0.15 && gap < cw * 1.6) inWord++;
    }
  }
  out.push(`item joins inside a lower-case word with a gap: ${joins ? (inWord / joins >= 0.2 ? "≥ 20%" : inWord / joins >= 0.05 ? "5–20%" : inWord ? "< 5%" : "none") : "no joins"}`);
  if (!fams.size) out.push("word anywhere: none of the title families");
  if (invoiceWordTop) out.push("invoice word: in the top 30% of page 1");
  if (invoiceWordBig) out.push("invoice word: in large type");
  if (invoiceWordAlone) out.push("invoice word: alone in its segment (≤ 2 words)");
  // what a forced read finds
  const inv = readable.length ? readAsInvoice(pages, c) : null;
  const text = readable.map(pageText).join("\n");
  if (inv) {
    for (const f of ["invoiceNumber", "issueDate", "dueDate", "vendorName", "vendorTaxId", "billToName", "subtotal", "taxAmount", "total"] as const) {
      out.push(`forced read ${inv[f] !== null ? "finds" : "lacks"}: ${f}`);
    }
    out.push(`forced read: ${inv.lineItems.length ? "has" : "no"} line items`);
    const bal = inv.subtotal !== null && inv.taxAmount !== null && inv.total !== null &&
      Math.round(Number(inv.subtotal) * 100) + Math.round(Number(inv.taxAmount) * 100) === Math.round(Number(inv.total) * 100);
    out.push(`forced read: net + tax = total ${bal ? "holds" : "does not hold"}`);
    out.push(`forced read: invoice evidence ${invoiceEvidence(inv, c, text) ? "suffices" : "does not suffice"}`);
  }
  out.push(`IBAN on the page: ${IBAN.test(text) ? "yes" : "no"}`);
  // layout
  out.push(`pages: ${bucket(pages.length, [2, 3, 5])}`, `pages with a text layer: ${readable.length === pages.length ? "all" : readable.length ? "some" : "none"}`);
  out.push(`invoice spans (split): ${bucket(splitInvoices(pages).length, [2, 3])}`);
  const chars = readable.reduce((n, p) => n + p.items.reduce((m, i) => m + i.str.replace(/\s/g, "").length, 0), 0) / (readable.length || 1);
  out.push(`text-layer characters per page: ${bucket(chars, [200, 500, 1000, 2000, 4000])}`);
  const items = readable.flatMap((p) => p.items);
  const single = items.filter((i) => i.str.trim().length === 1).length / (items.length || 1);
  out.push(`single-character items: ${single >= 0.5 ? "≥ 50%" : single >= 0.2 ? "20–50%" : "< 20%"}`);
  const landscape = readable.some((p) => p.width > p.height);
  out.push(`landscape page: ${landscape ? "yes" : "no"}`);
  const loc = detectLocale(text);
  out.push(`amounts on the pages: ${bucket(findAmounts(text, loc.decimal).length, [2, 5, 10, 30])}`);
  const odd = (text.match(/[\uFFFD\uE000-\uF8FF\u0000-\u0008]/g) ?? []).length / (text.length || 1);
  out.push(`unmapped glyphs (U+FFFD, private use, control): ${odd >= 0.05 ? "≥ 5%" : odd > 0 ? "some" : "none"}`);
  out.push(`language guessed: ${loc.lang}`, `decimal mark: '${loc.decimal}'`);
  return out;
}

/** Markdown lines: per part, each reason kind with the number of unrecognised documents that show it. */
export function recognitionTally(parts: { name: string; docs: { pages: PdfPage[]; truthKind: string; shownFields?: string[]; truth?: TruthValues }[] }[]): string[] {
  const out: string[] = [];
  const none = parts.filter((p) => !p.docs.length).map((p) => p.name);
  if (none.length) out.push(`Not read as an invoice: none (${none.join(", ")}).`, "");
  for (const p of parts) {
    if (!p.docs.length) continue;
    const counts = new Map<string, number>();
    for (const d of p.docs) for (const k of new Set(reasonKinds(d.pages, d.truthKind, d.shownFields, d.truth))) counts.set(k, (counts.get(k) ?? 0) + 1);
    out.push(`#### Not read as an invoice, ${p.name}: ${p.docs.length} document${p.docs.length > 1 ? "s" : ""} (counts only)`, "", "| evidence kind | documents |", "|---|---|");
    for (const [k, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) out.push(`| ${k} | ${n} |`);
    out.push("");
  }
  return out;
}
