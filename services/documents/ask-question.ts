import type { Db } from "@/db/client";
import { filenamesOf, saveQuestion } from "@/db/queries/documents/questions";
import { answerFromPassages, type OfflineAnswer } from "@/lib/documents/answer";
import { retrievePassages } from "./retrieve-passages";

// Ask across the workspace's documents (or a chosen set): retrieval → the offline extractive answer (the best
// supporting passage, and the value itself for date/amount/id/name questions) or "not found in your documents".
// The question, the answer and its citations are kept as the workspace's history and audited.

const PASSAGES = 40;

export interface AskResult extends OfflineAnswer {
  questionId: string | null;
  latencyMs: number;
}

export async function askQuestion(
  db: Db,
  q: { workspaceId: string; askedBy: string | null; question: string; documentIds?: string[]; record?: boolean },
): Promise<AskResult> {
  const t0 = performance.now();
  const r = await retrievePassages(db, { workspaceId: q.workspaceId, text: q.question, limit: PASSAGES * 2, documentIds: q.documentIds });
  const top = r.passages.slice(0, PASSAGES);
  const names = await filenamesOf(db, { workspaceId: q.workspaceId, ids: [...new Set(top.map((p) => p.documentId))] });
  const answer = answerFromPassages(
    q.question,
    top.map((p) => ({ chunkId: p.id, documentId: p.documentId, filename: names.get(p.documentId) ?? "?", page: p.page, start: p.start, text: p.text, score: p.score, coverage: p.coverage, coverageWithoutAnchor: p.coverageWithoutAnchor })),
    { lang: r.lang },
  );
  const latencyMs = Math.round(performance.now() - t0);
  let questionId: string | null = null;
  if (q.record !== false) {
    questionId = await saveQuestion(db, {
      workspaceId: q.workspaceId,
      askedBy: q.askedBy,
      question: q.question,
      scope: q.documentIds?.length ? q.documentIds : null,
      answer: answer.answer,
      value: answer.value,
      found: answer.found,
      engine: "offline",
      latencyMs,
      citations: answer.citations,
    });
  }
  return { ...answer, questionId, latencyMs };
}
