import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { QueryTerm } from "@/lib/documents/bm25";
import type { Chunk } from "@/lib/documents/chunk";
import type { SearchLang } from "@/lib/documents/text";
import { rows, type Db } from "../client";
import { documentChunks, documentIndexes, searchTerms } from "../schema";

// The search index: chunks with their tsvector (docket_<lang> configurations, unaccented, GIN-indexed),
// the workspace's term statistics for BM25, and the candidate query that feeds the in-process ranking.

const LANGS: SearchLang[] = ["es", "en", "de", "fr"];
export const tsConfig = (lang: string) => (LANGS.includes(lang as SearchLang) ? `docket_${lang}` : "docket_simple");

/** Escape a lexeme for a tsquery literal: 'it''s'. */
const quoteLexeme = (l: string) => `'${l.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`;

/** Move a workspace's document frequencies by the lexemes of some chunks of a document (+1 per chunk, or -1). */
async function shiftTermStats(db: Db, q: { workspaceId: string; documentId: string; sign: 1 | -1; fromId?: number }) {
  await db.execute(sql`
    insert into search_terms (workspace_id, lexeme, df)
    select ${q.workspaceId}, lex, ${q.sign}::int * count(*)::int
    from document_chunks c, unnest(tsvector_to_array(c.tsv)) lex
    where c.workspace_id = ${q.workspaceId} and c.document_id = ${q.documentId} and c.id >= ${q.fromId ?? 0}
    group by lex order by lex
    on conflict (workspace_id, lexeme) do update set df = greatest(0, search_terms.df + excluded.df)`);
}

/** Take a document's chunks out of the index (and their counts out of the term statistics). One transaction. */
export async function deleteDocumentChunks(db: Db, q: { workspaceId: string; documentId: string }) {
  await db.transaction(async (tx) => {
    await shiftTermStats(tx, { ...q, sign: -1 });
    await tx.delete(documentChunks).where(and(eq(documentChunks.workspaceId, q.workspaceId), eq(documentChunks.documentId, q.documentId)));
  });
}

/**
 * Add chunks of a document with their tsvector in the document's language configuration, and their counts to the
 * term statistics, in one transaction (a crash leaves whole batches or nothing).
 */
export async function insertDocumentChunks(db: Db, q: { workspaceId: string; documentId: string; lang: string; chunks: (Chunk & { tokens: number })[] }) {
  if (!q.chunks.length) return;
  const cfg = tsConfig(q.lang);
  await db.transaction(async (tx) => {
    const ids = await tx
      .insert(documentChunks)
      .values(
        q.chunks.map((c) => ({
          workspaceId: q.workspaceId,
          documentId: q.documentId,
          page: c.page,
          ord: c.ord,
          start: c.start,
          end: c.end,
          kind: c.kind,
          text: c.text,
          context: c.context ?? null,
          lang: q.lang,
          tokens: c.tokens,
          tsv: sql`to_tsvector(${cfg}::regconfig, ${c.context ? `${c.context}\n${c.text}` : c.text})` as unknown as string,
        })),
      )
      .returning({ id: documentChunks.id });
    await shiftTermStats(tx, { ...q, sign: 1, fromId: Math.min(...ids.map((i) => i.id)) });
  });
}

/**
 * The question's words as the index knows them. Each entry of `words` is a word with its alternatives (synonyms);
 * a word that is a stop word of the question's language is dropped, the others become one term each, holding the
 * lexemes of the word and its alternatives under every language configuration (documents in another language than
 * the question still match).
 */
export async function queryTerms(db: Db, q: { words: string[][]; lang: SearchLang }): Promise<QueryTerm[]> {
  const input = q.words.slice(0, 40).flatMap((alts, ord) => alts.map((w, i) => ({ ord, main: i === 0, w: w.slice(0, 60) })));
  if (!input.length) return [];
  const r = rows<{ ord: number; main: boolean; cfg: string; lexeme: string }>(
    await db.execute(sql`
      select x.ord, x.main, v.cfg, u.lexeme
      from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) x(ord int, main boolean, w text),
           (values ('docket_es'), ('docket_en'), ('docket_de'), ('docket_fr')) v(cfg),
           unnest(to_tsvector(v.cfg::regconfig, x.w)) u`),
  );
  const own = tsConfig(q.lang);
  const kept = new Set(r.filter((x) => x.main && x.cfg === own).map((x) => Number(x.ord)));
  const groups = new Map<number, Set<string>>();
  for (const x of r) {
    const ord = Number(x.ord);
    if (!kept.has(ord)) continue;
    if (!groups.has(ord)) groups.set(ord, new Set());
    groups.get(ord)!.add(x.lexeme);
  }
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const [, set] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    const key = [...set].sort().join("|");
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push([...set]);
  }
  return terms;
}

/** BM25's corpus figures for a workspace: chunks, average chunk length, document frequency of the given lexemes. */
export async function corpusStats(db: Db, q: { workspaceId: string; lexemes: string[] }) {
  const [tot] = rows<{ n: number | string; tokens: number | string }>(
    await db.execute(sql`select coalesce(sum(chunks), 0) n, coalesce(sum(tokens), 0) tokens from document_indexes where workspace_id = ${q.workspaceId}`),
  );
  const n = Number(tot?.n ?? 0);
  const df = new Map<string, number>();
  if (q.lexemes.length) {
    const r = await db
      .select({ lexeme: searchTerms.lexeme, df: searchTerms.df })
      .from(searchTerms)
      .where(and(eq(searchTerms.workspaceId, q.workspaceId), inArray(searchTerms.lexeme, q.lexemes)));
    for (const x of r) df.set(x.lexeme, x.df);
  }
  return { n: Math.max(n, 1), avgTokens: n ? Number(tot.tokens) / n : 1, df };
}

export interface CandidateFilter {
  documentIds?: string[];
  /** Extra condition on the document (alias d), e.g. kind/status/date filters of the Documents page. */
  documentWhere?: SQL;
}

export interface Candidate {
  id: number;
  documentId: string;
  page: number;
  start: number;
  end: number;
  text: string;
  /** A table row's header row, when it has one. */
  context: string | null;
  tokens: number;
  tf: Map<string, number>;
}

/**
 * Chunks matching any of the lexemes in `match` (the GIN index finds them), the best `limit` by how many of the `boost`
 * (rarest) lexemes they hold, then by ts_rank over `rank` lexemes, each with the term frequency of every query lexeme (from its tsvector) for BM25.
 */
export async function searchCandidates(db: Db, q: { workspaceId: string; match: string[]; rank: string[]; boost?: string[]; limit: number } & CandidateFilter): Promise<Candidate[]> {
  if (!q.match.length) return [];
  // chunks holding more of the rarest words come first, whatever ts_rank (which knows no document frequency) says
  const boost = q.boost?.length ? sql.join(q.boost.map((l) => sql`(c.tsv @@ ${quoteLexeme(l)}::tsquery)::int`), sql` + `) : sql`0`;
  const matchQ = q.match.map(quoteLexeme).join(" | ");
  const rankQ = q.rank.map(quoteLexeme).join(" | ");
  const docFilter = q.documentIds?.length
    ? sql`and c.document_id in (${sql.join(q.documentIds.map((d) => sql`${d}`), sql`, `)})`
    : sql``;
  const extra = q.documentWhere ? sql`and exists (select 1 from documents d where d.id = c.document_id and d.workspace_id = c.workspace_id and ${q.documentWhere})` : sql``;
  const r = rows<{ id: number | string; document_id: string; page: number; start: number; end: number; text: string; context: string | null; tokens: number; tf: Record<string, number> | string | null }>(
    await db.execute(sql`
      with top as (
        select c.id from document_chunks c
        where c.workspace_id = ${q.workspaceId} and c.tsv @@ ${matchQ}::tsquery ${docFilter} ${extra}
        order by ${boost} desc, ts_rank(c.tsv, ${rankQ}::tsquery) desc, c.id
        limit ${q.limit}
      )
      select c.id, c.document_id, c.page, c.start, c."end", c.text, c.context, c.tokens,
        (select json_object_agg(u.lexeme, coalesce(array_length(u.positions, 1), 1)) from unnest(c.tsv) u
          where u.lexeme in (${sql.join(q.rank.map((l) => sql`${l}`), sql`, `)})) tf
      from document_chunks c join top on top.id = c.id`),
  );
  return r.map((x) => {
    const tf = typeof x.tf === "string" ? (JSON.parse(x.tf) as Record<string, number>) : (x.tf ?? {});
    return { id: Number(x.id), documentId: x.document_id, page: x.page, start: x.start, end: x.end, text: x.text, context: x.context, tokens: x.tokens, tf: new Map(Object.entries(tf)) };
  });
}

export async function getDocumentIndex(db: Db, q: { workspaceId: string; documentId: string }) {
  const [row] = await db
    .select()
    .from(documentIndexes)
    .where(and(eq(documentIndexes.workspaceId, q.workspaceId), eq(documentIndexes.documentId, q.documentId)));
  return row ?? null;
}

export async function listPageChunks(db: Db, q: { workspaceId: string; documentId: string }) {
  return db
    .select({ id: documentChunks.id, page: documentChunks.page, start: documentChunks.start, end: documentChunks.end, text: documentChunks.text, kind: documentChunks.kind })
    .from(documentChunks)
    .where(and(eq(documentChunks.workspaceId, q.workspaceId), eq(documentChunks.documentId, q.documentId)))
    .orderBy(documentChunks.ord);
}

/** Documents with a chunk holding all the lexemes of any one group (the parts of an id named in a question), at most `limit`. */
export async function documentsMatching(db: Db, q: { workspaceId: string; all: string[][]; limit: number }) {
  const groups = q.all.filter((g) => g.length);
  if (!groups.length) return [];
  const query = groups.map((g) => `(${g.map(quoteLexeme).join(" & ")})`).join(" | ");
  const r = rows<{ document_id: string }>(
    // (the chunks found by the GIN index first: asked for distinct documents up to a limit, the planner may read every
    // chunk in document order instead)
    await db.execute(sql`with hits as materialized (select document_id from document_chunks where workspace_id = ${q.workspaceId} and tsv @@ ${query}::tsquery)
      select distinct document_id from hits limit ${q.limit}`),
  );
  return r.map((x) => x.document_id);
}

/**
 * Which parts of an id named in a question each document holds, in any of its chunks: `parts` are the id's parts, each
 * with the lexemes that write it ("-2024" or "2024"). The documents looked at are those with a chunk holding one of the
 * `rare` lexemes (few chunks do; the GIN index finds them — materialized first, or the planner reads every chunk in
 * document order to stop at `limit` distinct documents), at most `limit`; their chunks are then read by document.
 */
export async function idPartsHeld(db: Db, q: { workspaceId: string; parts: string[][]; rare: string[]; limit: number; documentIds?: string[] }) {
  const parts = q.parts.filter((p) => p.length);
  if (!parts.length || !q.rare.length) return [];
  const rareQ = q.rare.map(quoteLexeme).join(" | ");
  const scope = q.documentIds?.length ? sql`and document_id in (${sql.join(q.documentIds.map((d) => sql`${d}`), sql`, `)})` : sql``;
  const held = sql.join(parts.map((p) => sql`bool_or(c.tsv @@ ${p.map(quoteLexeme).join(" | ")}::tsquery)`), sql`, `);
  const r = rows<{ document_id: string; held: boolean[] | string }>(
    await db.execute(sql`
      with hits as materialized (
        select document_id from document_chunks where workspace_id = ${q.workspaceId} and tsv @@ ${rareQ}::tsquery ${scope}
      ),
      docs as (select distinct document_id from hits limit ${q.limit})
      select c.document_id, json_build_array(${held}) held
      from document_chunks c
      where c.workspace_id = ${q.workspaceId} and c.document_id in (select document_id from docs)
      group by c.document_id`),
  );
  return r.map((x) => ({ documentId: x.document_id, held: typeof x.held === "string" ? (JSON.parse(x.held) as boolean[]) : x.held }));
}

/** A document's chunks (id, text) for embedding. */
export async function listChunkTexts(db: Db, q: { workspaceId: string; documentId: string }) {
  return db
    .select({ id: documentChunks.id, text: documentChunks.text })
    .from(documentChunks)
    .where(and(eq(documentChunks.workspaceId, q.workspaceId), eq(documentChunks.documentId, q.documentId)))
    .orderBy(documentChunks.ord);
}

export async function setChunkEmbeddings(db: Db, q: { workspaceId: string; vectors: { id: number; embedding: number[] }[] }) {
  for (const v of q.vectors) {
    await db
      .update(documentChunks)
      .set({ embedding: v.embedding })
      .where(and(eq(documentChunks.workspaceId, q.workspaceId), eq(documentChunks.id, v.id)));
  }
}

/**
 * Chunks nearest to a question's vector (vectors are unit length: cosine = dot product). With pgvector the database
 * orders them (`<=>`); without it they are compared in process, among the chunks of `documentIds` (the documents
 * full-text retrieval found), so the work stays bounded.
 */
export async function vectorCandidates(db: Db, q: { workspaceId: string; vector: number[]; limit: number; hasVector: boolean; documentIds?: string[] }) {
  const docFilter = q.documentIds?.length ? sql`and document_id in (${sql.join(q.documentIds.map((d) => sql`${d}`), sql`, `)})` : sql``;
  if (q.hasVector) {
    const lit = `[${q.vector.join(",")}]`;
    const r = rows<{ id: number | string }>(
      await db.execute(sql`select id from document_chunks where workspace_id = ${q.workspaceId} and embedding is not null ${docFilter}
        order by embedding::vector <=> ${lit}::vector limit ${q.limit}`),
    );
    return r.map((x) => Number(x.id));
  }
  if (!q.documentIds?.length) return [];
  const r = rows<{ id: number | string; embedding: number[] }>(
    await db.execute(sql`select id, embedding from document_chunks where workspace_id = ${q.workspaceId} and embedding is not null ${docFilter} limit 5000`),
  );
  return r
    .map((x) => ({ id: Number(x.id), s: x.embedding.reduce((a, v, i) => a + v * q.vector[i], 0) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, q.limit)
    .map((x) => x.id);
}

/** Chunks by id (for passages found by vector only). */
export async function chunksByIds(db: Db, q: { workspaceId: string; ids: number[] }) {
  if (!q.ids.length) return [];
  return db
    .select({ id: documentChunks.id, documentId: documentChunks.documentId, page: documentChunks.page, start: documentChunks.start, end: documentChunks.end, text: documentChunks.text, context: documentChunks.context })
    .from(documentChunks)
    .where(and(eq(documentChunks.workspaceId, q.workspaceId), inArray(documentChunks.id, q.ids)));
}

/**
 * Documents with a chunk holding a party's name as a phrase (the GIN index finds the chunks), at most `limit`;
 * and the condition (on the documents alias d) "the document names the party", for when there are more.
 */
export async function documentsNaming(db: Db, q: { workspaceId: string; phrase: string; limit: number; documentIds?: string[] }) {
  // the name's words in their order (stop words keep their place), under every language's configuration
  const query = sql`(${sql.join(LANGS.map((l) => sql`phraseto_tsquery(${tsConfig(l)}::regconfig, ${q.phrase})`), sql` || `)})`;
  const scope = q.documentIds?.length ? sql`and document_id in (${sql.join(q.documentIds.map((d) => sql`${d}`), sql`, `)})` : sql``;
  const r = rows<{ document_id: string }>(
    await db.execute(sql`select distinct document_id from document_chunks where workspace_id = ${q.workspaceId} and tsv @@ ${query} ${scope} limit ${q.limit}`),
  );
  return {
    documentIds: r.map((x) => x.document_id),
    where: sql`d.id in (select document_id from document_chunks where workspace_id = ${q.workspaceId} and tsv @@ ${query})`,
  };
}

/** The party facts of some documents and the seller, buyer and number of the invoices read from them (by primary key and the invoices' document index). */
export async function partiesOf(db: Db, q: { workspaceId: string; documentIds: string[] }) {
  if (!q.documentIds.length) return new Map<string, { facts: { type: string; label: string; value: string }[]; invoices: { vendorName: string | null; billToName: string | null; invoiceNumber: string | null }[] }>();
  const ids = sql.join(q.documentIds.map((d) => sql`${d}`), sql`, `);
  const r = rows<{ document_id: string; facts: unknown; invoices: unknown }>(
    await db.execute(sql`
      select di.document_id,
        coalesce((select jsonb_agg(f) from jsonb_array_elements(di.facts) f where f->>'type' = 'party'), '[]'::jsonb) facts,
        coalesce((select jsonb_agg(jsonb_build_object('vendorName', i.vendor_name, 'billToName', i.bill_to_name, 'invoiceNumber', i.invoice_number)) from invoices i
          where i.document_id = di.document_id and i.workspace_id = di.workspace_id), '[]'::jsonb) invoices
      from document_indexes di where di.workspace_id = ${q.workspaceId} and di.document_id in (${ids})`),
  );
  const parse = <T>(x: unknown): T => (typeof x === "string" ? (JSON.parse(x) as T) : (x as T));
  return new Map(r.map((x) => [x.document_id, { facts: parse<{ type: string; label: string; value: string }[]>(x.facts), invoices: parse<{ vendorName: string | null; billToName: string | null; invoiceNumber: string | null }[]>(x.invoices) }]));
}
