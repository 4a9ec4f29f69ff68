// BM25 over the candidates Postgres found: term frequencies from each chunk's tsvector, document frequencies
// from the workspace's term statistics. Pure, so the ranking is the same in the app, the CLI and the bench.

export interface ScoredCandidate {
  id: number;
  tokens: number;
  /** lexeme → occurrences in this chunk */
  tf: Map<string, number>;
}

export interface CorpusStats {
  /** chunks in the workspace */
  n: number;
  avgTokens: number;
  /** lexeme → chunks containing it */
  df: Map<string, number>;
}

export const K1 = 1.2;
export const B = 0.75;

export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * A query word as the database knows it: its lexemes under each language's configuration ("póliza" → poliz
 * in Spanish, poliza in English). A chunk matches the word through any of them.
 */
export type QueryTerm = string[];

function termIdf(t: QueryTerm, s: CorpusStats): number {
  const dfs = t.map((l) => s.df.get(l) ?? 0).filter((d) => d > 0);
  return idf(dfs.length ? Math.max(...dfs) : 1, s.n);
}

/** BM25 score of one candidate for the query terms (each counted once, through its best lexeme). */
export function bm25(c: ScoredCandidate, terms: QueryTerm[], s: CorpusStats): number {
  let score = 0;
  const norm = K1 * (1 - B + (B * c.tokens) / Math.max(1, s.avgTokens));
  for (const t of terms) {
    let best = 0;
    for (const l of t) {
      const tf = c.tf.get(l) ?? 0;
      if (!tf) continue;
      best = Math.max(best, idf(s.df.get(l) ?? 1, s.n) * ((tf * (K1 + 1)) / (tf + norm)));
    }
    score += best;
  }
  return score;
}

/** The share of the query's weight (sum of idf) a candidate covers: 1 when every term is in it. */
export function coverage(c: ScoredCandidate, terms: QueryTerm[], s: CorpusStats): number {
  let all = 0;
  let hit = 0;
  for (const t of terms) {
    const w = termIdf(t, s);
    all += w;
    if (t.some((l) => c.tf.get(l))) hit += w;
  }
  return all ? hit / all : 0;
}
