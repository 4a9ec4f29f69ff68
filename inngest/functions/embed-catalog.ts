import { setCatalogEmbeddingState } from "@/db/queries/catalog-vectors";
import { inngest } from "@/inngest/client";
import { catalogEmbedRequested } from "@/inngest/events";
import { embedNextTexts, prepareEmbedding } from "@/services/insurance/embed-catalog";
import { matchCaseDeps, type MatchCaseDeps } from "@/services/insurance/match-deps";

// Embeds an imported catalog's version texts so the match function can look up by meaning what it cannot find by
// name (OpenAI on only). Steps: prepare (one empty row per distinct text; 40,000 entries are a few thousand texts)
// → embed the next texts without a vector, one request per step, progress after each → ready. A failed request is
// retried by the step; a run that gives up leaves the catalog "failed" with the reason, and matching goes on
// without embeddings (the offline matcher never depends on them).

export function createEmbedCatalogFunction(deps: () => Promise<MatchCaseDeps>) {
  return inngest.createFunction(
    {
      id: "embed-catalog",
      name: "Embed insurer catalog",
      retries: 3,
      triggers: [catalogEmbedRequested],
      concurrency: { limit: 1, key: "event.data.catalogId" },
      onFailure: async ({ error, event, step }) => {
        const { workspaceId, catalogId } = event.data.event.data as { workspaceId: string; catalogId: string };
        await step.run("mark-failed", async () =>
          setCatalogEmbeddingState((await deps()).db, {
            workspaceId,
            catalogId,
            state: "failed",
            error: `Embedding failed: ${error.message}. Matching goes on without embeddings; use "Build embeddings" to try again.`,
          }),
        );
      },
    },
    async ({ event, step }) => {
      const { workspaceId, catalogId } = event.data;
      const prepared = await step.run("prepare", async () => prepareEmbedding(await deps(), { workspaceId, catalogId }));
      if ("skipped" in prepared) return prepared;
      let done = 0;
      for (let i = 0; ; i++) {
        const r = await step.run(`embed-${i}`, async () => embedNextTexts(await deps(), { workspaceId, catalogId, model: prepared.model }));
        done = r.done;
        if (!r.more) break;
      }
      await step.run("ready", async () => setCatalogEmbeddingState((await deps()).db, { workspaceId, catalogId, state: "ready" }));
      return { texts: prepared.texts, entries: prepared.entries, embedded: done, model: prepared.model };
    },
  );
}

export const embedCatalog = createEmbedCatalogFunction(matchCaseDeps);
