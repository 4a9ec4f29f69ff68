"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/action";
import { askInWorkspace } from "@/services/documents/ask-in-workspace";
import { requestReindex } from "@/services/documents/request-reindex";

const id = z.string().min(1).max(100);

/** Index a document again (after a failure, or to pick up a better reading). */
export const reindexDocumentAction = workspaceAction(
  { name: "reindexDocument", role: "member", schema: z.object({ documentId: id }), revalidate: ["/documents"] },
  async (input, ctx) => {
    await requestReindex(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, documentId: input.documentId });
    return null;
  },
);

/** Ask a question across the workspace's documents (or the chosen ones); the answer is kept in the history. */
export const askQuestionAction = workspaceAction(
  {
    name: "askQuestion",
    role: "viewer",
    lock: false, // long (retrieval, and OpenAI when on); it writes only its own entry in the history
    schema: z.object({
      question: z.string().trim().min(3, "Type a question of at least 3 characters.").max(500, "Keep the question under 500 characters."),
      documentIds: z.array(id).max(200).optional(),
    }),
  },
  async (input, ctx) => askInWorkspace(ctx.db, { workspaceId: ctx.workspaceId, askedBy: ctx.userId, question: input.question, documentIds: input.documentIds }),
);
