import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { corpusStats, documentsMatching, queryTerms, searchCandidates, type Candidate } from "@/db/queries/search";
import { bm25, coverage, type CorpusStats, type QueryTerm } from "@/lib/documents/bm25";
import { synonymsOf } from "@/lib/documents/synonyms";
import { detectLanguage, isStopWord, words, type SearchLang } from "@/lib/documents/text";

// Retrieval shared by search and ask: the question's lexemes (every language configuration), candidates from the
// GIN index (common words only rank, rare ones select), BM25 over the candidates, and each one's coverage of the
// question's weight. A question that names a document by an id ("the policy AUT-2025-576951", "invoice F-5037")
// is answered from that document: the id picks the document, the other words pick the passage in it.

/** A candidate chunk (its id, place, text and table header row), ranked. */
export interface RankedPassage extends Omit<Candidate, "tokens" | "tf"> {
  score: number;
  coverage: number;
  /** Coverage without the id that picked the document, when one did. */
  coverageWithoutAnchor: number | null;
}

export interface Retrieval {
  lang: SearchLang;
  terms: QueryTerm[];
  /** Documents the question named by an id, when it did. */
  anchoredTo: string[] | null;
  passages: RankedPassage[];
}

interface Scope {
  workspaceId: string;
  limit: number;
  documentIds?: string[];
  documentWhere?: SQL;
}

/** Chunks the candidate query may select on (sum of the selecting lexemes' document frequencies), at least. */
const POSTINGS_BUDGET = 6000;

/** `alsoCover`: another reading of the question whose coverage counts too (the question without the id that picked the document). */
async function rank(db: Db, q: Scope, terms: QueryTerm[], stats: CorpusStats, alsoCover?: QueryTerm[]): Promise<RankedPassage[]> {
  const lexemes = [...new Set(terms.flat())];
  const present = lexemes.filter((l) => stats.df.get(l));
  if (!present.length) return [];
  // words in more than 2 % of the chunks only rank the candidates; the rarer ones select them (bounded work at 40,000 pages)
  const common = Math.max(50, 0.02 * stats.n);
  const rare = present.filter((l) => stats.df.get(l)! <= common);
  const scoped = Boolean(q.documentIds?.length);
  // and of those, the rarest first until their chunks add up to the budget: the candidate query reads at most about
  // that many chunks whatever the question (questions of middling words only — often unanswerable — stay fast)
  let postings = 0;
  const selective = [...rare]
    .sort((a, b) => stats.df.get(a)! - stats.df.get(b)!)
    .filter((l, i) => {
      postings += stats.df.get(l)!;
      return i === 0 || postings <= Math.max(POSTINGS_BUDGET, 0.01 * stats.n);
    });
  const match = scoped || !rare.length ? present : selective;
  // the rarest lexeme of each of the (up to) four rarest query words
  const boost = terms
    .map((t) => t.filter((l) => stats.df.get(l)).sort((a, b) => stats.df.get(a)! - stats.df.get(b)!)[0])
    .filter(Boolean)
    .sort((a, b) => stats.df.get(a)! - stats.df.get(b)!)
    .slice(0, 4);
  const candidates = await searchCandidates(db, { workspaceId: q.workspaceId, match: match.length ? match : present, rank: present, boost, limit: q.limit, documentIds: q.documentIds, documentWhere: q.documentWhere });
  // words naming the kind of document ("la póliza", "the invoice") are satisfied by the document, not the passage
  const kindLexemes = terms.filter((t) => t.some((l) => DOCUMENT_WORDS.has(l))).flat().filter((l) => stats.df.get(l));
  // (from the candidates themselves: the document's other passages that matched — no extra query)
  const held = new Map<string, Set<string>>();
  for (const c of candidates) for (const l of kindLexemes) if (c.tf.get(l)) (held.get(c.documentId) ?? held.set(c.documentId, new Set()).get(c.documentId)!).add(l);
  return candidates
    .map((c) => ({
      id: c.id,
      documentId: c.documentId,
      page: c.page,
      start: c.start,
      end: c.end,
      text: c.text,
      context: c.context,
      score: bm25(c, terms, stats),
      coverage: Math.max(coverage(c, terms, stats, held.get(c.documentId)), alsoCover ? coverage(c, alsoCover, stats, held.get(c.documentId)) : 0),
      coverageWithoutAnchor: alsoCover ? coverage(c, alsoCover, stats, held.get(c.documentId)) : null,
    }))
    .sort((a, b) => b.score - a.score);
}

/** Lexemes (every configuration) of the words that name a kind of document. */
const DOCUMENT_WORDS = new Set(["poliz", "polici", "policy", "polic", "factur", "invoic", "invoice", "contrat", "contract", "cotiz", "quot", "quote", "remision", "remis", "albaran", "rechnung", "factur", "vertrag"]);

/** Ids in a question: lexemes with a digit that few chunks hold. */
const isAnchor = (l: string, df: number) => /\d/.test(l) && l.replace(/^-/, "").length >= 3 && df > 0 && df <= 8;

export async function retrievePassages(db: Db, q: Scope & { text: string }): Promise<Retrieval> {
  const lang = detectLanguage(q.text);
  // question words ("según", "within", "cuántos") are not what the answer's passage says
  const terms = await queryTerms(db, { words: words(q.text).filter((w) => !isStopWord(w.norm)).map((w) => synonymsOf(w.norm)), lang });
  if (!terms.length) return { lang, terms, anchoredTo: null, passages: [] };
  const stats = await corpusStats(db, { workspaceId: q.workspaceId, lexemes: [...new Set(terms.flat())] });
  const anchors = terms.filter((t) => t.some((l) => isAnchor(l, stats.df.get(l) ?? 0)));
  const rest = terms.filter((t) => !anchors.includes(t));
  if (anchors.length && rest.length) {
    // the rarest id-like lexeme of each named id ("-868238" rather than "-2026" of "AUT-2026-868238")
    const lexemes = anchors.map((t) => t.filter((l) => isAnchor(l, stats.df.get(l) ?? 0)).sort((a, b) => stats.df.get(a)! - stats.df.get(b)!)[0]);
    // a passage holding every part of the id ("TX" and "471102" of "TX-471102"; "…-2014-1", not "…-2018-1") names the
    // document; only when none does, any passage holding its rarest part
    const whole = anchors.map((t) => t.filter((l) => stats.df.get(l)));
    let docs = await documentsMatching(db, { workspaceId: q.workspaceId, all: whole, limit: 4 });
    if (!docs.length) docs = await documentsMatching(db, { workspaceId: q.workspaceId, all: lexemes.map((l) => [l]), limit: 4 });
    if (q.documentIds?.length) docs = docs.filter((d) => q.documentIds!.includes(d));
    if (docs.length && docs.length <= 3) {
      const passages = await rank(db, { ...q, documentIds: docs }, terms, stats, rest);
      if (passages.length) return { lang, terms, anchoredTo: docs, passages };
    }
  }
  return { lang, terms, anchoredTo: null, passages: await rank(db, q, terms, stats) };
}
