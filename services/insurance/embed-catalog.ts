import { NonRetriableError } from "inngest";
import { prepareCatalogVectors, refreshCatalogVectors, storeCatalogVectors, textsToEmbed } from "@/db/queries/catalog-vectors";
import { getCatalog } from "@/db/queries/insurance/catalogs";
import { CATALOG_SEARCH_KEYS_VERSION } from "@/lib/insurance/catalog-keys";
import type { MatchCaseDeps } from "./match-deps";

// Embedding a catalog's version texts, step by step (inngest/functions/embed-catalog.ts runs these).

export const EMBED_STEP_TEXTS = 512;

export async function prepareEmbedding(d: MatchCaseDeps, q: { workspaceId: string; catalogId: string }) {
  if (!d.embedder) return { skipped: "OpenAI is off (no OPENAI_API_KEY, or OPENAI_EMBEDDING_MODEL=off)" };
  const c = await getCatalog(d.db, q);
  if (!c) throw new NonRetriableError(`Catalog ${q.catalogId} is gone.`);
  if (c.importState !== "imported") return { skipped: `the catalog's import is ${c.importState}` };
  if (c.embeddingState === "ready" && c.embeddingModel === d.embedder.model) {
    if (c.embeddingTextsVersion >= CATALOG_SEARCH_KEYS_VERSION) return { skipped: "already embedded with this model" };
    // texts an older rule wrote: only the changed ones are embedded again
    const refreshed = await refreshCatalogVectors(d.db, q);
    return { texts: refreshed.texts, entries: refreshed.entries, refreshed: { dropped: refreshed.dropped, added: refreshed.added }, model: d.embedder.model };
  }
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
