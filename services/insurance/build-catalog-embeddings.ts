import type { Db } from "@/db/client";
import { setCatalogEmbeddingState } from "@/db/queries/catalog-vectors";
import { getCatalog } from "@/db/queries/insurance/catalogs";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { env } from "@/lib/env";
import { CATALOG_SEARCH_KEYS_VERSION } from "@/lib/insurance/catalog-keys";
import { UserError } from "@/lib/errors";
import { embedderFromEnv } from "@/lib/insurance/embeddings";

/** (Re)build a catalog's embeddings for lookup by meaning (OpenAI on); matching goes on without them meanwhile. */
export async function buildCatalogEmbeddings(db: Db, q: { workspaceId: string; catalogId: string; now?: Date }) {
  const c = await getCatalog(db, { workspaceId: q.workspaceId, catalogId: q.catalogId });
  if (!c) throw new UserError("No such catalog in this workspace.", "not_found");
  const embedder = embedderFromEnv(env());
  if (!embedder) throw new UserError("Embeddings need OpenAI: set OPENAI_API_KEY (and leave OPENAI_EMBEDDING_MODEL unset or a model name), then restart.");
  if (c.importState !== "imported") throw new UserError(`Catalog version ${c.version} is ${c.importState}; build its embeddings once the import has finished.`);
  if (c.embeddingState === "queued" || c.embeddingState === "embedding") throw new UserError(`Catalog version ${c.version} is already being embedded (${c.embeddingDone} of ${c.embeddingTotal} texts).`);
  if (c.embeddingState === "ready" && c.embeddingModel === embedder.model && c.embeddingTextsVersion >= CATALOG_SEARCH_KEYS_VERSION) throw new UserError(`Catalog version ${c.version} is already embedded with ${embedder.model}.`);
  await setCatalogEmbeddingState(db, { workspaceId: q.workspaceId, catalogId: c.id, state: "queued", model: embedder.model });
  await sendEvents(appEvent.catalogEmbedRequested(c, { after: "request", model: embedder.model, requestedAt: q.now ?? new Date() }));
  return { id: c.id, model: embedder.model };
}
