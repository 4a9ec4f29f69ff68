import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { corpusStats, queryTerms, searchCandidates } from "@/db/queries/search";
import { bm25, coverage, type QueryTerm } from "@/lib/documents/bm25";
import { synonymsOf } from "@/lib/documents/synonyms";
import { detectLanguage, words, type SearchLang } from "@/lib/documents/text";

// Retrieval shared by search and ask: the question's lexemes (every language configuration), candidates from the
// GIN index (common words only rank, rare ones select), BM25 over the candidates, and each one's coverage of the
// question's weight.

export interface RankedPassage {
  id: number;
  documentId: string;
  page: number;
  start: number;
  end: number;
  text: string;
  score: number;
  coverage: number;
}

export interface Retrieval {
  lang: SearchLang;
  terms: QueryTerm[];
  passages: RankedPassage[];
}

export async function retrievePassages(
  db: Db,
  q: { workspaceId: string; text: string; limit: number; documentIds?: string[]; documentWhere?: SQL },
): Promise<Retrieval> {
  const lang = detectLanguage(q.text);
  const terms = await queryTerms(db, { words: words(q.text).map((w) => synonymsOf(w.norm)), lang });
  if (!terms.length) return { lang, terms, passages: [] };
  const lexemes = [...new Set(terms.flat())];
  const stats = await corpusStats(db, { workspaceId: q.workspaceId, lexemes });
  const present = lexemes.filter((l) => stats.df.get(l));
  if (!present.length) return { lang, terms, passages: [] };
  const common = Math.max(50, 0.15 * stats.n);
  const rare = present.filter((l) => stats.df.get(l)! <= common);
  const match = rare.length ? rare : [...present].sort((a, b) => stats.df.get(a)! - stats.df.get(b)!).slice(0, 2);
  const candidates = await searchCandidates(db, { workspaceId: q.workspaceId, match, rank: present, limit: q.limit, documentIds: q.documentIds, documentWhere: q.documentWhere });
  const passages = candidates
    .map((c) => ({ id: c.id, documentId: c.documentId, page: c.page, start: c.start, end: c.end, text: c.text, score: bm25(c, terms, stats), coverage: coverage(c, terms, stats) }))
    .sort((a, b) => b.score - a.score);
  return { lang, terms, passages };
}
