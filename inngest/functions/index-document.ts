import { getDatabase } from "@/db";
import type { Db } from "@/db/client";
import { listUnindexedDocuments } from "@/db/queries/documents/list";
import { markIndexState } from "@/db/queries/documents/indexes";
import { inngest } from "@/inngest/client";
import { documentIndexRequested } from "@/inngest/events";
import { getBlobStore, type BlobStore } from "@/lib/blob";
import { env } from "@/lib/env";
import { summarizerFromEnv, type Summarizer } from "@/lib/documents/generated-summary";
import { embedderFromEnv, type Embedder } from "@/lib/insurance/embeddings";
import { indexDocument } from "@/services/documents/index-document";

// Index a document for search and questions, after it was read (extract-document sends the event) or on Re-index.
// The service writes pages done / total as it goes, so the Documents list shows progress live; the same content is
// indexed once unless forced. A catch-up every 10 minutes indexes documents that were read before indexing existed
// or whose event was lost.

export interface IndexDeps {
  db: Db;
  blobs: BlobStore;
  /** OpenAI on: chunks are embedded for hybrid retrieval. */
  embedder?: Embedder;
  /** OpenAI on: the summary is abstractive (quote-checked). */
  summarizer?: Summarizer;
}

export function createIndexDocumentFunction(deps: () => Promise<IndexDeps>) {
  return inngest.createFunction(
    {
      id: "index-document",
      name: "Index a document",
      retries: 2,
      triggers: [documentIndexRequested],
      concurrency: { limit: 2, key: "event.data.workspaceId" },
      onFailure: async ({ event, error }) => {
        const { workspaceId, documentId } = event.data.event.data;
        const { db } = await deps();
        await markIndexState(db, { workspaceId, documentId, state: "failed", error: `Indexing failed: ${error.message}. Use Re-index to try again.` });
      },
    },
    async ({ event, step }) => {
      const { workspaceId, documentId, force } = event.data;
      await step.run("mark-pending", async () => {
        const { db } = await deps();
        if (force) await markIndexState(db, { workspaceId, documentId, state: "pending" });
      });
      return step.run("index", async () => indexDocument(await deps(), { workspaceId, documentId, force }));
    },
  );
}

export function createIndexBacklogFunction(deps: () => Promise<IndexDeps & { now: () => number }>) {
  return inngest.createFunction(
    { id: "index-document-backlog", name: "Index documents not yet indexed", retries: 2, triggers: [{ cron: "*/10 * * * *" }] },
    async ({ step }) => {
      const docs = await step.run("find-unindexed", async () => {
        const { db, now } = await deps();
        const list = await listUnindexedDocuments(db, { before: new Date(now() - 2 * 60_000), limit: 500 });
        for (const d of list) await markIndexState(db, { workspaceId: d.workspaceId, documentId: d.id, state: "pending" });
        return list;
      });
      if (!docs.length) return { queued: 0 };
      await step.sendEvent("index", docs.map((d) => documentIndexRequested.create({ workspaceId: d.workspaceId, documentId: d.id }, { id: `document-index-${d.id}-backlog` })));
      return { queued: docs.length };
    },
  );
}

const appDeps = async () => ({ db: (await getDatabase()).db, blobs: await getBlobStore(), embedder: embedderFromEnv(env()), summarizer: summarizerFromEnv(env()), now: Date.now });
export const indexDocumentFunction = createIndexDocumentFunction(appDeps);
export const indexDocumentBacklog = createIndexBacklogFunction(appDeps);
