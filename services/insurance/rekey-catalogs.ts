import type { Db } from "@/db/client";
import { catalogsWithStaleVectorTexts } from "@/db/queries/catalog-vectors";
import { rekeyStaleCatalogs } from "@/db/queries/insurance/catalogs";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { CATALOG_SEARCH_KEYS_VERSION } from "@/lib/insurance/catalog-keys";
import type { Embedder } from "@/lib/insurance/embeddings";

/**
 * Start-up: catalogs whose search keys an older normalisation rule wrote (e.g. before TSURU GS1 = GS I) are re-keyed
 * in pages, so the catalog search dialog ranks them like a catalog imported today. Idempotent and safe to run on
 * several instances at once; a failure is logged and retried at the next start, never stops the server.
 */
export async function rekeyCatalogSearchKeys(db: Db, log: Pick<Console, "log" | "warn"> = console) {
  try {
    const done = await rekeyStaleCatalogs(db);
    if (done.length) {
      const changed = done.reduce((n, c) => n + c.changed, 0);
      log.log(`[docket] catalog search keys: ${done.length} catalog(s) re-keyed with the current rule (${changed} entries changed)`);
    }
    return done;
  } catch (err) {
    log.warn(`[docket] could not re-key catalog search keys (the catalog search may rank older catalogs less well; retried at next start): ${(err as Error).message}`);
    return [];
  }
}

/**
 * Start-up, OpenAI on: catalogs embedded with the current model whose version texts an older rule wrote get an embed
 * request (one per catalog and rule version, so several instances or restarts send it once); the embed-catalog
 * function drops the texts the rule no longer writes and embeds only the new ones, in batches, resuming where a
 * stopped run left off. Matching goes on with the old vectors meanwhile. A failure is logged and retried at next start.
 */
export async function refreshStaleCatalogEmbeddings(
  db: Db,
  embedder: Pick<Embedder, "model"> | null,
  log: Pick<Console, "log" | "warn"> = console,
  send: typeof sendEvents = sendEvents,
) {
  if (!embedder) return [];
  try {
    const stale = await catalogsWithStaleVectorTexts(db, { model: embedder.model });
    if (stale.length) {
      await send(stale.map((c) => appEvent.catalogEmbedRequested(c, { after: "texts-rule", model: embedder.model, version: CATALOG_SEARCH_KEYS_VERSION })));
      log.log(`[docket] catalog embeddings: ${stale.length} catalog(s) embedded before the current text rule are being refreshed (only changed texts)`);
    }
    return stale;
  } catch (err) {
    log.warn(`[docket] could not refresh stale catalog embeddings (lookup by meaning may miss their changed texts; retried at next start): ${(err as Error).message}`);
    return [];
  }
}
