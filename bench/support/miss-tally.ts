/**
 * Why a header field was read wrong — AGGREGATE counts only (no file names, no text of the document), so the held-out
 * part can be reported without looking at its documents. Each wrong amount (total, subtotal, tax) or party name
 * (vendor, buyer) adds 1 to the count of every evidence kind it shows: what was read instead (another figure of the
 * XML, a line amount, nothing), and where the right value stands on the pages — the family of the words labelling it
 * (from a fixed vocabulary of general words), where that label stands, how many amounts share its line, where on the
 * page, and whether the summary-block reading alone would have found it.
 */
import type { EInvoice } from "@/lib/extraction/einvoice";
import { summaryTotals } from "@/lib/extraction/header";
import { buyerBlocks, COMPANY_FORM, companyFormName, pageDomains, sellerBlockName, senderLine, windowAddressName } from "@/lib/extraction/parties";
import { fold, pageLines, type Line } from "@/lib/extraction/layout";
import { detectLocale, findAmounts } from "@/lib/extraction/parse";
import { readTable } from "@/lib/extraction/table";
import type { ExtractedInvoice, PdfPage } from "@/lib/extraction/types";

/** General word families of totals blocks in en/de/fr/es/nl/it/pt, matched on folded label text. */
const AMOUNT_WORDS: [string, RegExp][] = [
  ["gross word (brutto, TTC, incl. VAT, Gesamtbetrag)", /\b(brutto\w*|ttc|tvac|incl\w*|inkl\w*|gesamtbetrag|rechnungsbetrag|endbetrag|grand total|invoice total|montant total|total general|importe total)\b/],
  ["net word (netto, HT, net, subtotal, hors taxe)", /\b(netto\w*|ht|net|subtotal|sub total|sous-total|sous total|hors tax\w*|excl\w*|exkl\w*|zwischensumme|warenwert|base imponible|imponibile|subtotaal)\b/],
  ["tax word (MwSt, USt, VAT, TVA, IVA, BTW)", /\b(mwst|ust|umsatzsteuer|mehrwertsteuer|steuer\w*|vat|tva|iva|btw|tax\w*|gst)\b/],
  ["to-pay word (net à payer, zu zahlen, amount due, Zahlbetrag)", /\b(a payer|zu zahlen|zahlbetrag|amount due|balance due|total due|due|te betalen|a pagar|da pagare|payable|solde|restbetrag)\b/],
  ["plain total word (Total, Summe, Gesamt, Montant, Totaal)", /\b(total\w*|summe\w*|gesamt\w*|montant\w*|totaal|totale|importe|betrag\w*)\b/],
  ["prepaid word (Anzahlung, acompte, déjà payé, prepaid)", /\b(anzahlung\w*|acompte\w*|deja paye\w*|deja regle\w*|prepaid|paid|bezahlt|verrechnet|avance)\b/],
  ["allowance/charge word (Rabatt, remise, Zuschlag, frais)", /\b(rabatt\w*|remise\w*|discount|zuschlag\w*|frais|charges?|escompte|skonto|port\w*|versand\w*|shipping|livraison)\b/],
  ["rate word (%, Satz, taux)", /%|\b(satz|taux|rate|tarif)\b/],
  ["base word (Basis, base, Bemessung)", /\b(basis\w*|base|bemessung\w*|assiette)\b/],
  ["currency code or sign", /\b(eur|usd|gbp|chf)\b|€|\$|£/],
];

/** Single general words of totals labels (a fixed list; each counted where it opens a word of the label). */
const VOCABULARY = [
  "summe", "endsumme", "rechnungssumme", "gesamtsumme", "bruttosumme", "nettosumme", "zwischensumme", "seitensumme", "positionssumme", "ubertrag",
  "betrag", "gesamtbetrag", "rechnungsbetrag", "endbetrag", "zahlbetrag", "bruttobetrag", "nettobetrag", "steuerbetrag", "wert", "warenwert", "nettowert",
  "bruttowert", "gesamtwert", "auftragswert", "rechnungswert", "gesamt", "total", "netto", "brutto", "ohne", "zzgl", "zuzuglich", "inkl", "inklusive",
  "einschl", "mit", "mwst", "ust", "umsatzsteuer", "mehrwertsteuer", "steuer", "eur", "euro", "rechnung", "zu", "zahlen", "zahlbar", "fallig", "anzahlung",
  "abzuglich", "abzgl", "rabatt", "skonto", "versand", "fracht", "porto", "verpackung", "montant", "ht", "ttc", "tva", "net", "a", "payer", "sous", "amount", "due",
  "tax", "vat", "subtotal", "grand", "invoice", "position", "positionen", "pos", "artikel", "menge", "preis", "einzelpreis", "gesamtpreis", "seite", "von",
  "rechnungsendsumme", "gesamtrechnungssumme", "bruttorechnungssumme", "gesamtbruttosumme", "gesamtnettosumme", "teilsumme", "kontrollsumme",
  "in", "im", "an", "ab", "st", "re", "rg", "nr", "de", "en", "et", "la", "le", "du", "of", "to", "um", "zum", "zur", "der", "die", "das", "des", "fur", "bei", "vom",
  "bitte", "uberweisen", "lieferung", "leistung", "waren", "dienstleistung", "gebuhr", "kosten", "satz", "prozent", "basis", "bemessungsgrundlage",
];

const vocabulary = (label: string): string[] => {
  const ws = fold(label).split(/[^a-z]+/).filter(Boolean);
  const out = VOCABULARY.filter((v) => ws.includes(v)).map((v) => `word "${v}"`);
  const unlisted = ws.filter((w) => !VOCABULARY.includes(w));
  out.push(`unlisted words: ${unlisted.length >= 3 ? "≥ 3" : unlisted.length}`);
  // a word the text layer broke with a space ("Rechn ungssumme"): two neighbours that join into a listed word
  for (let i = 1; i < ws.length; i++) {
    const joined = ws[i - 1] + ws[i];
    if (VOCABULARY.includes(joined)) out.push(`two words that join into "${joined}"`);
  }
  // where the label's letters sit: one segment, or spread over several
  out.push(`label words total letters: ${ws.join("").length >= 30 ? "≥ 30" : Math.floor(ws.join("").length / 5) * 5 + "–" + (Math.floor(ws.join("").length / 5) * 5 + 4)}`);
  for (const w of unlisted) {
    const head = VOCABULARY.filter((v) => v.length >= 4 && (w.startsWith(v) || w.endsWith(v)));
    out.push(head.length ? `unlisted word of ${w.length} letters ${head.map((v) => (w.startsWith(v) ? `starting "${v}"` : `ending "${v}"`)).join(", ")}` : `unlisted word of ${w.length >= 10 ? "≥ 10" : w.length} letters`);
  }
  return out;
};

const wordKinds = (label: string): string[] => {
  const f = fold(label);
  const kinds = AMOUNT_WORDS.filter(([, re]) => re.test(f)).map(([k]) => k);
  if (!kinds.length) return [/[a-z]{2}/.test(f) ? "no listed word" : "no words"];
  return kinds;
};

const cents = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Math.round(Math.abs(Number(v)) * 100));

interface Occurrence {
  line: Line;
  lines: Line[];
  li: number;
  si: number;
  index: number;
  page: PdfPage;
  pageNo: number;
}

function occurrences(pages: PdfPage[], value: string): Occurrence[] {
  const want = cents(value);
  const out: Occurrence[] = [];
  const text = pages.flatMap((p) => pageLines(p).map((l) => l.text)).join("\n");
  const loc = detectLocale(text);
  pages.forEach((page, pageNo) => {
    const lines = pageLines(page);
    lines.forEach((line, li) => {
      line.segments.forEach((s, si) => {
        for (const a of findAmounts(s.text, loc.decimal)) if (cents(a.value) === want) out.push({ line, lines, li, si, index: a.index, page, pageNo });
      });
    });
  });
  return out;
}

/** Where one occurrence of an amount stands and what labels it, as kinds. */
function amountPlace(o: Occurrence, tableRows: Set<Line>, lastPage: number): string[] {
  const seg = o.line.segments[o.si];
  const before = seg.text.slice(0, o.index);
  const left = o.line.segments.slice(0, o.si).map((s) => s.text).join(" ");
  const loc = detectLocale(o.lines.map((l) => l.text).join("\n"));
  const nAmounts = findAmounts(o.line.text, loc.decimal).length;
  const out: string[] = [];
  const labelText = `${left} ${before}`;
  const hasLabel = /[a-z]{2}/.test(fold(labelText).replace(/\b(eur|usd|gbp|chf)\b/g, ""));
  out.push(`label beside it: ${hasLabel ? (/[a-z]{2}/.test(fold(before)) ? "in its own segment" : "in a segment to its left") : "none on its line"}`);
  for (const k of wordKinds(labelText)) out.push(`words on its line before it: ${k}`);
  for (const k of vocabulary(labelText)) out.push(`label on its line: ${k}`);
  const after = seg.text.slice(o.index).replace(/^[\d.,\s-]+/, "");
  const later = o.line.segments.slice(o.si + 1).map((s) => s.text).join(" ");
  out.push(`after it on its line: ${`${after} ${later}`.trim() ? wordKinds(`${after} ${later}`).join(" + ") : "nothing"}`);
  if (!hasLabel) {
    // a vertical layout: the label row above (the segment over this amount)
    const above = o.lines[o.li - 1]?.segments.find((a) => a.x < seg.x2 + 20 && a.x2 > seg.x - 20);
    for (const k of above ? wordKinds(above.text) : ["nothing above"]) out.push(`no label beside; the segment above it: ${k}`);
  }
  out.push(`amounts on its line: ${nAmounts >= 4 ? "≥ 4" : nAmounts}`);
  out.push(`its line ${tableRows.has(o.line) ? "is" : "is not"} a row of the item table read`);
  out.push(`page: ${o.pageNo === lastPage ? "the last" : "an earlier one"}; ${Math.round((o.line.y / o.page.height) * 10) * 10}% down; ${seg.x > o.page.width * 0.5 ? "right" : "left"} half`);
  return out;
}

function amountKinds(field: "total" | "subtotal" | "taxAmount", truth: EInvoice, got: ExtractedInvoice | null, pages: PdfPage[]): string[] {
  const out: string[] = [];
  const want = truth[field]!;
  const g = got?.[field] ?? null;
  const lines = pages.flatMap((p) => pageLines(p));
  const loc = detectLocale(lines.map((l) => l.text).join("\n"));
  const table = readTable(lines, loc);
  const lastPage = pages.length - 1;
  // what was read
  if (g === null) out.push("read: nothing");
  else {
    const same = (v: string | null) => v !== null && cents(v) === cents(g);
    const roles = [
      same(truth.subtotal) && "the XML net (subtotal)",
      same(truth.taxAmount) && "the XML tax",
      same(truth.total) && "the XML total",
      same(truth.amountDue) && "the XML amount due (after prepayment)",
      truth.lineItems.some((l) => same(l.amount)) && "an XML line amount",
      cents(truth.lineItems.reduce((s, l) => s + Number(l.amount ?? 0), 0)) === cents(g) && "the sum of the XML lines",
    ].filter(Boolean) as string[];
    out.push(`read: ${roles.length ? roles.join(" and ") : "no figure of the XML"}`);
    const gotOcc = occurrences(pages, g);
    out.push(`read value on the pages: ${gotOcc.length ? "printed" : "not printed (computed)"}`);
    for (const o of gotOcc) for (const k of amountPlace(o, table.rowLines, lastPage)) out.push(`read value: ${k}`);
    if (Number(g) < 0 !== Number(want) < 0) out.push("read: sign differs from the XML");
  }
  // where the right value stands
  const occ = occurrences(pages, want);
  out.push(`right value printed: ${occ.length >= 3 ? "≥ 3 times" : `${occ.length} time${occ.length === 1 ? "" : "s"}`}`);
  for (const o of occ) for (const k of amountPlace(o, table.rowLines, lastPage)) out.push(`right value: ${k}`);
  // the other figures of the XML the page shows, and what the summary-block reading alone gives
  out.push(`XML amount due ${truth.amountDue !== null && cents(truth.amountDue) !== cents(truth.total) ? "differs from" : "equals"} the total`);
  out.push(`XML tax ${cents(truth.taxAmount) === 0 ? "is zero" : "is not zero"}`);
  const sum = summaryTotals(lines, loc, table.rowLines);
  out.push(`summary-block reading alone: ${!sum ? "nothing" : cents(sum[field]) === cents(want) ? "right" : sum[field] === null ? "no value" : "wrong"}${sum ? `, ${sum.consistent ? "balanced" : "unbalanced"}` : ""}`);
  out.push(`pages: ${pages.length >= 3 ? "≥ 3" : pages.length}`);
  out.push(`item table read: ${table.items.length ? "yes" : "no"}; language guessed: ${loc.lang}; decimal mark '${loc.decimal}'`);
  return out;
}

/** Party labels, salutations and contact words in en/de/fr/es/nl/it (a fixed list). */
const PARTY_WORDS = /\b(verkaufer|kaufer|lieferant|kunde|rechnungsempfanger|leistungsempfanger|warenempfanger|empfanger|absender|rechnungssteller|seller|buyer|supplier|vendor|customer|client|bill to|ship to|sold to|from|vendeur|acheteur|fournisseur|destinataire|emetteur|adresse de facturation|adresse de livraison|livre a|facture a|cliente|proveedor|klant|leverancier|fornitore|herrn?|frau|firma|monsieur|madame|attn|contact|ansprechpartner|interlocuteur|tel|telefon|email|e-mail)\b/;
/** Document title words (a fixed list). */
const TITLE_WORDS = /\b(rechnung\w*|gutschrift\w*|invoice|credit note|facture|avoir|factura|factuur|fattura|note de frais|devis|quote|angebot)\b/;

const words = (s: string) => fold(s).replace(/[^a-z0-9]+/g, " ").trim();

function nameKinds(field: "vendorName" | "billToName", truth: EInvoice, got: ExtractedInvoice | null, pages: PdfPage[]): string[] {
  const out: string[] = [];
  const want = words(truth[field]!);
  const other = field === "vendorName" ? truth.billToName : truth.vendorName;
  const g = got?.[field] ? words(got[field]!) : null;
  if (!g) out.push("read: nothing");
  else {
    out.push(
      `read: ${other && words(other) === g ? "the other party's name" : want.includes(g) ? "a part of the right name" : g.includes(want) ? "the right name with more words" : other && (words(other).includes(g) || g.includes(words(other))) ? "part of the other party's name" : "another text"}`,
    );
    out.push(`read value ${COMPANY_FORM.test(got![field]!) ? "has a" : "has no"} legal form`);
    const raw = got![field]!;
    out.push(`read value: ${raw.split(/\s+/).length >= 4 ? "≥ 4" : raw.split(/\s+/).length} word(s), ${/\d/.test(raw) ? "with" : "no"} digits, ${raw === raw.toUpperCase() ? "all caps" : "mixed case"}`);
    for (const k of vocabulary(raw).filter((k) => k.startsWith("word"))) out.push(`read value has the totals ${k}`);
    if (PARTY_WORDS.test(fold(raw))) out.push("read value has a party, salutation or contact word");
    if (TITLE_WORDS.test(fold(raw))) out.push("read value has a document title word");
    if (/^(herrn?|frau|monsieur|madame|m\.|mme|mr|mrs|ms)\b/i.test(raw)) out.push("read value opens with a salutation");
    for (const [pageNo, p] of pages.entries()) {
      for (const [li, l] of pageLines(p).entries()) {
        const s = l.segments.find((x) => words(x.text).includes(g));
        if (!s) continue;
        const above = pageLines(p)[li - 1]?.segments.find((a) => a.x < s.x2 && a.x2 > s.x);
        out.push(`read value stands: page ${pageNo === 0 ? "1" : "later"}, ${Math.round((l.y / p.height) * 10) * 10}% down, ${s.x > p.width * 0.5 ? "right" : "left"} half; segment above: ${!above ? "none" : PARTY_WORDS.test(fold(above.text)) ? "a party word" : /:\s*$/.test(above.text) ? "ends in a colon" : /\d/.test(above.text) ? "has digits" : "other words"}`);
        break;
      }
    }
  }
  out.push(`right name ${COMPANY_FORM.test(truth[field]!) ? "has a" : "has no"} legal form`);
  let found = 0;
  for (const [pageNo, p] of pages.entries()) {
    const lines = pageLines(p);
    const hs = lines.map((l) => l.height).sort((a, b) => a - b);
    const median = hs[Math.floor(hs.length / 2)] ?? 10;
    for (const [li, l] of lines.entries()) {
      for (const s of l.segments) {
        const sw = ` ${words(s.text)} `;
        if (!want || !sw.includes(` ${want} `)) continue;
        found++;
        out.push(`right name: in a segment ${sw.trim() === want ? "alone" : "with other words"}`);
        out.push(`right name: page ${pageNo === 0 ? "1" : "later"}, ${Math.round((l.y / p.height) * 10) * 10}% down, ${s.x > p.width * 0.5 ? "right" : "left"} half, ${l.height >= median * 1.35 ? "large type" : "body type"}`);
        const above = lines[li - 1]?.segments.find((a) => a.x < s.x2 && a.x2 > s.x);
        const af = above ? fold(above.text) : "";
        out.push(`right name: segment above ${!above ? "none" : PARTY_WORDS.test(af) ? "has a party word" : TITLE_WORDS.test(af) ? "has a title word" : /:\s*$/.test(af) ? "ends in a colon" : /\d/.test(af) ? "has digits" : "words only"}`);
        const left = l.segments.filter((x) => x.x2 <= s.x);
        out.push(`right name: segments to its left ${left.length ? (left.some((x) => PARTY_WORDS.test(fold(x.text))) ? "with a party word" : "without a party word") : "none"}`);
        out.push(`right name: ${s.text.trim() === s.text.trim().toUpperCase() ? "all caps" : "mixed case"}`);
      }
    }
  }
  // what each of the reader's party rules alone gives
  const lines = pages.flatMap((p) => pageLines(p));
  const h = pages[0]?.height ?? 842;
  const buyers = buyerBlocks(lines);
  const judge = (v: string | null | undefined) => (!v ? "nothing" : words(v) === want || (want.includes(words(v)) && words(v).length >= want.length / 2) || words(v).includes(want) ? "right" : other && words(other) === words(v) ? "the other party" : "another text");
  out.push(`rule alone: seller block ${judge(sellerBlockName(lines)?.value)}`);
  out.push(`rule alone: sender line ${judge(senderLine(lines.filter((l) => !buyers.has(l)), h)?.value)}`);
  out.push(`rule alone: company with legal form ${judge(companyFormName(lines.filter((l) => !buyers.has(l)), buyers, h)?.value)}`);
  out.push(`rule alone: address window ${judge(windowAddressName(lines, h, pages[0]?.width)?.value)}`);
  out.push(`page domains match the right name: ${pageDomains(lines).length ? (pageDomains(lines).some((d) => words(d).length >= 3 && want.replace(/\s+/g, "").includes(d.replace(/[^a-z0-9]/g, ""))) ? "yes" : "no") : "no domain printed"}`);
  out.push(`right name printed in one segment: ${found >= 3 ? "≥ 3 times" : `${found} time${found === 1 ? "" : "s"}`}`);
  return out;
}

export interface MissDoc {
  truth: EInvoice;
  got: ExtractedInvoice | null;
  pages: PdfPage[];
  /** The fields the page shows and the reader got wrong. */
  missed: string[];
}

const TALLIED = ["total", "subtotal", "taxAmount", "vendorName", "billToName"] as const;

/** Markdown lines: per part and field, each evidence kind with the number of wrong reads that show it. */
export function missTally(parts: { name: string; docs: MissDoc[] }[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    for (const f of TALLIED) {
      const docs = p.docs.filter((d) => d.missed.includes(f));
      if (!docs.length) continue;
      const counts = new Map<string, number>();
      for (const d of docs) {
        const kinds = f === "vendorName" || f === "billToName" ? nameKinds(f, d.truth, d.got, d.pages) : amountKinds(f, d.truth, d.got, d.pages);
        for (const k of new Set(kinds)) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      out.push(`#### ${f} read wrong, ${p.name}: ${docs.length} document${docs.length > 1 ? "s" : ""} (counts only)`, "", "| evidence kind | documents |", "|---|---|");
      for (const [k, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) out.push(`| ${k} | ${n} |`);
      out.push("");
    }
  }
  return out;
}
