import type { Db } from "@/db/client";
import { finishIndex, listDocumentEmails, listDocumentInvoiceFields, loadDocumentForIndex, markIndexState, setIndexProgress } from "@/db/queries/documents/indexes";
import { deleteDocumentChunks, insertDocumentChunks, listChunkTexts, setChunkEmbeddings } from "@/db/queries/search";
import type { BlobStore } from "@/lib/blob";
import { buildChunks } from "@/lib/documents/sources";
import { classifyPages } from "@/lib/documents/classify";
import { extractFacts } from "@/lib/documents/facts";
import { checkSummary, summarySources, type Summarizer } from "@/lib/documents/generated-summary";
import { summarize } from "@/lib/documents/summary";
import { detectLanguage } from "@/lib/documents/text";
import type { Embedder } from "@/lib/insurance/embeddings";
import { readWorkbook } from "@/lib/insurance/workbook";

// Index one document: its text by page (text layer, OCR), a spreadsheet's rows, the invoice fields read from it →
// chunks with their tsvector, the workspace's term statistics, a summary (extractive; abstractive with OpenAI, every
// sentence backed by a verbatim quote checked against its page) and key facts. Progress
// (pages done of total) is written as batches land, so Documents shows it live. The same bytes are indexed once:
// a document whose sha256 is already indexed is skipped unless `force` (Re-index).

const SPREADSHEET = /spreadsheetml|ms-excel|text\/csv|opendocument\.spreadsheet/;
const BATCH_PAGES = 25;

export interface IndexDocumentDeps {
  db: Db;
  blobs: BlobStore;
  /** OpenAI on: chunks are embedded too (hybrid retrieval for Ask). */
  embedder?: Embedder;
  /** OpenAI on: the summary is written by the model, each sentence quote-checked (the extractive one otherwise). */
  summarizer?: Summarizer;
}

export type IndexDocumentResult = { skipped: string } | { pages: number; chunks: number; language: string; ms: number };

export async function indexDocument(deps: IndexDocumentDeps, q: { workspaceId: string; documentId: string; force?: boolean }): Promise<IndexDocumentResult> {
  const t0 = performance.now();
  const { db } = deps;
  const doc = await loadDocumentForIndex(db, q);
  if (!doc) return { skipped: "document no longer exists" };
  if (!q.force && doc.indexState === "indexed" && doc.indexedSha === doc.sha256) return { skipped: "already indexed (same content)" };
  try {
    const workbook = SPREADSHEET.test(doc.contentType) ? await readSheet(deps, doc) : null;
    const invoices = await listDocumentInvoiceFields(db, q);
    const emails = await listDocumentEmails(db, q);
    const built = buildChunks({ text: workbook ? null : doc.text, workbook, invoices, emails });
    const language = detectLanguage(built.pages.map((p) => p.text).join("\n"));
    if (doc.ocrPages?.length) built.sources.push(`OCR (${doc.ocrPages.length} page${doc.ocrPages.length === 1 ? "" : "s"})`);
    await markIndexState(db, { ...q, state: "indexing", pages: built.pages.length, pagesDone: 0 });
    await deleteDocumentChunks(db, q);
    let done = 0;
    for (let p = 1; p <= Math.max(built.pages.length, 1); p += BATCH_PAGES) {
      const batch = built.chunks.filter((c) => c.page >= p && c.page < p + BATCH_PAGES && c.kind !== "field");
      await insertDocumentChunks(db, { ...q, lang: language, chunks: batch });
      done = Math.min(built.pages.length, p + BATCH_PAGES - 1);
      await setIndexProgress(db, { ...q, pagesDone: done });
    }
    await insertDocumentChunks(db, { ...q, lang: language, chunks: built.chunks.filter((c) => c.kind === "field") });
    if (deps.embedder) {
      const texts = await listChunkTexts(db, q);
      for (let i = 0; i < texts.length; i += 256) {
        const batch = texts.slice(i, i + 256);
        const vectors = await deps.embedder.embed(batch.map((t) => t.text));
        await setChunkEmbeddings(db, { workspaceId: q.workspaceId, vectors: batch.map((t, k) => ({ id: t.id, embedding: Array.from(vectors[k]) })) });
      }
    }
    const extractive = summarize(built.pages, language);
    const summary = deps.summarizer ? await abstractive(deps.summarizer, built.pages, extractive) : null;
    const facts = extractFacts(built.pages);
    const cls = classifyPages(built.pages, { readerClass: doc.classification, spreadsheet: Boolean(workbook) });
    await finishIndex(db, {
      ...q,
      sha256: doc.sha256,
      sources: built.sources,
      language,
      pages: built.pages.length,
      chunks: built.chunks.length,
      tokens: built.chunks.reduce((a, c) => a + c.tokens, 0),
      summary: summary?.sentences.length ? summary.sentences : extractive,
      summaryBy: summary?.sentences.length ? { engine: "openai", model: deps.summarizer!.model } : { engine: "extractive", model: null },
      summaryDropped: summary?.dropped ?? 0,
      summaryTokens: summary?.tokens ?? null,
      summaryCostUsd: summary?.costUsd ?? null,
      facts,
      docClass: cls.cls,
      classReasons: cls.reasons,
      embedded: Boolean(deps.embedder),
    });
    return { pages: built.pages.length, chunks: built.chunks.length, language, ms: Math.round(performance.now() - t0) };
  } catch (err) {
    await markIndexState(db, { ...q, state: "failed", error: `Indexing failed: ${(err as Error).message}. Use Re-index to try again.` });
    throw err;
  }
}

/** The model's summary, quote-checked; null when the model fails (the extractive summary stands). */
async function abstractive(summarizer: Summarizer, pages: Parameters<typeof summarySources>[0], extractive: Parameters<typeof summarySources>[1]) {
  const sources = summarySources(pages, extractive);
  if (!sources.length) return null;
  try {
    const g = await summarizer.summarize(sources);
    return { ...checkSummary(g.summary, sources), tokens: g.tokens, costUsd: g.costUsd };
  } catch (err) {
    console.error("[index] the model failed to summarise; keeping the extractive summary:", (err as Error).message);
    return null;
  }
}

async function readSheet(deps: IndexDocumentDeps, doc: { blobKey: string; filename: string }) {
  const bytes = await deps.blobs.read(doc.blobKey);
  if (!bytes) throw new Error(`the file for ${doc.filename} is missing from storage`);
  return readWorkbook(new Uint8Array(bytes), doc.filename);
}
