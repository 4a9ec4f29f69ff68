import { getDatabase } from "@/db";
import type { Db } from "@/db/client";
import { getDocument } from "@/db/queries/documents";
import { createOpenAIAnswerer } from "@/lib/documents/generated-answer";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { embedderFromEnv } from "@/lib/insurance/embeddings";
import { askQuestion, type AskModel } from "./ask-question";

/** OpenAI on: the model that writes quote-checked answers, and the embedder for hybrid retrieval. */
async function askModel(): Promise<AskModel | undefined> {
  const e = env();
  if (!e.OPENAI_API_KEY) return undefined;
  return { answerer: createOpenAIAnswerer({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }), embedder: embedderFromEnv(e), hasVector: (await getDatabase()).hasVector };
}

/** A member's question across the workspace's documents (or the chosen ones, each checked to be the workspace's), with the configured model. */
export async function askInWorkspace(db: Db, q: { workspaceId: string; askedBy: string; question: string; documentIds?: string[] }) {
  for (const d of q.documentIds ?? []) {
    if (!(await getDocument(db, { workspaceId: q.workspaceId, documentId: d }))) throw new UserError("One of the chosen documents is not in this workspace.", "not_found");
  }
  return askQuestion(db, { ...q, model: await askModel() });
}
