import { z } from "zod";
import { getDocument } from "@/db/queries/documents";
import { markIndexState } from "@/db/queries/documents/indexes";
import { recordAudit } from "@/db/queries/audit";
import { inngest } from "@/inngest/client";
import { documentIndexRequested } from "@/inngest/events";
import { workspaceAction } from "@/lib/action";
import { UserError } from "@/lib/errors";
import { getDatabase } from "@/db";
import { env } from "@/lib/env";
import { createOpenAIAnswerer } from "@/lib/documents/generated-answer";
import { embedderFromEnv } from "@/lib/insurance/embeddings";
import { askQuestion, type AskModel } from "@/services/documents/ask-question";

/** OpenAI on: the model that writes quote-checked answers, and the embedder for hybrid retrieval. */
async function askModel(): Promise<AskModel | undefined> {
  const e = env();
  if (!e.OPENAI_API_KEY) return undefined;
  return { answerer: createOpenAIAnswerer({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }), embedder: embedderFromEnv(e), hasVector: (await getDatabase()).hasVector };
}

const id = z.string().min(1).max(100);

/** Index a document again (after a failure, or to pick up a better reading). */
export const reindexDocumentDef = workspaceAction("reindexDocument", "member", z.object({ documentId: id }), async (input, ctx) => {
  const doc = await getDocument(ctx.db, { workspaceId: ctx.workspaceId, documentId: input.documentId });
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  await markIndexState(ctx.db, { workspaceId: ctx.workspaceId, documentId: doc.id, state: "pending" });
  await recordAudit(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: "document.reindex_requested", entityType: "document", entityId: doc.id });
  await inngest.send(documentIndexRequested.create({ workspaceId: ctx.workspaceId, documentId: doc.id, force: true }, { id: `document-reindex-${doc.id}-${Date.now()}` }));
  return null;
});

/** Ask a question across the workspace's documents (or the chosen ones); the answer is kept in the history. */
export const askQuestionDef = workspaceAction(
  "askQuestion",
  "viewer",
  z.object({
    question: z.string().trim().min(3, "Type a question of at least 3 characters.").max(500, "Keep the question under 500 characters."),
    documentIds: z.array(id).max(200).optional(),
  }),
  async (input, ctx) => {
    if (input.documentIds?.length) {
      for (const d of input.documentIds) {
        if (!(await getDocument(ctx.db, { workspaceId: ctx.workspaceId, documentId: d }))) throw new UserError("One of the chosen documents is not in this workspace.", "not_found");
      }
    }
    return askQuestion(ctx.db, { workspaceId: ctx.workspaceId, askedBy: ctx.userId, question: input.question, documentIds: input.documentIds, model: await askModel() });
  },
);
