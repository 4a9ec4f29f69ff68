import type { Db } from "@/db/client";
import type { BlobStore } from "@/lib/blob";
import { embedderFromEnv, type Embedder } from "@/lib/insurance/embeddings";
import { env } from "@/lib/env";
import { createOpenAIReranker, type Reranker } from "@/lib/insurance/reranker";
import { runtimeDatabase } from "@/services/runtime";

// What the insurance functions (match, import, embed, open from email) need, wired once.

export interface MatchCaseDeps {
  db: Db;
  blobs: BlobStore;
  /** With OpenAI on: re-ranks only the rows in the review band (batched); offline answers stay when it fails. */
  reranker?: Reranker;
  /** With OpenAI on: embeds catalogs and the rows the offline matcher could not place, for lookup by meaning. */
  embedder?: Embedder;
  /** The database has pgvector (nearest texts are found in SQL); otherwise in process. */
  vector?: boolean;
}

export async function matchCaseDeps(): Promise<MatchCaseDeps> {
  const database = await runtimeDatabase();
  const { getBlobStore } = await import("@/lib/blob");
  const e = env();
  const reranker = e.OPENAI_API_KEY ? createOpenAIReranker({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }) : undefined;
  return { db: database.db, vector: database.hasVector, blobs: await getBlobStore(), reranker, embedder: embedderFromEnv(e) };
}
