import type { Db } from "@/db/client";
import { getBlobStore, type BlobStore } from "@/lib/blob";
import { env } from "@/lib/env";
import type { InvoiceExtractor } from "@/lib/extraction";
import { createOpenAIExtractor } from "@/lib/extraction/openai";
import { summarizerFromEnv, type Summarizer } from "@/lib/documents/generated-summary";
import { embedderFromEnv, type Embedder } from "@/lib/insurance/embeddings";
import { runtimeDeps } from "@/services/runtime";

// What the document functions (read, index, the stuck-document sweep) need, wired once for production.

export interface ExtractDeps {
  db: Db;
  blobs: BlobStore;
  /** Undefined → the offline extractor. */
  extractor?: InvoiceExtractor;
}

export async function extractDeps(): Promise<ExtractDeps> {
  const e = env();
  return {
    db: (await runtimeDeps()).db,
    blobs: await getBlobStore(),
    extractor: e.OPENAI_API_KEY ? createOpenAIExtractor({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }) : undefined,
  };
}

export interface IndexDeps {
  db: Db;
  blobs: BlobStore;
  /** OpenAI on: chunks are embedded for hybrid retrieval. */
  embedder?: Embedder;
  /** OpenAI on: the summary is abstractive (quote-checked). */
  summarizer?: Summarizer;
}

export async function indexDeps(): Promise<IndexDeps & { now: () => number }> {
  const e = env();
  return { ...(await runtimeDeps()), blobs: await getBlobStore(), embedder: embedderFromEnv(e), summarizer: summarizerFromEnv(e) };
}
