import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { corpusStats, documentsMatching, documentsNaming, idPartsHeld, partiesOf, queryTerms, searchCandidates, type Candidate } from "@/db/queries/search";
import { bm25, coverage, type CorpusStats, type QueryTerm } from "@/lib/documents/bm25";
import { GENERIC, kindWordsOf } from "@/lib/documents/question-words";
import { namedParty, partyRole, type NamedParty } from "@/lib/documents/party";
import { synonymsOf } from "@/lib/documents/synonyms";
import { detectLanguage, foldText, isStopWord, words, type SearchLang } from "@/lib/documents/text";

// Retrieval shared by search and ask: the question's lexemes (every language configuration), candidates from the
// GIN index (common words only rank, rare ones select), BM25 over the candidates, and each one's coverage of the
// question's weight. A question that names a document by an id ("the policy AUT-2025-576951", "invoice F-5037")
// is answered from that document: the id picks the document (the one holding most of the id's parts, however its page
// writes them; the next ones are kept as fallbacks), the other words pick the passage in it, and that passage must
// cover them (the id alone is no support; generic words such as "amount" or "value" need not be
// covered, nor — in a document that says them — the words naming its kind: lib/documents/question-words.ts). A question that names a party ("the IBAN of Lieferant GmbH") is answered from the documents that name it
// (an indexed look-up of its words), and for its bank details from those where it is the seller (their key facts),
// never from another company's document; the passage must then cover the rest of the question.

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
  /** The party the question names, when it does: its words are not what the passage must say. */
  party: NamedParty | null;
  /** When the id the question names is in more than one document: each of them with its seller, when known (an invoice number two vendors both use). */
  sharedBy?: { documentId: string; seller: string | null }[];
  passages: RankedPassage[];
  /**
   * When an id picked the documents: the next reading of the question to try if these passages give no answer (the
   * next documents by the id's parts, then those the id picked otherwise), or null when there is none.
   */
  fallback?: () => Promise<Retrieval | null>;
}

interface Scope {
  workspaceId: string;
  limit: number;
  documentIds?: string[];
  documentWhere?: SQL;
}

/** Chunks the candidate query may select on (sum of the selecting lexemes' document frequencies), at least. */
const POSTINGS_BUDGET = 6000;

/**
 * `alsoCover`: another reading of the question whose coverage counts too (the question without the id that picked the
 * document). `only`: the question without the party it names, when it names one — the passages are in the party's
 * documents already, so coverage is of these terms alone and the candidates are selected by them.
 */
async function rank(db: Db, q: Scope, terms: QueryTerm[], stats: CorpusStats, alsoCover?: QueryTerm[], only?: QueryTerm[], generic: QueryTerm[] = [], kind: QueryTerm[] = []): Promise<RankedPassage[]> {
  const lexemes = [...new Set(terms.flat())];
  const present = lexemes.filter((l) => stats.df.get(l));
  const selecting = only ? [...new Set(only.flat())].filter((l) => stats.df.get(l)) : present;
  if (only && !selecting.length) return [];
  if (!present.length) return [];
  // words in more than 2 % of the chunks only rank the candidates; the rarer ones select them (bounded work at 40,000 pages)
  const common = Math.max(50, 0.02 * stats.n);
  const rare = selecting.filter((l) => stats.df.get(l)! <= common);
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
  const match = scoped || !rare.length ? selecting : selective;
  // the rarest lexeme of each of the (up to) four rarest query words
  const boost = terms
    .map((t) => t.filter((l) => stats.df.get(l)).sort((a, b) => stats.df.get(a)! - stats.df.get(b)!)[0])
    .filter(Boolean)
    .sort((a, b) => stats.df.get(a)! - stats.df.get(b)!)
    .slice(0, 4);
  const candidates = await searchCandidates(db, { workspaceId: q.workspaceId, match: match.length ? match : present, rank: present, boost, limit: q.limit, documentIds: q.documentIds, documentWhere: q.documentWhere });
  // words naming the kind of document ("la póliza", "the services agreement", "el contrato de trabajo") are satisfied
  // by the document, not the passage
  const kindLexemes = terms.filter((t) => kind.some((k) => sameTerm(k, t))).flat().filter((l) => stats.df.get(l));
  // (from the candidates themselves: the document's other passages that matched — no extra query)
  const held = new Map<string, Set<string>>();
  for (const c of candidates) for (const l of kindLexemes) if (c.tf.get(l)) (held.get(c.documentId) ?? held.set(c.documentId, new Set()).get(c.documentId)!).add(l);
  // what a passage must cover: the question's words less the generic ones ("amount", "value"), which rank only
  const covered = needed(only ?? terms, generic);
  const rest = alsoCover && needed(alsoCover, generic);
  // and less, in a document that says them, the words naming its kind: no evidence either way (in a document of
  // another kind they are missing); when they are all that is left ("the amount of invoice X" without the id), the
  // document says all of it
  const share = (c: Candidate, list: QueryTerm[]) => {
    const kept = list.filter((t) => !(kind.some((k) => sameTerm(k, t)) && t.some((l) => held.get(c.documentId)?.has(l))));
    return kept.length ? coverage(c, kept, stats) : 1;
  };
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
      coverage: Math.max(share(c, covered), rest ? share(c, rest) : 0),
      coverageWithoutAnchor: rest ? share(c, rest) : null,
    }))
    .sort((a, b) => b.score - a.score);
}

const sameTerm = (a: QueryTerm, b: QueryTerm) => a.length === b.length && a.every((l) => b.includes(l));

/** The terms a passage must cover: `terms` less the generic ones — all of them when nothing else would be left. */
function needed(terms: QueryTerm[], generic: QueryTerm[]): QueryTerm[] {
  if (!generic.length) return terms;
  const kept = terms.filter((t) => !generic.some((g) => sameTerm(g, t)));
  return kept.length ? kept : terms;
}

/** Ids in a question: lexemes with a digit that few chunks hold. */
const isAnchor = (l: string, df: number) => /\d/.test(l) && l.replace(/^-/, "").length >= 3 && df > 0 && df <= 8;

/** Documents that name the party, more of them than this: selected by a condition instead of listed (and not read for roles). */
const PARTY_DOCS = 40;

/** Questions about a party's bank details: only a document where the party is paid (its seller) shows them. */
const BANK_Q = /\b(iban|bic|swift|clabe|bank|banco|bancaria|bancario|cuenta|account|konto\w*|bankverbindung|rib|compte|bancaire)\b/;

const termsOf = (db: Db, text: string, lang: SearchLang) => queryTerms(db, { words: words(text).filter((w) => !isStopWord(w.norm)).map((w) => synonymsOf(w.norm)), lang });

export async function retrievePassages(db: Db, q0: Scope & { text: string }): Promise<Retrieval> {
  let q = q0;
  const lang = detectLanguage(q.text);
  // question words ("según", "within", "cuántos") are not what the answer's passage says
  const terms = await termsOf(db, q.text, lang);
  const genericWords = words(q.text).filter((w) => GENERIC.has(w.norm));
  const generic = genericWords.length ? await termsOf(db, genericWords.map((w) => w.norm).join(" "), lang) : [];
  const party = namedParty(q.text, lang);
  // the words naming the kind of document (see question-words.ts), as the question without the party names them
  const kindText = kindWordsOf(party ? q.text.replace(party.name, " ") : q.text, lang).join(" ");
  const kind = kindText ? await termsOf(db, kindText, lang) : [];
  if (!terms.length) return { lang, terms, anchoredTo: null, party, passages: [] };
  let only: QueryTerm[] | undefined;
  if (party) {
    // the party's documents (chunks holding its name as a phrase, by the GIN index); none: not in your documents
    const found = await documentsNaming(db, { workspaceId: q.workspaceId, phrase: party.phrase, limit: PARTY_DOCS + 1, documentIds: q.documentIds });
    if (!found.documentIds.length) return { lang, terms, anchoredTo: null, party, passages: [] };
    let docs = found.documentIds;
    if (docs.length <= PARTY_DOCS) {
      // its bank details from the documents where it is the seller; where it is only the buyer they are another's
      const roles = await partiesOf(db, { workspaceId: q.workspaceId, documentIds: docs });
      const role = (d: string) => partyRole(party.words, roles.get(d)?.facts ?? [], roles.get(d)?.invoices ?? []);
      const sellers = docs.filter((d) => role(d) === "seller");
      if (BANK_Q.test(foldText(q.text))) docs = sellers.length ? sellers : docs.filter((d) => role(d) !== "buyer");
      else if (sellers.length && /\b(invoice|factura|rechnung|facture|quote|cotizacion|angebot|devis)\b/.test(foldText(q.text))) docs = sellers;
      if (!docs.length) return { lang, terms, anchoredTo: null, party, passages: [] };
      q = { ...q, documentIds: docs };
    } else q = { ...q, documentWhere: found.where! };
    only = await termsOf(db, q.text.replace(party.name, " "), lang);
    if (!only.length) return { lang, terms, anchoredTo: null, party, passages: [] };
  }
  // (with the other writings of an id's number parts: "2024" of "RE-2024-0117" is "-2024" to the parser, "2024" on a page that prints "2024-0117")
  const stats = await corpusStats(db, { workspaceId: q.workspaceId, lexemes: [...new Set([...terms.flat(), ...terms.flat().flatMap(writings)])] });
  const anchors = (only ?? terms).filter((t) => t.some((l) => isAnchor(l, stats.df.get(l) ?? 0)));
  const rest = (only ?? terms).filter((t) => !anchors.includes(t));
  const unanchored = async (): Promise<Retrieval> => ({ lang, terms, anchoredTo: null, party, passages: await rank(db, q, terms, stats, undefined, only, generic, kind) });
  if (anchors.length && rest.length) {
    // the rarest id-like lexeme of each named id ("-868238" rather than "-2026" of "AUT-2026-868238")
    const lexemes = anchors.map((t) => t.filter((l) => isAnchor(l, stats.df.get(l) ?? 0)).sort((a, b) => stats.df.get(a)! - stats.df.get(b)!)[0]);
    // a passage holding every part of the id ("TX" and "471102" of "TX-471102"; "…-2014-1", not "…-2018-1") names the
    // document; only when none does, any passage holding its rarest part
    const whole = anchors.map((t) => t.filter((l) => stats.df.get(l)));
    let docs = await documentsMatching(db, { workspaceId: q.workspaceId, all: whole, limit: 4 });
    if (!docs.length) docs = await documentsMatching(db, { workspaceId: q.workspaceId, all: lexemes.map((l) => [l]), limit: 4 });
    if (q.documentIds?.length) docs = docs.filter((d) => q.documentIds!.includes(d));
    // the readings, best first: the documents holding most of the id's parts — and, when they lack one (the id does not
    // name them for certain), the next best — then the documents picked as above; each next one asked only when the
    // one before gives no answer
    const most = await holdingMostParts(db, q, anchors, stats);
    const key = (set: string[]) => [...set].sort().join(" ");
    const readings = [...most.groups.slice(0, most.complete ? 1 : 2), docs]
      .filter((s) => s.length && s.length <= 3)
      .filter((s, i, all) => all.findIndex((o) => key(o) === key(s)) === i);
    const read = new Map<string, Promise<Retrieval | null>>();
    const readOnce = (set: string[]) => read.get(key(set)) ?? read.set(key(set), readAnchored(set)).get(key(set))!;
    const readAnchored = async (set: string[]): Promise<Retrieval | null> => {
      const sellers = set.length > 1 ? await sellersOf(db, q.workspaceId, set, idsIn(q.text)) : undefined;
      // a correction or reminder quotes the invoice it is about: the invoice that carries the number as its own is the one meant
      const own = sellers?.filter((s) => s.ownNumber) ?? [];
      const meant = own.length ? own.map((s) => s.documentId) : set;
      const sharedBy = own.length ? (own.length > 1 ? own : undefined) : sellers;
      const passages = await rank(db, { ...q, documentIds: meant }, terms, stats, rest, only, generic, kind);
      if (!passages.length) return null;
      return { lang, terms, anchoredTo: meant, party, passages, sharedBy: sharedBy?.map(({ documentId, seller }) => ({ documentId, seller })) };
    };
    // last, the whole workspace — as before, when the id picked no document, too many, or none with a passage
    const picked = docs.length > 0 && docs.length <= 3;
    const chain = async (i: number): Promise<Retrieval | null> => {
      if (i > readings.length) return null;
      const r = i < readings.length ? await readOnce(readings[i]) : picked && (await readOnce(docs)) ? null : await unanchored();
      return r ? { ...r, fallback: () => chain(i + 1) } : chain(i + 1);
    };
    return (await chain(0)) ?? unanchored();
  }
  return unanchored();
}

/** The ways the parser may write an id's number part: "-2024" (after a hyphen), "2024". */
const writings = (l: string) => {
  const bare = l.replace(/^-/, "");
  return /^\d/.test(bare) ? [bare, `-${bare}`].filter((w) => w !== l) : [];
};

/**
 * The documents holding the most parts of the ids a question names (any writing of each part, in any of their
 * chunks), grouped by how many they hold, best first: parts of three or more characters with a digit (a year, a running
 * number) count before the others (a series' letters, a one-digit suffix), which many of a seller's invoices share.
 * `complete`: the best group holds every part.
 */
async function holdingMostParts(db: Db, q: Scope, anchors: QueryTerm[], stats: CorpusStats) {
  const parts = anchors.flat().map((l) => [l, ...writings(l)]);
  const rare = [...new Set(parts.flat())].filter((l) => isAnchor(l, stats.df.get(l) ?? 0));
  const found = await idPartsHeld(db, { workspaceId: q.workspaceId, parts, rare, limit: 20, documentIds: q.documentIds });
  const strong = parts.map((p) => /\d/.test(p[0]) && p[0].replace(/^-/, "").length >= 3);
  const score = (held: boolean[]) => held.reduce((a, h, i) => a + (h ? (strong[i] ? 100 : 1) : 0), 0);
  const byScore = new Map<number, string[]>();
  for (const d of found) {
    const s = score(d.held);
    if (s) byScore.set(s, [...(byScore.get(s) ?? []), d.documentId]);
  }
  const best = [...byScore.keys()].sort((a, b) => b - a);
  return { groups: best.map((s) => byScore.get(s)!.sort()), complete: Boolean(best.length) && found.some((d) => score(d.held) === best[0] && d.held.every(Boolean)) };
}

const SELLER_LABEL = /\b(proveedor|emisor|vendedor|vendor|supplier|seller|lieferant|rechnungssteller|fournisseur|vendeur|emetteur|issuer|from)\b/;

/** The ids a question names, letters and digits only ("R-8765/43" → "r876543"). */
const idsIn = (text: string) => words(text).map((w) => w.norm.replace(/[^a-z0-9]/g, "")).filter((w) => w.length >= 3 && /\d/.test(w));

/**
 * Each document's seller (the invoice read from it, else its first party fact under a seller's label), and whether
 * one of `ids` is the number of an invoice read from it (not a number it merely quotes).
 */
async function sellersOf(db: Db, workspaceId: string, documentIds: string[], ids: string[]) {
  const parties = await partiesOf(db, { workspaceId, documentIds });
  return documentIds.map((documentId) => {
    const p = parties.get(documentId);
    const seller = p?.invoices.find((i) => i.vendorName)?.vendorName ?? p?.facts.find((f) => SELLER_LABEL.test(foldText(f.label)))?.value ?? null;
    const ownNumber = p?.invoices.some((i) => i.invoiceNumber && ids.includes(foldText(i.invoiceNumber).replace(/[^a-z0-9]/g, ""))) ?? false;
    return { documentId, seller, ownNumber };
  });
}
