// Words, stems and stop words for the parts of search that run in process: highlighting, passage and sentence
// scoring, answer extraction. The database does the language-aware full text (docket_<lang> configurations);
// this is the light counterpart that has to agree with it closely enough to find the words that matched.

import { foldKeep } from "@/lib/extraction/layout";
import { synonymsOf } from "./synonyms";

export type SearchLang = "es" | "en" | "de" | "fr";

const STOP: Record<SearchLang, string> = {
  es: "a al algo como con cual cuales cuando cuanto cuanta cuantos cuantas de del desde donde el ella ellos en entre es esta este esto estos fue ha hay la las le lo los mas me mi mis muy ni no nos o para pero por que quien quienes se segun ser si sin sobre son su sus tiene tu un una uno unos y ya dice dicen cual cuales hace debo debe puedo dura rige hay cubre cubren esta estan sera seria mi nuestro nuestra nuestros puede pueden podra deben tienen tener cuantos cuantas",
  en: "a about an and any are as at be been by can could did do does for from had has have how i if in into is it its may me my of on or our should so than that the their them there these they this to was we were what when where which who whom whose why will with would you your must within need needed under according many much long take takes apply applies",
  de: "der die das den dem des ein eine einer eines einem einen und oder ist sind war wer wie was wann wo welche welcher welches welchen welchem mit von zu zur zum im in am an auf fur für bei nach aus nicht es sie er wir ich hoch viele lange dauert gilt gelten lautet lauten hat haben soll sollen wird werden betragt umfasst",
  fr: "le la les un une des du de et ou est sont que qui quoi quand quel quelle quels quelles comment pour par sur dans au aux avec ce cette ces il elle nous vous ne pas faut doit doivent combien applique appliquent etre couvre couvrent",
};
const STOPS: Record<SearchLang, Set<string>> = Object.fromEntries(
  (Object.keys(STOP) as SearchLang[]).map((l) => [l, new Set(STOP[l].split(" "))]),
) as Record<SearchLang, Set<string>>;
const ALL_STOPS = new Set(Object.values(STOPS).flatMap((s) => [...s]));

/** Lower-case, accents removed, one character per input character (positions map back onto the original). */
export const foldText = foldKeep;

export interface Word {
  /** folded */
  norm: string;
  start: number;
  end: number;
}

/** Words of a text (letters and digits, folded), with their spans in the original. */
export function words(text: string): Word[] {
  const f = foldText(text);
  const out: Word[] = [];
  for (const m of f.matchAll(/[a-z0-9ñ]+(?:[-/.][a-z0-9]+)*/g)) {
    // a French question's inverted subject is not part of its verb ("entre-t-il", "commence-t-elle", "doit-elle")
    const norm = /^[a-z]{3,}-(t-)?(il|elle|ils|elles|on)$/.test(m[0]) ? m[0].replace(/-(t-)?(il|elle|ils|elles|on)$/, "") : m[0];
    out.push({ norm, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

export function isStopWord(w: string, lang?: SearchLang): boolean {
  return lang ? STOPS[lang].has(w) : ALL_STOPS.has(w);
}

/**
 * A crude stem, good enough to recognise the words Postgres matched: a prefix of the folded word
 * ("vence"/"vencimiento" → "venc…", "policy"/"policies" → "polic"). Numbers and ids are kept whole.
 */
export function stem(w: string): string {
  if (/\d/.test(w) || w.length <= 4) return w;
  return w.slice(0, Math.max(4, Math.ceil(w.length * 0.7)));
}

export function matchesStem(word: string, s: string): boolean {
  return s.length <= 4 && !/\d/.test(s) ? word === s || (word.startsWith(s) && word.length <= s.length + 3) : word.startsWith(s);
}

/** The content terms of a query or question: folded words without stop words, stemmed, de-duplicated. */
export function contentTerms(text: string, lang?: SearchLang, opts: { synonyms?: boolean } = {}): string[] {
  const seen = new Set<string>();
  for (const w of words(text)) {
    if (w.norm.length < 2 && !/\d/.test(w.norm)) continue;
    if (isStopWord(w.norm, lang) || ALL_STOPS.has(w.norm)) continue;
    for (const s of opts.synonyms ? synonymsOf(w.norm) : [w.norm]) seen.add(stem(s));
  }
  return [...seen];
}

const LANG_HINTS: Record<SearchLang, RegExp> = {
  es: /\b(el|la|los|las|de|del|que|y|en|por|para|con|una|es|se|cual|cuando|cuanto|quien|donde|poliza|factura|fecha|importe|vencimiento)\b/g,
  en: /\b(the|and|of|to|is|in|for|with|what|when|who|which|how|does|policy|invoice|date|amount|due)\b/g,
  de: /\b(der|die|das|und|ist|mit|von|zu|wann|wer|welche|rechnung|betrag|datum|versicherung)\b/g,
  fr: /\b(le|la|les|des|du|et|est|pour|avec|quand|quel|quelle|facture|montant|date|assurance)\b/g,
};

/** The language of a text among es/en/de/fr, by counting common words (English when nothing is known). */
export function detectLanguage(text: string): SearchLang {
  const f = foldText(text.slice(0, 20_000));
  let best: SearchLang = "en";
  let n = 0;
  for (const l of Object.keys(LANG_HINTS) as SearchLang[]) {
    const c = (f.match(LANG_HINTS[l]) ?? []).length;
    if (c > n) {
      n = c;
      best = l;
    }
  }
  return best;
}

/**
 * The question's content words, each with its synonyms' stems: one group per word — two words of one group ("the
 * total amount": both value words) are one group, since any word of the group satisfies both.
 */
export function termGroups(text: string, lang?: SearchLang): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const w of words(text)) {
    if (w.norm.length < 2 && !/\d/.test(w.norm)) continue;
    if (isStopWord(w.norm, lang) || ALL_STOPS.has(w.norm) || seen.has(w.norm)) continue;
    seen.add(w.norm);
    const group = [...new Set(synonymsOf(w.norm).map(stem))];
    const same = out.find((g) => g.some((s) => group.includes(s)));
    if (same) same.push(...group.filter((s) => !same.includes(s)));
    else out.push(group);
  }
  return out;
}

/**
 * The most question words (groups) that stand near each other in `text`: a run of its words in which each question
 * word is at most `gap` content words (stop words and figures not counted) after the one before it. Words of a phrase, a sentence
 * or a label and its neighbour stand near each other; words scattered over a passage do not.
 */
export function nearCover(text: string, groups: string[][], gap = 4): number {
  // the values of label lines ("Proveedor: Papelería Central SA de CV" under which "RFC: …" follows): a label's value
  // does not part it from the next label
  const values: [number, number][] = [];
  for (const m of text.matchAll(/^[ \t]*[^\n:]{1,40}?\p{L}[^\n:]{0,40}?:([^\n]*)/gmu)) values.push([(m.index ?? 0) + m[0].length - m[1].length, (m.index ?? 0) + m[0].length]);
  const hits: { at: number; g: number }[] = [];
  let at = 0;
  for (const w of words(text)) {
    // a word may stand for two of the question's ("delivered" for "delivery" and "delivered")
    groups.forEach((gr, g) => gr.some((s) => matchesStem(w.norm, s)) && hits.push({ at, g }));
    // stop words, figures (the value, a date, a count) and a label's value do not part a phrase's words
    if (!ALL_STOPS.has(w.norm) && !/\d/.test(w.norm) && !values.some(([a, b]) => w.start >= a && w.start < b)) at++;
  }
  let best = 0;
  for (let i = 0; i < hits.length; i++) {
    const run = new Set([hits[i].g]);
    for (let j = i + 1; j < hits.length && hits[j].at - hits[j - 1].at <= gap + 1; j++) run.add(hits[j].g);
    best = Math.max(best, run.size);
  }
  return best;
}

/** The most question words (groups) found together within any `size`-character window of `text`. */
export function windowCover(text: string, groups: string[][], size = 250): number {
  const hits: { at: number; g: number }[] = [];
  for (const w of words(text)) {
    const g = groups.findIndex((gr) => gr.some((s) => matchesStem(w.norm, s)));
    if (g >= 0) hits.push({ at: w.start, g });
  }
  let best = 0;
  for (let i = 0; i < hits.length; i++) {
    const inWin = new Set<number>();
    for (let j = i; j < hits.length && hits[j].at - hits[i].at <= size; j++) inWin.add(hits[j].g);
    best = Math.max(best, inWin.size);
  }
  return best;
}

/** Mark the spans of `text` whose words match one of the stems: [text, marked][] pieces for rendering. */
export function highlight(text: string, stems: string[]): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const w of words(text)) {
    if (!stems.some((s) => matchesStem(w.norm, s))) continue;
    if (w.start > at) out.push({ text: text.slice(at, w.start), mark: false });
    out.push({ text: text.slice(w.start, w.end), mark: true });
    at = w.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** A window of about `size` characters around the densest run of matches, with ellipses where it was cut. */
export function snippet(text: string, stems: string[], size = 240): { text: string; start: number } {
  const hits = words(text).filter((w) => stems.some((s) => matchesStem(w.norm, s)));
  if (text.length <= size || hits.length === 0) return { text: text.slice(0, size), start: 0 };
  let best = hits[0].start;
  let bestCount = 0;
  for (const h of hits) {
    const count = hits.filter((o) => o.start >= h.start && o.end <= h.start + size).length;
    if (count > bestCount) {
      bestCount = count;
      best = h.start;
    }
  }
  let start = Math.max(0, best - Math.floor(size / 4));
  const space = text.lastIndexOf(" ", start);
  if (space > start - 20 && space >= 0) start = space + 1;
  return { text: text.slice(start, start + size), start };
}
