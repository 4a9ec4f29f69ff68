import { NonRetriableError } from "inngest";
import { prepareCatalogVectors, setCatalogEmbeddingState, storeCatalogVectors, textsToEmbed } from "@/db/queries/catalog-vectors";
import { getCatalog } from "@/db/queries/insurance/catalogs";
import { inngest } from "@/inngest/client";
import { catalogEmbedRequested } from "@/inngest/events";
import { matchCaseDeps, type MatchCaseDeps } from "./match-case";

// Embeds an imported catalog's version texts so the match function can look up by meaning what it cannot find by
// name (OpenAI on only). Steps: prepare (one empty row per distinct text; 40,000 entries are a few thousand texts)
// → embed the next texts without a vector, one request per step, progress after each → ready. A failed request is
// retried by the step; a run that gives up leaves the catalog "failed" with the reason, and matching goes on
// without embeddings (the offline matcher never depends on them).

export const EMBED_STEP_TEXTS = 512;

export const embedDepsOverrides: { deps?: () => Promise<MatchCaseDeps> } = {};
const deps = () => (embedDepsOverrides.deps ?? matchCaseDeps)();

export async function prepareEmbedding(d: MatchCaseDeps, q: { workspaceId: string; catalogId: string }) {
  if (!d.embedder) return { skipped: "OpenAI is off (no OPENAI_API_KEY, or OPENAI_EMBEDDING_MODEL=off)" };
  const c = await getCatalog(d.db, q);
  if (!c) throw new NonRetriableError(`Catalog ${q.catalogId} is gone.`);
  if (c.importState !== "imported") return { skipped: `the catalog's import is ${c.importState}` };
  if (c.embeddingState === "ready" && c.embeddingModel === d.embedder.model) return { skipped: "already embedded with this model" };
  const prepared = await prepareCatalogVectors(d.db, { ...q, model: d.embedder.model });
  return { ...prepared, model: d.embedder.model };
}

/** Embed the next batch of texts; returns how many were done in all and whether more remain. */
export async function embedNextTexts(d: MatchCaseDeps, q: { workspaceId: string; catalogId: string; model: string; limit?: number }) {
  if (!d.embedder) throw new NonRetriableError("OpenAI was turned off while the catalog was being embedded.");
  if (d.embedder.model !== q.model) throw new NonRetriableError(`The embedding model changed from ${q.model} to ${d.embedder.model} during the run; ask for the embeddings again.`);
  const limit = q.limit ?? EMBED_STEP_TEXTS;
  const pending = await textsToEmbed(d.db, { ...q, limit });
  if (!pending.length) return { done: await storeCatalogVectors(d.db, { ...q, vectors: [] }), more: false };
  const vectors = await d.embedder.embed(pending.map((t) => t.text));
  const done = await storeCatalogVectors(d.db, { ...q, vectors: pending.map((t, i) => ({ id: t.id, embedding: vectors[i] })) });
  return { done, more: pending.length === limit };
}

export const embedCatalog = inngest.createFunction(
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

/** Ask for a catalog's embeddings (after its row has committed); the id makes repeated requests one run per catalog state. */
export async function requestCatalogEmbedding(c: { id: string; workspaceId: string }, reason: string) {
  await inngest.send(catalogEmbedRequested.create({ workspaceId: c.workspaceId, catalogId: c.id }, { id: `catalog-embed-${c.id}-${reason}` }));
}
