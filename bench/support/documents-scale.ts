/**
 * The at-scale part of bench/documents.ts: the evaluation set among 2,000 more documents (40,000 pages) indexed by the
 * app's own indexing code, questions timed one by one; then the index grown to 20,000 documents and the Documents
 * search box and list timed with filters and pages past the first. Runs on whatever database it is given (PGlite or
 * PostgreSQL), so both engines are measured with the same code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { documents, workspaces } from "@/db/schema";
import type { BlobStore } from "@/lib/blob";
import { askQuestion } from "@/services/documents/ask-question";
import { indexDocument } from "@/services/documents/index-document";
import { ingestLocalFile } from "@/services/documents/ingest-local-file";
import { searchDocuments } from "@/services/documents/search-documents";
import type { Truth } from "./documents-corpus";

export interface ScaleAnswer {
  id: string;
  answer: string;
  citations: { file: string; page: number; quote: string }[];
}

export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Seeded filler pages written from the corpus's own vocabulary, so every question's words also occur in them. */
function pageWriter(seed0: number) {
  let seed = seed0;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const words = readFileSync(join(process.cwd(), "bench", "support", "documents-corpus.ts"), "utf8").match(/[A-Za-zÁÉÍÓÚáéíóúñÑ]{4,}/g)!;
  const vocab = [...new Set(words)];
  const page = () => {
    const lines: string[] = [];
    for (let l = 0; l < 24; l++) lines.push(Array.from({ length: 12 }, () => (rand() < 0.1 ? String(Math.floor(rand() * 100000)) : vocab[Math.floor(rand() * vocab.length)])).join(" "));
    return lines.join("\n");
  };
  return { page, vocab, rand };
}

/** The evaluation set's files, then `docs` filler documents of `pages` pages, each indexed by `indexDocument`. */
export async function buildScaleWorkspace(deps: { db: Db; blobs: BlobStore }, o: { docsDir: string; files: string[]; docs: number; pages: number; log?: (s: string) => void }) {
  const { db } = deps;
  const [ws] = await db.insert(workspaces).values({ name: "bench documents" }).returning();
  for (const f of o.files) await ingestLocalFile(deps, { workspaceId: ws.id, file: { name: f, bytes: new Uint8Array(readFileSync(join(o.docsDir, f))) } });
  const { page } = pageWriter(7);
  let indexMs = 0;
  let pages = 0;
  for (let d = 0; d < o.docs; d++) {
    const text = Array.from({ length: o.pages }, page).join("\n\f");
    const [doc] = await db
      .insert(documents)
      .values({ workspaceId: ws.id, sha256: `scale-${d}`, filename: `archive-${d}.pdf`, contentType: "application/pdf", size: text.length, blobKey: `scale-${d}`, source: "api", status: "ready", text, pages: o.pages })
      .returning({ id: documents.id });
    const t = performance.now();
    await indexDocument(deps, { workspaceId: ws.id, documentId: doc.id });
    indexMs += performance.now() - t;
    pages += o.pages;
    if (d % 200 === 199) o.log?.(`scale: ${d + 1} documents, ${(pages / (indexMs / 1000)).toFixed(0)} pages/s`);
  }
  const [{ n }] = rows<{ n: number }>(await db.execute(sql`select count(*)::int n from document_chunks where workspace_id = ${ws.id}`));
  return { workspaceId: ws.id, pages, chunks: n, pagesPerSecond: pages / (indexMs / 1000) };
}

/** Every question asked once (recorded to history, as the app does), timed. */
export async function timeQuestions(db: Db, workspaceId: string, truth: Truth[]) {
  const lat: number[] = [];
  const answers = new Map<string, ScaleAnswer>();
  for (const t of truth) {
    const a0 = performance.now();
    const a = await askQuestion(db, { workspaceId, askedBy: null, question: t.question });
    lat.push(performance.now() - a0);
    answers.set(t.id, { id: t.id, answer: a.answer, citations: a.citations.map((c) => ({ file: c.filename, page: c.page, quote: c.quote })) });
  }
  return { lat, answers };
}

/**
 * Grow the workspace to `total` documents, every one of them indexed: 2-page documents (8 passages each) whose
 * chunks, tsvectors, term statistics and index rows are written in bulk by SQL (the same tables and the same
 * `docket_<lang>` configurations the indexer writes; the indexer itself is timed above). Dates, statuses and classes
 * are spread so the filters select a part of them.
 */
export async function growIndexedDocuments(db: Db, workspaceId: string, total: number) {
  const [{ have }] = rows<{ have: number }>(await db.execute(sql`select count(*)::int have from documents where workspace_id = ${workspaceId}`));
  const more = Math.max(0, total - have);
  if (!more) return 0;
  const { vocab } = pageWriter(13);
  const v = vocab.slice(0, 4000);
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`insert into documents (id, workspace_id, sha256, filename, content_type, size, blob_key, source, status, classification, created_at)
    select 'bulk-' || g, ${workspaceId}, 'bulk-' || g, 'scan-' || g || '.pdf', 'application/pdf', 1000, 'bulk-' || g, 'upload',
      (array['ready','needs_review','failed'])[1 + g % 3], (array['invoice','quote','policy','contract','other'])[1 + g % 5], now() - (g || ' hours')::interval
    from generate_series(1, ${more}) g`);
  const chunksPerDoc = 8;
  for (let from = 1; from <= more; from += 2000) {
    const to = Math.min(more, from + 1999);
    await db.execute(sql`insert into document_chunks (workspace_id, document_id, page, ord, start, "end", kind, text, lang, tokens, tsv)
      with vocab as (select string_to_array(${v.join(" ")}, ' ') a)
      select ${workspaceId}, 'bulk-' || g, 1 + (k - 1) / 4, k, 0, length(t.text), 'paragraph', t.text, (array['es','en'])[1 + g % 2], 40,
        to_tsvector((array['docket_es','docket_en'])[1 + g % 2]::regconfig, t.text)
      from vocab, generate_series(${from}::int, ${to}::int) g, generate_series(1, ${chunksPerDoc}) k,
        lateral (select string_agg(case when random() < 0.1 then floor(random() * 100000)::text else vocab.a[1 + floor(random() * ${v.length})::int + 0 * i] end, ' ') as text
                 from generate_series(1, 40 + 0 * g * k) i) t`);
  }
  await db.execute(sql`insert into search_terms (workspace_id, lexeme, df)
    select ${workspaceId}, lex, count(*)::int from document_chunks c, unnest(tsvector_to_array(c.tsv)) lex
    where c.workspace_id = ${workspaceId} and c.document_id like 'bulk-%' group by lex
    on conflict (workspace_id, lexeme) do update set df = search_terms.df + excluded.df`);
  await db.execute(sql`insert into document_indexes (document_id, workspace_id, sha256, state, language, doc_class, pages, pages_done, chunks, tokens, indexed_at)
    select d.id, d.workspace_id, d.sha256, 'indexed', 'es', d.classification, 2, 2, ${chunksPerDoc}, ${chunksPerDoc * 40}, now()
    from documents d where d.workspace_id = ${workspaceId} and d.id like 'bulk-%'`);
  await db.execute(sql`analyze`);
  return more;
}

/** The Documents page's search box: typical queries, with filters, pages 1, 2 and 5; and the list without a query. */
export async function timeSearches(db: Db, workspaceId: string, truth: Truth[]) {
  const queries = truth.filter((_, i) => i % 4 === 0).slice(0, 50).map((t) => t.question.replace(/[¿?]/g, ""));
  const short = ["póliza", "invoice total", "vencimiento", "deductible", "Transportes del Norte", "NISSAN VERSA", "contrato arrendamiento", "delivery note"];
  const filters = [{}, { status: "ready" }, { kind: "invoice" }, { from: "2020-01-01", to: "2030-01-01" }];
  const one = async (query: string | null, f: object, page: number) => {
    const a0 = performance.now();
    const r = await searchDocuments(db, { workspaceId, query, filters: f, page });
    return { ms: performance.now() - a0, rows: r.rows.length };
  };
  const first: number[] = [];
  for (const q of [...queries, ...short]) first.push((await one(q, {}, 1)).ms);
  const filtered: number[] = [];
  for (const [i, q] of [...queries.slice(0, 20), ...short].entries()) filtered.push((await one(q, filters[1 + (i % 3)], 1)).ms);
  const later: number[] = [];
  let laterRows = 0;
  for (const [i, q] of [...queries.slice(0, 20), ...short].entries()) {
    const r = await one(q, i % 2 ? {} : filters[1 + (i % 3)], i % 3 === 0 ? 5 : 2);
    later.push(r.ms);
    laterRows += r.rows;
  }
  const list: number[] = [];
  for (const f of [...filters, { party: "Acme" }]) for (const pg of [1, 2, 20]) list.push((await one(null, f, pg)).ms);
  return { first, filtered, later, laterRows, list, queries: queries.length + short.length };
}
