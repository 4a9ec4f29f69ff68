/**
 * Scoring the catalog versions a row may mean: each candidate gets the log-likelihood of the row's wording (a
 * catalog word the row leaves out costs how often brokers omit that kind of word; a row word the candidate lacks,
 * a contradicting attribute cost more), turned into a posterior over the candidates.
 */
import { countConflicts, type VehicleAttributes } from "./attributes";
import type { CatalogIndex, IndexedEntry } from "./catalog-index";
import type { MatchCandidate } from "./matcher";
import { editDistance, typoBudget } from "./text";

export interface TokenMatch {
  token: string;
  /** Group token it matched (itself when exact). */
  target: string | null;
  quality: number;
}

function matchTokensToGroup(rowTokens: string[], groupVocab: Map<string, number>): TokenMatch[] {
  const out: TokenMatch[] = [];
  for (const t of rowTokens) {
    if (groupVocab.has(t)) {
      out.push({ token: t, target: t, quality: 1 });
      continue;
    }
    let target: string | null = null;
    let quality = 0;
    if (!/\d/.test(t) && t.length >= 3) {
      const budget = typoBudget(t.length);
      let bestD = Infinity;
      let tie = false;
      for (const v of groupVocab.keys()) {
        if (/\d/.test(v)) continue;
        if (t.length >= 3 && v.length > t.length && v.startsWith(t)) {
          // abbreviation by truncation: COMFORT → COMFORTLINE
          const d = 0.5;
          if (d < bestD) {
            bestD = d;
            target = v;
            tie = false;
          } else if (d === bestD) tie = true;
          continue;
        }
        if (budget === 0) continue;
        const d = editDistance(t, v, budget);
        if (d <= budget && d <= typoBudget(v.length)) {
          if (d < bestD) {
            bestD = d;
            target = v;
            tie = false;
          } else if (d === bestD && v !== target) tie = true;
        }
      }
      if (tie) target = null;
      if (target) quality = 0.85; // a typo or truncated reading: weaker evidence than the exact word
    }
    out.push({ token: t, target, quality });
  }
  return out;
}

export interface Scored {
  ie: IndexedEntry;
  idx: number;
  /** Log-likelihood of the row's wording given this entry. */
  ll: number;
  /** Posterior probability among the group (uniform prior). */
  score: number;
  /** Number of contradicting attributes (names via attributeConflicts for the winner). */
  conflicts: number;
}

/** Probability that a row names a catalog word the entry does not have (exact / typo-corrected word). */
const SPURIOUS_EXACT = Math.log(0.03);
const SPURIOUS_FUZZY = Math.log(0.1);
const CONFLICT = Math.log(0.05);

export interface GroupScore {
  scored: Scored[];
  unknown: string[];
  /** Row word → group word it was read as. */
  known: TokenMatch[];
  /** Group words the row mentions (filled on first use). */
  read?: Set<string>;
}

export function scoreGroup(index: CatalogIndex, group: number[], rowTokens: string[], rowAttrs: VehicleAttributes, prior?: (ie: IndexedEntry) => number): GroupScore {
  const vocab = new Map<string, number>();
  for (const i of group) for (const t of index.entries[i].tokens) vocab.set(t, (vocab.get(t) ?? 0) + 1);
  const matches = matchTokensToGroup(rowTokens, vocab);
  const known: TokenMatch[] = [];
  const unknown: string[] = [];
  // one row word per group word; an exact reading beats a typo reading
  const targets = new Map<string, number>();
  for (const m of matches) {
    if (m.target === null) unknown.push(m.token);
    else if (!targets.has(m.target) || targets.get(m.target)! < m.quality) {
      if (!targets.has(m.target)) known.push(m);
      targets.set(m.target, m.quality);
    }
  }
  const targetWords = [...targets.keys()];
  const targetCost = targetWords.map((t) => (targets.get(t)! >= 1 ? SPURIOUS_EXACT : SPURIOUS_FUZZY));
  const scored: Scored[] = new Array(group.length);
  let maxLl = -Infinity;
  for (let g = 0; g < group.length; g++) {
    const idx = group[g];
    const ie = index.entries[idx];
    const eset = ie.tokenSet;
    let ll = prior ? prior(ie) : 0;
    for (let k = 0; k < targetWords.length; k++) if (!eset.has(targetWords[k])) ll += targetCost[k];
    const toks = ie.tokens;
    const omit = ie.omitLog;
    for (let k = 0; k < toks.length; k++) if (!targets.has(toks[k])) ll += omit[k];
    const conflicts = countConflicts(rowAttrs, ie.attrs);
    ll += conflicts * CONFLICT;
    if (ll > maxLl) maxLl = ll;
    scored[g] = { ie, idx, ll, score: 0, conflicts };
  }
  let z = 0;
  for (const s of scored) z += Math.exp(s.ll - maxLl);
  for (const s of scored) s.score = Math.exp(s.ll - maxLl) / z;
  scored.sort(
    (a, b) =>
      b.ll - a.ll ||
      b.ie.entry.year - a.ie.entry.year ||
      (a.ie.entry.code < b.ie.entry.code ? -1 : a.ie.entry.code > b.ie.entry.code ? 1 : 0),
  );
  return { scored, unknown, known };
}

export function toCandidate(s: Scored, g: GroupScore): MatchCandidate {
  const read = g.read ?? (g.read = new Set(g.known.map((m) => m.target!)));
  return {
    code: s.ie.entry.code,
    score: round(s.score),
    description: s.ie.entry.description,
    year: s.ie.entry.year,
    diffTokens: s.ie.tokens.filter((t) => !read.has(t)),
    rowOnlyTokens: [...g.known.filter((m) => !s.ie.tokenSet.has(m.target!)).map((m) => m.token), ...g.unknown],
  };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Candidates among the brand's entries for the row's year, for rows whose model the catalog lacks. */
export function fallbackCandidates(index: CatalogIndex, brandKey: string, tokens: string[], year: number | undefined): MatchCandidate[] {
  if (year === undefined || !tokens.length) return [];
  const pool = index.byBrandYear.get(`${brandKey}|${year}`) ?? [];
  const scored: Array<{ i: number; s: number }> = [];
  for (const i of pool) {
    const e = index.entries[i];
    let s = 0;
    for (const t of tokens) if (e.tokenSet.has(t)) s++;
    if (s > 0) scored.push({ i, s: s / (tokens.length + e.tokens.length - s) });
  }
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return scored.slice(0, 5).map(({ i, s }) => {
    const e = index.entries[i];
    return {
      code: e.entry.code,
      score: round(s * 0.4),
      description: e.entry.description,
      year: e.entry.year,
      diffTokens: e.tokens.filter((t) => !tokens.includes(t)),
      rowOnlyTokens: tokens.filter((t) => !e.tokenSet.has(t)),
    };
  });
}
