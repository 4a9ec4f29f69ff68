import type { Db } from "@/db/client";
import { rekeyStaleCatalogs } from "@/db/queries/insurance/catalogs";

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
