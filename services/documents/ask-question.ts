import type { Db } from "@/db/client";
import { filenamesOf, saveQuestion } from "@/db/queries/documents/questions";
import { chunksByIds, vectorCandidates } from "@/db/queries/search";
import { answerFromPassages, NOT_FOUND, type Citation, type OfflineAnswer, type Passage } from "@/lib/documents/answer";
import { checkGenerated, fuseRanks, type Answerer } from "@/lib/documents/generated-answer";
import type { Embedder } from "@/lib/insurance/embeddings";
import { retrievePassages, type RankedPassage, type Retrieval } from "./retrieve-passages";

// Ask across the workspace's documents (or a chosen set). Offline (default): retrieval → the extractive answer (the
// best supporting passage, and the value itself for date/amount/id/name questions) or "not found in your documents";
// when the documents an id picked give no answer, the next reading retrieval offers is asked (see retrieve-passages).
// OpenAI on: hybrid retrieval (full text + embeddings — pgvector where present, in process otherwise — fused by
// reciprocal rank), a generated answer whose every sentence carries a verbatim quote checked against its passage
// (sentences whose quote is not found are dropped), tokens and cost recorded. If the model fails, the offline answer
// is given. The question, the answer and its citations are kept as the workspace's history and audited.

const PASSAGES = 40;
const MODEL_PASSAGES = 12;

export interface AskModel {
  answerer: Answerer;
  embedder?: Embedder;
  hasVector: boolean;
}

export interface AskResult extends OfflineAnswer {
  questionId: string | null;
  latencyMs: number;
  engine: "offline" | "openai";
  droppedClaims: number;
  tokens: number | null;
  costUsd: number | null;
}

export async function askQuestion(
  db: Db,
  q: { workspaceId: string; askedBy: string | null; question: string; documentIds?: string[]; record?: boolean; model?: AskModel },
): Promise<AskResult> {
  const t0 = performance.now();
  const r = await retrievePassages(db, { workspaceId: q.workspaceId, text: q.question, limit: PASSAGES * 2, documentIds: q.documentIds });
  const vector = q.model?.embedder ? q.model.embedder.embed([q.question]).then(([v]) => Array.from(v)) : null;
  let read = await readRetrieval(db, q, r, vector);
  // the documents an id picked do not answer: the next reading of the question (the next documents by the id's
  // parts, then those picked before), until one does; none does: "not found", with the first one's passages
  for (let next = r.fallback; !read.offline.found && next; ) {
    const n = await next();
    if (!n) break;
    const nr = await readRetrieval(db, q, n, vector);
    if (nr.offline.found) read = nr;
    next = n.fallback;
  }
  const { passages, outside, offline } = read;
  let result: Omit<AskResult, "questionId" | "latencyMs"> = { ...offline, engine: "offline", droppedClaims: 0, tokens: null, costUsd: null };
  if (q.model && passages.length) {
    try {
      const top = passages.slice(0, MODEL_PASSAGES);
      const g = await q.model.answerer.generate(q.question, top);
      const checked = withoutSpans(checkGenerated(g.answer, top, NOT_FOUND), outside);
      result = { ...offline, found: checked.found, answer: checked.answer, citations: checked.citations, value: checked.found ? offline.value : null, engine: "openai", droppedClaims: checked.dropped, tokens: g.tokens, costUsd: g.costUsd };
    } catch (err) {
      console.error("[ask] the model failed; answering offline:", (err as Error).message);
    }
  }
  const latencyMs = Math.round(performance.now() - t0);
  let questionId: string | null = null;
  if (q.record !== false) {
    questionId = await saveQuestion(db, {
      workspaceId: q.workspaceId,
      askedBy: q.askedBy,
      question: q.question,
      scope: q.documentIds?.length ? q.documentIds : null,
      answer: result.answer,
      value: result.value,
      found: result.found,
      engine: result.engine,
      droppedClaims: result.droppedClaims,
      tokens: result.tokens,
      costUsd: result.costUsd === null ? null : result.costUsd.toFixed(6),
      latencyMs,
      citations: result.citations,
    });
  }
  return { ...result, questionId, latencyMs };
}

/** The passages of a retrieval (fused with the question's nearest chunks by embedding when there is a model) and the offline answer from them. */
async function readRetrieval(db: Db, q: { workspaceId: string; question: string; documentIds?: string[]; model?: AskModel }, r: Retrieval, vector: Promise<number[]> | null) {
  let ranked: RankedPassage[] = r.passages.slice(0, PASSAGES);
  if (q.model && vector) ranked = await fuseWithVectors(db, q, ranked, await vector, q.model.hasVector);
  const names = await filenamesOf(db, { workspaceId: q.workspaceId, ids: [...new Set(ranked.map((p) => p.documentId))] });
  const passages: Passage[] = ranked.map((p) => ({
    chunkId: p.id, documentId: p.documentId, filename: names.get(p.documentId) ?? "?", page: p.page, start: p.start, text: p.text, context: p.context, score: p.score, coverage: p.coverage, coverageWithoutAnchor: p.coverageWithoutAnchor,
  }));
  const outside = new Set(ranked.filter((p) => p.start === 0 && p.end === 0).map((p) => p.id));
  const offline = withoutSpans(answerFromPassages(q.question, passages, { lang: r.lang, party: r.party, sharedBy: r.sharedBy }), outside);
  return { passages, outside, offline };
}

/** Passages outside the page text (invoice fields, email bodies) are cited by page, with no span to highlight. */
function withoutSpans<T extends { citations: Citation[] }>(a: T, outside: Set<number>): T {
  return { ...a, citations: a.citations.map((c) => (c.chunkId !== null && outside.has(c.chunkId) ? { ...c, start: 0, end: 0 } : c)) };
}

/** Full-text ranking fused with the question's nearest chunks by embedding. */
async function fuseWithVectors(db: Db, q: { workspaceId: string; documentIds?: string[] }, ranked: RankedPassage[], vector: number[], hasVector: boolean): Promise<RankedPassage[]> {
  const docs = q.documentIds?.length ? q.documentIds : hasVector ? undefined : [...new Set(ranked.map((p) => p.documentId))].slice(0, 20);
  const near = await vectorCandidates(db, { workspaceId: q.workspaceId, vector, limit: PASSAGES, hasVector, documentIds: docs });
  const order = fuseRanks([ranked.map((p) => p.id), near]);
  const byId = new Map(ranked.map((p) => [p.id, p]));
  const missing = order.filter((id) => !byId.has(id));
  for (const c of await chunksByIds(db, { workspaceId: q.workspaceId, ids: missing })) {
    byId.set(c.id, { ...c, score: 0, coverage: 0, coverageWithoutAnchor: null });
  }
  return order.map((id) => byId.get(id)).filter((p): p is RankedPassage => Boolean(p)).slice(0, PASSAGES);
}
