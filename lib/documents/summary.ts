// Extractive summary: the sentences that carry most of the document's vocabulary, in reading order, each with its
// page and span (so the summary itself is clickable and nothing is invented).

import type { PageText } from "./chunk";
import { contentTerms, type SearchLang } from "./text";

export interface SummarySentence {
  text: string;
  page: number;
  start: number;
  end: number;
  /** Abstractive (OpenAI) sentences: the verbatim passage of the page that backs the sentence (start/end are its span). */
  quote?: string;
}

interface Sentence extends SummarySentence {
  terms: string[];
}

function sentences(p: PageText): Sentence[] {
  const out: Sentence[] = [];
  for (const m of p.text.matchAll(/[^.!?\n]+(?:[.!?](?=\s|$)|\n(?=\s*\n)|$)/g)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim().replace(/\s+/g, " ");
    if (text.length < 40 || text.length > 400) continue;
    const letters = (text.match(/[a-záéíóúñüäöß]/gi) ?? []).length;
    if (letters / text.length < 0.6) continue; // tables, number runs
    const start = (m.index ?? 0) + lead;
    out.push({ text, page: p.page, start, end: start + raw.trim().length, terms: [] });
  }
  return out;
}

/** Up to `max` sentences summarising the document, from its first 40 pages. */
export function summarize(pages: PageText[], lang?: SearchLang, max = 4): SummarySentence[] {
  const all = pages.slice(0, 40).flatMap(sentences);
  if (all.length === 0) return [];
  const df = new Map<string, number>();
  for (const s of all) {
    s.terms = contentTerms(s.text, lang).filter((t) => t.length > 2);
    for (const t of s.terms) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = all.length;
  const scored = all.map((s, i) => {
    const weight = s.terms.reduce((acc, t) => acc + Math.min(df.get(t)!, 8) * Math.log(1 + n / df.get(t)!), 0);
    // earlier sentences say what a document is about more often than later ones
    const position = 1 / (1 + i / 30);
    return { s, score: (weight / Math.sqrt(s.terms.length + 4)) * (0.6 + 0.4 * position) };
  });
  const picked: Sentence[] = [];
  for (const { s } of scored.sort((a, b) => b.score - a.score)) {
    if (picked.length >= max) break;
    // no near-repeats
    if (picked.some((p) => overlap(p.terms, s.terms) > 0.6)) continue;
    picked.push(s);
  }
  return picked
    .sort((a, b) => a.page - b.page || a.start - b.start)
    .map(({ text, page, start, end }) => ({ text, page, start, end }));
}

function overlap(a: string[], b: string[]) {
  const sa = new Set(a);
  const common = b.filter((t) => sa.has(t)).length;
  return common / Math.max(1, Math.min(a.length, b.length));
}
