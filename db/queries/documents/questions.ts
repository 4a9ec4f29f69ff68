import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../client";
import { answerCitations, documents, questions, type AnswerCitation } from "../../schema";
import { recordAudit } from "../audit";

// The workspace's questions and the answers given, with their citations: history and audit of every answer.

export interface SaveQuestionInput {
  workspaceId: string;
  askedBy: string | null;
  question: string;
  scope: string[] | null;
  answer: string;
  value: string | null;
  found: boolean;
  engine: "offline" | "openai";
  droppedClaims?: number;
  tokens?: number | null;
  costUsd?: string | null;
  latencyMs: number;
  citations: AnswerCitation[];
}

export async function saveQuestion(db: Db, q: SaveQuestionInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(questions)
      .values({
        workspaceId: q.workspaceId,
        askedBy: q.askedBy,
        question: q.question,
        scope: q.scope,
        answer: q.answer,
        value: q.value,
        found: q.found,
        engine: q.engine,
        droppedClaims: q.droppedClaims ?? 0,
        tokens: q.tokens ?? null,
        costUsd: q.costUsd ?? null,
        latencyMs: q.latencyMs,
      })
      .returning({ id: questions.id });
    if (q.citations.length) {
      await tx.insert(answerCitations).values(
        q.citations.map((c, ord) => ({ workspaceId: q.workspaceId, questionId: row.id, ord, documentId: c.documentId, filename: c.filename, page: c.page, start: c.start, end: c.end, quote: c.quote })),
      );
    }
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.askedBy,
      action: "question.answered",
      entityType: "question",
      entityId: row.id,
      after: { question: q.question, answer: q.answer, found: q.found, engine: q.engine, citations: q.citations.length },
    });
    return row.id;
  });
}

export async function listQuestions(db: Db, q: { workspaceId: string; limit?: number }) {
  const qs = await db
    .select()
    .from(questions)
    .where(eq(questions.workspaceId, q.workspaceId))
    .orderBy(desc(questions.createdAt))
    .limit(q.limit ?? 20);
  const cites = qs.length
    ? await db
        .select()
        .from(answerCitations)
        .where(and(eq(answerCitations.workspaceId, q.workspaceId), inArray(answerCitations.questionId, qs.map((x) => x.id))))
        .orderBy(asc(answerCitations.ord))
    : [];
  return qs.map((x) => ({ ...x, citations: cites.filter((c) => c.questionId === x.id) }));
}

export async function filenamesOf(db: Db, q: { workspaceId: string; ids: string[] }) {
  if (!q.ids.length) return new Map<string, string>();
  const r = await db
    .select({ id: documents.id, filename: documents.filename })
    .from(documents)
    .where(and(eq(documents.workspaceId, q.workspaceId), inArray(documents.id, q.ids)));
  return new Map(r.map((x) => [x.id, x.filename]));
}
