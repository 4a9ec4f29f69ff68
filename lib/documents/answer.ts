// Offline answers: from the passages retrieval ranked, the sentence that best supports the question and — when
// the question asks for a date, an amount, an id or a name — the value itself, read from that passage. Nothing
// is generated: every answer is a quote with its document and page, or "not found in your documents".

import { findAmounts, findDates, findTaxIds } from "@/lib/extraction/parse";
import { GENERIC, kindWords, PERIOD_WORDS, TIME_WORDS } from "./question-words";
import { labelRole, roleAsked, type NamedParty } from "./party";
import { synonymsOf } from "./synonyms";
import { contentTerms, foldText, isStopWord, matchesStem, nearCover, stem, termGroups, windowCover, words, type SearchLang } from "./text";

export const NOT_FOUND = "Not found in your documents.";

export type QuestionKind = "date" | "amount" | "id" | "name" | "duration" | "text";

export interface Passage {
  chunkId: number | null;
  documentId: string;
  filename: string;
  page: number;
  /** Span of `text` in the page text. */
  start: number;
  text: string;
  /** Retrieval score (BM25) and the share of the question's weight the passage covers (0..1). */
  score: number;
  coverage: number;
  /** Coverage of the question without the id that picked the document (when one did): what a quote must support. */
  coverageWithoutAnchor?: number | null;
  /** A table row's header row: its column labels name the row's values. */
  context?: string | null;
}

export interface Citation {
  documentId: string;
  filename: string;
  page: number;
  /** Exact passage, verbatim from the page text. */
  quote: string;
  start: number;
  end: number;
  chunkId: number | null;
}

export interface OfflineAnswer {
  found: boolean;
  answer: string;
  value: string | null;
  kind: QuestionKind;
  citations: Citation[];
}

const KIND_RES: [QuestionKind, RegExp][] = [
  // (German writes a number's kind with it: "Kundennummer", "Bestellnummer", "Kundennr")
  ["id", /\b(\w*nummer|\w+nr|numero|number|num|no|nº|folio|rfc|vat|nif|cif|vin|niv|serie|placa|placas|matricula|plate|iban|clabe|reference|referencia|codigo|code|id)\b/],
  ["text", /\b(cuantos|cuantas|how many|wie viele|combien de)\b/],
  // how long something lasts: a term, a notice period, a probation — said in words as often as in figures ("thirty (30)
  // days", "drei Monate")
  ["duration", /\b(how long|how much notice|how much time|cuanto dura|cuanto tiempo|durante cuanto|wie lange|combien de temps|duree|duration|duracion|laufzeit|notice|preaviso|\w*frist|preavis|probation|prueba|probezeit|essai|term)\b/],
  ["amount", /\b(cuanto|cuanta|importe|monto|total|precio|prima|cuesta|cost|costs|price|premium|amount|sum|suma|renta|rent|fee|fees|betrag|montant|how much|wie hoch|combien|salary|salario|sueldo|\w*gehalt|salaire|cuota|\w*vergutung|redevance|cap|plafond|\w*begrenzung)\b/],
  ["date", /\b(cuando|fecha|when|date|vence|vencimiento|expira|expire|expires|expiry|until|hasta|wann|datum|quand|echeance)\b/],
  ["name", /\b(quien|quienes|who|nombre|name|proveedor|vendor|supplier|asegurado|aseguradora|insurer|insured|tomador|beneficiario|cliente|customer|empresa|company|broker|agente|wer|qui)\b/],
];

// a question that opens with "when" asks for a date, whatever else it names ("when will the amount be collected?")
const WHEN = /^[^\p{L}]*(?:(?:and|y|und|et|so|pero|but)\s+)?(?:when|until when|since when|cuando|desde cuando|hasta cuando|a partir de cuando|wann|bis wann|ab wann|seit wann|quand|jusqu'?a quand|depuis quand|a partir de quand)\b/u;

export function questionKind(question: string): QuestionKind {
  if (WHEN.test(foldText(question))) return "date";
  const f = foldText(question).replace(/\b(de la|del|of the|of|de)\s+(poliza|policy|factura|invoice|contrato|contract|agreement|cotizacion|quote|remision|delivery note)\b.*$/, "");
  for (const [k, re] of KIND_RES) if (re.test(f)) return k;
  return "text";
}

interface Sentence {
  start: number;
  end: number;
  text: string;
}

/**
 * Sentences of a passage. A line break ends a sentence only when the next line starts a new item (a capital or a
 * digit after a line without final punctuation is a label line such as "Fin de vigencia: …"); PDF lines that wrap
 * a sentence are joined.
 */
function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (t) out.push({ start: start + lead, end: start + lead + t.length, text: t });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/[.;!?]/.test(c) && (i + 1 === text.length || /\s/.test(text[i + 1])) && !/\b(no|n[º°]|art|cl|p|pág|sr|sra|lic|ing|inc|ltd|co)\.$/i.test(text.slice(Math.max(0, i - 5), i + 1))) push(i + 1);
    else if (c === "\n") {
      const next = text.slice(i + 1).trimStart()[0] ?? "";
      const lineStart = text.lastIndexOf("\n", i - 1) + 1;
      const nextLine = text.slice(i + 1, text.indexOf("\n", i + 1) < 0 ? undefined : text.indexOf("\n", i + 1)).trimStart();
      // a long line of prose that stops mid-sentence wraps onto the next, whatever that starts with ("von zwölf\nMonate")
      const line = text.slice(lineStart, i);
      const wraps = line.length >= 60 && !/[.;:!?]\s*$/.test(line) && !/\S(\t|\s{2,})\S/.test(line) && !/^[^:\n]{1,40}:/.test(nextLine);
      if (!next || !nextLine || (/[A-ZÁÉÍÓÚÑ0-9¿¡•\-–]/.test(next) && !wraps)) push(i);
    }
  }
  push(text.length);
  return out;
}

interface Value {
  value: string;
  shown: string;
  index: number;
  end: number;
  /** A party's definition after its name ("(the \"Service Provider\")"): its label. */
  def?: [number, number];
}

const IBAN_RE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const ID_RE = /\b(?=[A-Z0-9-/.]*\d)[A-Z0-9][A-Z0-9-/.]{3,30}[A-Z0-9]\b/g;
// a name after its label's colon or dash, on the label's line or — under a label that ends its line ("Käufer:") — the
// next; letters of any language ("Müller", "Société Générale"), a hyphen inside a word ("MUSTER-KUNDE GMBH")
const NAME_RE = /(?::[ \t]*\n[ \t]*|[:\-–][ \t]*)(\p{Lu}(?:[\p{L}\p{N}_.,&'’ ]|-(?=\p{L})){2,70}?)(?=\s{2,}|\n|$|[;|])/gu;
// a party a contract defines by its role after its name: "Brightline Analytics Ltd (the \"Service Provider\")", "X (en
// adelante, el \"Prestador\")", "X (nachfolgend \"Auftragnehmer\")", "X (ci-après le « Prestataire »)"
const DEFINED_RE = /(\p{Lu}[\p{L}\p{N}&.'’-]*(?:[ \t]+(?:\p{Lu}[\p{L}\p{N}&.'’-]*|&|de|del|y|et|und|of|du|des|von))*)[ \t]*\((?:the|hereinafter(?: referred to as)?(?: the)?|en adelante,?(?: el| la)?|nachfolgend|im folgenden|ci-apr[eè]s(?: d[ée]nomm[ée]e?)?(?: le| la| l['’])?|el|la|le|der|die|das)?[ \t]*["“«„]?[ \t]*([^()"”»“\n]{2,40}?)[ \t]*["”»“]?\)/gu;

// a length of time as contracts write it: "thirty (30) days", "30 calendar days", "drei Monate", "six mois", "un año"
const NUMBER_WORD = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|twenty-four|thirty|forty-five|sixty|ninety|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|catorce|quince|veinte|veinticuatro|treinta|cuarenta y cinco|sesenta|noventa|ein|eine|einen|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|vierzehn|fünfzehn|zwanzig|vierundzwanzig|dreißig|fünfundvierzig|sechzig|neunzig|deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|quatorze|quinze|vingt|vingt-quatre|trente|quarante-cinq|soixante|quatre-vingt-dix";
const TIME_UNIT = "days?|weeks?|months?|years?|d[ií]as?|semanas?|mes|meses|a[ñn]os?|tage?n?|wochen?|monate?n?|monats|jahre?n?|jours?|semaines?|mois|ans?|ann[ée]es?";
const DURATION_RE = new RegExp(`(?<![\\p{L}\\d])(?:(?:${NUMBER_WORD})(?:\\s*\\(\\d{1,3}\\))?|\\d{1,3})\\s+(?:(?:calendar|working|business|banking|full|consecutive)\\s+)?(?:${TIME_UNIT})(?![\\p{L}])`, "giu");

function valuesIn(text: string, kind: QuestionKind, lang: SearchLang): Value[] {
  if (kind === "duration") return [...text.matchAll(DURATION_RE)].map((m) => ({ value: m[0], shown: m[0], index: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  if (kind === "date") {
    return findDates(text, lang !== "en").map((d) => {
      const raw = text.slice(d.index).match(/^\d{4}-\d{1,2}-\d{1,2}|^[^\n]{0,40}?\d{4}|^\S+/)?.[0] ?? d.iso;
      return { value: d.iso, shown: raw === d.iso ? d.iso : `${raw} (${d.iso})`, index: d.index, end: d.index + raw.length };
    });
  }
  if (kind === "amount") {
    const decimal = /\d\.\d{3},\d{2}|\d,\d{2}\b(?![\d,])/.test(text) && lang !== "en" ? "," : ".";
    const percents: Value[] = [...text.matchAll(/\b(\d{1,3}(?:[.,]\d+)?)\s?%/g)].map((m) => ({ value: `${m[1]}%`, shown: `${m[1]}%`, index: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
    const dates = findDates(text, lang !== "en").map((d) => ({ start: d.index, end: d.index + (text.slice(d.index).match(/^[^\n]{0,40}?\d{4}|^\S+/)?.[0].length ?? 10) }));
    return findAmounts(text, decimal)
      .filter((a) => !dates.some((d) => a.index >= d.start && a.index < d.end))
      .filter((a) => Number(a.value) !== 0 && !/^(19|20)\d{2}$/.test(a.raw))
      // "Cláusula 147", "page 3", "No. 12" are references, not amounts
      .filter((a) => !/(clausula|clause|articulo|article|pagina|page|art\.|no\.|n[ºo°]|numero|number|nummer|nr\.?|no:|#)\s*:?\s*$/i.test(foldText(text.slice(Math.max(0, a.index - 14), a.index))))
      .map((a) => {
        const cur = text.slice(Math.max(0, a.index - 5), a.index + a.raw.length + 5).match(/[$€£]|\b(MXN|USD|EUR|GBP)\b/)?.[0];
        return { value: a.value, shown: cur ? `${a.raw} ${cur}`.replace(/^(.*) ([$€£])$/, "$2$1") : a.raw, index: a.index, end: a.index + a.raw.length };
      })
      .concat(percents)
      .sort((a, b) => a.index - b.index);
  }
  if (kind === "id") {
    // an IBAN is written in groups of four ("DE89 3704 0044 0532 0130 00"): one value, not six short ones
    const out: Value[] = [...text.matchAll(IBAN_RE)].map((m) => ({ value: m[0], shown: m[0], index: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
    for (const t of findTaxIds(text)) if (!out.some((o) => t.index >= o.index && t.index < o.end)) out.push({ value: t.value, shown: t.value, index: t.index, end: t.index + t.value.length });
    for (const m of text.matchAll(ID_RE)) {
      const v = m[0];
      if (/^\d{1,3}([.,]\d+)?$/.test(v) || findDates(v).length || /^\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{2})?$/.test(v)) continue;
      if (out.some((o) => (m.index ?? 0) >= o.index && (m.index ?? 0) < o.end)) continue;
      out.push({ value: v, shown: v, index: m.index ?? 0, end: (m.index ?? 0) + v.length });
    }
    return out.sort((a, b) => a.index - b.index);
  }
  if (kind === "name") {
    const defined: Value[] = [...text.matchAll(DEFINED_RE)].map((m) => {
      const index = m.index ?? 0;
      const at = index + m[0].lastIndexOf(m[2]);
      return { value: m[1], shown: m[1], index, end: index + m[1].length, def: [at, at + m[2].length] as [number, number] };
    });
    // (a name is no id: "Vendor tax id: DE136695976" and "Invoice number: R-471102" stand after labels too)
    const labelled = [...text.matchAll(NAME_RE)].filter((m) => !/\d{5,}/.test(m[1].replace(/[\s.\-/]/g, ""))).map((m) => {
      const v = m[1].trim();
      const index = (m.index ?? 0) + m[0].indexOf(m[1]);
      return { value: v, shown: v, index, end: index + v.length };
    });
    return [...defined, ...labelled.filter((l) => !defined.some((d) => l.index < d.end && l.end > d.index))].sort((a, b) => a.index - b.index);
  }
  return [];
}

/** Positions in `text` of words matching the question's terms. */
function termHits(text: string, stems: string[]): { at: number; stem: string }[] {
  const out: { at: number; stem: string }[] = [];
  for (const w of words(text)) {
    const s = stems.find((st) => matchesStem(w.norm, st));
    if (s) out.push({ at: w.start, stem: s });
  }
  return out;
}

// Which end of a period a date question asks for, and which end a date's label names: "¿cuándo vence?" is answered
// by "Fin de vigencia", not by "Inicio de vigencia" two lines above it.
const END_Q = /\b(vence|vencimiento|vencer|expira|expire|expires|expiry|expiration|until|hasta|due|fin|termina|terminate|termine|ends?|endet|enden|valid|valida|vigente|caduca)\b/;
const START_Q = /\b(inicio|inicia|start|starts|effective|desde|begin|begins|emision|emitida|issued|issue|commence\w*|take effect|takes effect|vigor|vigueur|incorpora\w*|beginnt|fangt|embauche)\b/;
const END_L = /\b(fin|hasta|until|vencimiento|vence|expir\w*|due|caduc\w*|termin\w*|valid until|vigencia de la oferta|zahlbar\w*|faellig\w*|fallig\w*|echeance|uberweis\w*|ueberweis\w*|remit\w*)\b/g;
const START_L = /\b(inicio|desde|from|effective|start|emision|issue|issued|invoice date|fecha de emision|entra en vigor|comienza|takes effect|commence\w*|beginn|rechnungsdatum|vom|von|dated|incorporacion|alta|eintritt\w*|vertragsbeginn|embauche|entree en vigueur|entrada en vigor)\b/g;

// Dates of another event than the period's start or end: an invoice's delivery, service or order date is neither
// when it was issued nor when it is due ("Liefer- und Leistungsdatum", "Delivery date", "Fecha de entrega").
// The last day to pay with a cash discount ("3% Skonto … bis 15.03.2013", "2% discount if paid by …") is not when the
// invoice is due: the day it is due net is.
const OTHER_L = /\b(liefer\w*|leistung\w*|bestell\w*|delivery|delivered|shipped|shipping|ship date|dispatch\w*|order date|service date|date of supply|tax point|entrega|envio|pedido|livraison|commande|prestation|consegna|ordine|levering|bestelling|skonto|discount|escompte|descuento|pronto pago|sconto)\b/g;
const NO_DISCOUNT = /\b(ohne|without|no|sans|sin|senza) (skonto|discount|escompte|descuento|sconto)\b/g;

function dateSide(label: string): "end" | "start" | "other" | null {
  const f = foldText(label).replace(NO_DISCOUNT, " ");
  const e = [...f.matchAll(END_L)].at(-1)?.index ?? -1;
  const s = [...f.matchAll(START_L)].at(-1)?.index ?? -1;
  const o = [...f.matchAll(OTHER_L)].at(-1)?.index ?? -1;
  if (e < 0 && s < 0 && o < 0) return null;
  return o > e && o > s ? "other" : e > s ? "end" : "start";
}

/** A value's own label: the text before it on its line, back to the field before it ("; ", " | ", a column gap). */
function ownLabel(text: string, index: number): string {
  let lineStart = text.lastIndexOf("\n", index - 1) + 1;
  // a value that starts its line stands under its label ("Käufer:" above "Liselotte Müller")
  if (!text.slice(lineStart, index).trim() && lineStart > 0) {
    index = lineStart - 1;
    lineStart = text.lastIndexOf("\n", index - 1) + 1;
  }
  const field = text.slice(Math.max(lineStart, index - 60), index).split(/[;|]/).at(-1)!.trimEnd();
  return field.split(/\s{2,}/).at(-1)!;
}

// "The total (amount) of an invoice" is the sum to pay, tax included: a value labelled as a part of it — net, before
// tax, the tax itself, a subtotal or the line items' sum, a discount — is not it, unless the question asks for that part.
const VALUE_Q = /\b(total|totals|amount|amounts|sum|summe|betrag|montant|importe|monto)\b/;
const PART_L = /\b(netto\w*|net|nett|subtotal|sub total|zwischensumme|positionssumme|\w*steuer\w*|ust|mwst|vat|tax|taxes|tva|iva|igv|ohne|excl\w*|exkl\w*|hors|ht|sin|base imponible|rabatt\w*|skonto\w*|discount\w*|remise|descuento|nachlass|anzahlung|vorauszahlung|prepaid|paid|bezahlt|gezahlt)\b/;
const GROSS_L = /\b(inkl\w*|incl\w*|einschl\w*|brutto\w*|gross|ttc|total|gesamt\w*|\w*summe|\w*betrag|zahlbetrag|zu zahlen|due|payable|a payer|a pagar)\b/;
const TAX_INCLUDED = /\b(inkl\w*|incl\w*|einschl\w*|including|brutto\w*|gross|ttc|con iva|iva incluido)\b/;
// what is to be paid is the whole sum, whatever else its label says ("Net à payer", "Amount due", "Zu zahlen")
const TO_PAY = /\b(a payer|net a payer|zu zahlen|zahlbetrag|to pay|to be paid|amount due|balance due|total due|due payable|payable|a pagar)\b/;

/** Whether an amount's label names the whole sum to pay (1), a part of it (-1), or neither (0). */
function totalSide(label: string): 1 | -1 | 0 {
  const f = foldText(label);
  if (TAX_INCLUDED.test(f) || TO_PAY.test(f)) return 1;
  if (PART_L.test(f)) return -1;
  return GROSS_L.test(f) ? 1 : 0;
}

/** The value of the asked kind closest after the question's words in a passage (or just before them). */
function pickValue(text: string, kind: QuestionKind, lang: SearchLang, stems: string[], question = "", from = 0, role: "seller" | "buyer" | null = null, notLabel: Set<string> = new Set()): { v: Value; distance: number } | null {
  // values before \`from\` (a header row read with its table row) are labels, not answers
  const values = valuesIn(text, kind, lang).filter((v) => v.index >= from);
  const fq = foldText(question);
  const wants = kind !== "date" ? null : START_Q.test(fq) && !/\b(vence|vencimiento|expira|expiry|until|hasta|due|fin)\b/.test(fq) ? "start" : END_Q.test(fq) ? "end" : null;
  if (!values.length) return null;
  const hits = termHits(text, stems);
  if (!hits.length) return null;
  let best: { v: Value; distance: number } | null = null;
  const asked = foldText(question).replace(/\s+/g, " ");
  // "who is the buyer": a name (or id) under the seller's label is the other party's, however near the question's
  // words; one under the asked role's label is the answer before any value its label does not name by role
  const roleOf = new Map(role && (kind === "name" || kind === "id") ? values.filter((v) => !asked.includes(foldText(v.value))).map((v) => [v, labelRole(ownLabel(text, v.index))]) : []);
  const byRole = [...roleOf.values()].includes(role);
  // the total of an invoice asked for, not a part of it ("the net amount", "the VAT")
  const wholeSum = kind === "amount" && VALUE_Q.test(fq) && !PART_L.test(fq);
  for (const v of values) {
    // the answer is never what the question already says (the id that names the document)
    if (asked.includes(foldText(v.value))) continue;
    const labelled = roleOf.get(v) ?? null;
    if ((labelled && labelled !== role) || (byRole && labelled !== role)) continue;
    // a value labelled with the question's words ("Policy number: …" for "the policy number") beats one that is near them
    const lineStart = text.lastIndexOf("\n", v.index - 1) + 1;
    // a date's label is the text since the date before it on its line ("Skonto bis 14.11.2018, ohne Skonto bis …")
    const labelFrom = Math.max(lineStart, v.index - 50, kind === "date" ? (values.filter((o) => o.end <= v.index).at(-1)?.end ?? 0) : 0);
    // (the words naming the document — "Bill number" when the account number on the bill is asked — label no field)
    const label = new Set(hits.filter((x) => x.at >= labelFrom && x.at < v.index && !notLabel.has(x.stem)).map((x) => x.stem));
    // a party defined by its role: the role its definition names is its label
    if (v.def) {
      const own = new Set(hits.filter((x) => x.at >= v.def![0] && x.at < v.def![1] && !notLabel.has(x.stem)).map((x) => x.stem));
      const distance = -100 - 80 * own.size;
      if (own.size && (!best || distance < best.distance)) best = { v, distance };
    }
    const side = wants ? dateSide(text.slice(labelFrom, v.index)) : null;
    // a date its own label names as another one (the issue date, the delivery date) never answers "when is it due"
    if (wants && side && side !== wants) continue;
    const sum = wholeSum ? totalSide(ownLabel(text, v.index)) : 0;
    // its label names the whole sum ("Bruttosumme", "Zahlbetrag", "Montant TTC"): labelled by what is asked, however
    // far the question's other words (the invoice's number) stand
    if (sum === 1) {
      const distance = v.index - labelFrom - 80 - 100;
      if (!best || distance < best.distance) best = { v, distance };
    }
    for (const h of hits) {
      if (h.at >= v.index && h.at < v.end) continue; // the value itself is not its label
      const d = v.index >= h.at ? v.index - h.at : (h.at - v.end) * 3;
      // a value on another line counts for less than one on the same line
      const lo = Math.min(h.at, v.index);
      const hi = Math.max(h.at, v.index);
      let lines = 0;
      for (let i = text.indexOf("\n", lo); i >= 0 && i < hi; i = text.indexOf("\n", i + 1)) lines++;
      let distance = d + lines * 60 - 80 * label.size;
      if (wants && side) distance -= 40;
      distance -= 100 * sum;
      if (!best || distance < best.distance) best = { v, distance };
    }
  }
  return best && best.distance < 400 ? best : null;
}

/**
 * The question's words that name what is asked: not ids (a word with a digit), the kind of document, generic value
 * words, or names ("the Acme invoice": a capitalised word after the first, outside German, whose nouns all are) —
 * those name the document, which may say them anywhere.
 */
export function fieldGroups(question: string, lang: SearchLang): string[][] {
  const first = question.search(/\p{L}/u);
  const ws = words(question);
  const cap = (w?: { start: number; end: number }) => Boolean(w) && /^\p{Lu}(?=.*\p{Ll})/u.test(question.slice(w!.start, w!.end));
  // in German, whose nouns are all capitalised, a name is two capitalised words in a row ("von Anna Schäfer")
  const isName = (w: { start: number; end: number }, i: number) => w.start > first && cap(w) && (lang !== "de" || (cap(ws[i + 1]) && ws[i + 1].start - w.end <= 2) || (i > 0 && ws[i - 1].start > first && cap(ws[i - 1]) && w.start - ws[i - 1].end <= 2));
  const kind = kindWords(question, lang);
  const kept = ws.filter((w, i) => !/\d/.test(w.norm) && !kind.has(i) && !isStopWord(w.norm) && !isName(w, i));
  // a length of time is the field when nothing else names one ("what period does the bill cover", "la durée du contrat")
  const named = kept.filter((w) => !GENERIC.has(w.norm) && !TIME_WORDS.has(w.norm));
  return termGroups((named.length ? named : kept.filter((w) => TIME_WORDS.has(w.norm))).map((w) => w.norm).join(" "), lang);
}

/** Least coverage of a passage that holds every word naming the field asked about (see `holdsField`). */
const FIELD_FLOOR = 0.15;

export interface AnswerOptions {
  lang: SearchLang;
  /** The party the question names (retrieval kept its documents): its words name the document, not the value. */
  party?: NamedParty | null;
  /** The documents the question's id is in, when more than one, with each one's seller when known: an answer from one alone would be a guess. */
  sharedBy?: { documentId: string; seller: string | null }[];
  /** Least share of the question's weight the best passage must cover to count as support. */
  minCoverage?: number;
}

/** pickValue over a passage, a table row read under its header row (the header labels the row's cells). */
function pickInPassage(p: Passage, kind: QuestionKind, lang: SearchLang, stems: string[], question: string, role: "seller" | "buyer" | null, notLabel: Set<string>) {
  if (!p.context) return pickValue(p.text, kind, lang, stems, question, 0, role, notLabel);
  const shift = p.context.length + 1;
  const r = pickValue(`${p.context}\n${p.text}`, kind, lang, stems, question, shift, role, notLabel);
  return r && { v: { ...r.v, index: r.v.index - shift, end: r.v.end - shift }, distance: r.distance };
}

/** Answer from the ranked passages, or say it is not found. */
export function answerFromPassages(question: string, passages: Passage[], opts: AnswerOptions): OfflineAnswer {
  const kind = questionKind(question);
  const stems = contentTerms(opts.party ? question.replace(opts.party.name, " ") : question, opts.lang, { synonyms: true });
  const minCoverage = opts.minCoverage ?? 0.6;
  const maxScore = Math.max(1e-9, ...passages.map((p) => p.score));
  const typed = kind !== "text";
  // the role the question asks for (seller or buyer), not that of the party it names
  const role = roleAsked(opts.party ? question.replace(opts.party.name, " ") : question);
  // the words naming the kind of document asked about: a value's label that holds only them does not name the field
  const asked = opts.party ? question.replace(opts.party.name, " ") : question;
  const kindAt = kindWords(asked, opts.lang);
  // (nor, for a duration, the words that only say a length of time is asked: "en un plazo de 14 días" is no notice period)
  // — unless the kind names the id asked for: "the policy number", "el número de póliza" is labelled "Policy number"
  const aw = words(asked);
  // ("le numéro de la commande", "the number of the order", "die Nummer der Bestellung": articles between)
  const ownId = (i: number) => {
    if (/^(number|no|nr|num|numero|nummer|id)$/.test(aw[i + 1]?.norm ?? "")) return true;
    let j = i - 1;
    if (/^(la|le|l|el|the|der|des|die)$/.test(aw[j]?.norm ?? "")) j--;
    return /^(de|del|du|of|der|des)$/.test(aw[j]?.norm ?? "") && /^(numero|nummer|number)$/.test(aw[j - 1]?.norm ?? "");
  };
  const notLabel = new Set(aw.filter((w, i) => (kindAt.has(i) && !ownId(i)) || (kind === "duration" && PERIOD_WORDS.has(w.norm))).flatMap((w) => synonymsOf(w.norm).map(stem)));
  // the words that name what is asked (see fieldGroups), and the share of them a passage holds: a passage that says
  // what is asked outranks the title page that names the document and its parties
  const field = fieldGroups(asked, opts.lang);
  const fieldShare = (p: Passage) => {
    if (!field.length) return 0;
    const ws = words(p.context ? `${p.context}\n${p.text}` : p.text);
    return field.filter((g) => ws.some((w) => g.some((s) => matchesStem(w.norm, s)))).length / field.length;
  };
  const ranked = passages
    .map((p) => {
      const picked = typed ? pickInPassage(p, kind, opts.lang, stems, question, role, notLabel) : null;
      const rank = (0.5 * p.score) / maxScore + 0.5 * p.coverage + 0.5 * fieldShare(p) + (picked ? 0.25 * Math.max(0, 1 - picked.distance / 400) : 0);
      return { p, picked, rank };
    })
    .sort((a, b) => b.rank - a.rank);
  // a typed question (a date, an amount, an id, a name) needs its value in the passage: a passage holding the question's
  // words but no such value is no answer to it ("plena validez" for "¿cuándo termina el contrato?")
  // and the question's words must stand together somewhere in the passage, not scattered over it
  // (the party's name is the document's: it may stand anywhere in it)
  const groups = termGroups(asked, opts.lang);
  // and the words that name what is asked (not the document, its id or its party) must stand near each other — in a
  // phrase, a sentence, a label and its value — not each somewhere in a passage that happens to hold them all. A table
  // row is read under its header row, whose labels name the row's cells wherever the question's words are in it.
  const near = (p: Passage) => field.length < 2 || Boolean(p.context) || nearCover(p.text, field) >= Math.ceil(0.75 * field.length);
  // a duration and the words naming it in one sentence of prose stand together too, however long the clause ("may
  // terminate this Agreement for convenience by giving not less than sixty days' prior written notice")
  const inValueSentence = (r: { p: Passage; picked: { v: Value } | null }) => {
    if (kind !== "duration" || !r.picked || field.length < 2) return false;
    const sentences = sentencesOf(r.p.text);
    const at = sentences.findIndex((x) => r.picked!.v.index >= x.start && r.picked!.v.index < x.end);
    const s = sentences[at];
    // (with the clause's heading before it: "Résiliation. Chaque partie peut résilier … moyennant un préavis de …")
    const heading = at > 0 && words(sentences[at - 1].text).length <= 4 && /[.:]$/.test(sentences[at - 1].text) ? sentences[at - 1].text : "";
    const ws = s ? words(`${heading} ${s.text}`) : [];
    return ws.length > 0 && ws.length <= 40 && field.every((g) => ws.some((w) => g.some((st) => matchesStem(w.norm, st))));
  };
  const together = (p: Passage, r?: { p: Passage; picked: { v: Value } | null }) => windowCover(p.text, groups) >= Math.ceil(0.6 * windowCover(p.text, groups, Infinity)) && (near(p) || Boolean(r && inValueSentence(r)));
  // when an id picked the document, the id is no support: the passage must cover the rest of the question (the field
  // asked for), or "the commission rate on policy X" is answered from the passage that merely names the policy
  const rest = (p: Passage) => p.coverageWithoutAnchor ?? p.coverage;
  // or the passage holds every word that names what is asked (the field): the words that name the document — its kind
  // ("the services agreement"), its party, its id — and the question's own phrasing ("how much notice is needed") weigh
  // in the coverage above but are the document's, not the passage's to say; a typed question still needs its value
  const holdsField = (p: Passage) => field.length > 0 && fieldShare(p) === 1;
  const supported = ranked.filter(
    (r) =>
      ((typed ? r.p.coverage >= minCoverage && rest(r.p) >= minCoverage && r.picked : rest(r.p) >= minCoverage) ||
        (holdsField(r.p) && (!typed || r.picked) && rest(r.p) >= FIELD_FLOOR)) &&
      together(r.p, r),
  );
  if (!supported.length) return { found: false, answer: NOT_FOUND, value: null, kind, citations: [] };
  const best = supported[0];
  const quoteOf = (p: Passage, at: number | null): Citation => {
    const sentences = sentencesOf(p.text);
    let s: Sentence | undefined;
    if (at !== null) s = sentences.find((x) => at >= x.start && at < x.end);
    if (!s) {
      // the sentence with most of the words naming what is asked, then of the question's words: not the line that names
      // the document by its kind and id ("Nº de factura: FE7996663") when another names the field ("Periodo de facturación: …")
      const hits = termHits(p.text, stems);
      const fieldHits = termHits(p.text, field.flat());
      const score = (x: Sentence) => 100 * fieldHits.filter((h) => h.at >= x.start && h.at < x.end).length + hits.filter((h) => h.at >= x.start && h.at < x.end).length;
      s = [...sentences].sort((a, b) => score(b) - score(a))[0];
    }
    s ??= { start: 0, end: p.text.length, text: p.text };
    // a clause's heading ("Limitation of liability.", "Période d'essai.") is read with the sentence after it
    const next = sentences.find((x) => x.start >= s!.end);
    if (at === null && next && words(s.text).length <= 4 && /[.:]$/.test(s.text) && next.start - s.end <= 3) s = { start: s.start, end: next.end, text: p.text.slice(s.start, next.end) };
    // a short line (a table cell, "Vence: 31/03/2025") reads better with the line before it
    let start = s.start;
    if (s.end - s.start < 40) {
      const prev = sentences.filter((x) => x.end <= s!.start).at(-1);
      if (prev && s.start - prev.start < 200) start = prev.start;
    }
    const end = Math.min(s.end, start + 400);
    return { documentId: p.documentId, filename: p.filename, page: p.page, quote: p.text.slice(start, end), start: p.start + start, end: p.start + end, chunkId: p.chunkId };
  };
  const citations: Citation[] = [quoteOf(best.p, best.picked?.v.index ?? null)];
  for (const r of supported.slice(1)) {
    if (citations.length >= 3) break;
    if (citations.some((c) => c.documentId === r.p.documentId && c.page === r.p.page && c.start === r.p.start + 0)) continue;
    const c = quoteOf(r.p, r.picked?.v.index ?? null);
    if (!citations.some((x) => x.documentId === c.documentId && x.start === c.start && x.page === c.page)) citations.push(c);
  }
  const shared = sharedAnswer(opts.sharedBy, supported, kind, quoteOf);
  if (shared) return shared;
  const first = citations[0];
  const answer = best.picked
    ? `${best.picked.v.shown} — “${first.quote}” (${first.filename}, page ${first.page})`
    : `“${first.quote}” (${first.filename}, page ${first.page})`;
  return { found: true, answer, value: best.picked?.v.value ?? null, kind, citations };
}

/**
 * The question's id is in several documents (two vendors both numbered an invoice 7001): when they are from different
 * sellers, or give different values, the answer lists each document's answer and asks which one is meant.
 */
function sharedAnswer(
  sharedBy: AnswerOptions["sharedBy"],
  supported: { p: Passage; picked: { v: Value } | null }[],
  kind: QuestionKind,
  quoteOf: (p: Passage, at: number | null) => Citation,
): OfflineAnswer | null {
  if (!sharedBy || sharedBy.length < 2) return null;
  const typed = kind !== "text";
  const each = sharedBy.map((d) => ({ ...d, best: supported.find((r) => r.p.documentId === d.documentId && (!typed || r.picked)) ?? null }));
  const sellers = new Set(each.map((d) => d.seller && foldText(d.seller).replace(/[^a-z0-9]+/g, " ").trim()).filter(Boolean));
  const values = new Set(each.filter((d) => d.best).map((d) => (d.best!.picked ? foldText(d.best!.picked.v.value) : quoteOf(d.best!.p, null).quote)));
  if (sellers.size < 2 && values.size < 2) return null;
  const citations: Citation[] = [];
  const parts = each.map((d) => {
    const who = d.seller ?? "another document";
    if (!d.best) return `${who}: not found in it`;
    const c = quoteOf(d.best.p, d.best.picked?.v.index ?? null);
    citations.push(c);
    return `${who}: ${d.best.picked ? `${d.best.picked.v.shown} — ` : ""}“${c.quote}” (${c.filename}, page ${c.page})`;
  });
  if (!citations.length) return null;
  const whom = sellers.size >= 2 ? "from different sellers" : "with different values";
  return { found: true, answer: `Ambiguous: the number you asked about is in ${sharedBy.length} documents ${whom} — which one do you mean? ${parts.join("; ")}`, value: null, kind, citations };
}
