import { getDatabase } from "@/db";
import { isFreshDatabase, seedDemo, type DemoWork } from "@/db/seed";
import path from "node:path";
import { getBlobStore, removeStaleBlobTemps } from "@/lib/blob";
import { env } from "@/lib/env";
import { removeStaleStaging } from "@/lib/intake/receive";
import { startDocumentProcessing } from "@/services/documents/start-document-processing";
import { runnerEnabled } from "@/lib/runner/enabled";

const g = globalThis as unknown as { __docketStarted?: Promise<void> };

/** Hand the seed's documents to extraction and its cases to matching (stored as events until the runner runs). */
export async function startDemoWork(work: DemoWork) {
  await startDocumentProcessing(work.documents ?? []);
  const { startCaseMatching } = await import("@/services/insurance/start-case-matching");
  await startCaseMatching(work.cases ?? []);
}

/** Idempotent per process: database (migrated), demo seed on a fresh embedded database, background runner. */
export function startServerServices(): Promise<void> {
  g.__docketStarted ??= (async () => {
    const e = env(); // validates configuration; refuses to start with a clear message when it is wrong
    const database = await getDatabase();
    // what a killed process left half-written: upload staging files and local blob temp files
    void Promise.all([removeStaleStaging(), e.BLOB_READ_WRITE_TOKEN ? 0 : removeStaleBlobTemps(path.join(e.DOCKET_DATA_DIR, "blobs"))]).catch((err) =>
      console.warn("[docket] could not sweep temporary files:", (err as Error).message),
    );
    // catalogs keyed by an older search-key rule: re-keyed in the background, in pages (idempotent)
    // and, OpenAI on, catalogs embedded before the current text rule: their changed texts embedded again (a request each)
    void Promise.all([import("@/services/insurance/rekey-catalogs"), import("@/lib/insurance/embeddings")]).then(([{ rekeyCatalogSearchKeys, refreshStaleCatalogEmbeddings }, { embedderFromEnv }]) =>
      Promise.all([rekeyCatalogSearchKeys(database.db), refreshStaleCatalogEmbeddings(database.db, embedderFromEnv(e) ?? null)]),
    );
    if (!e.DATABASE_URL && !e.DOCKET_SKIP_SEED && e.NODE_ENV !== "production" && (await isFreshDatabase(database.db))) {
      const { workspaceId, ...work } = await seedDemo(database.db, await getBlobStore());
      await startDemoWork(work);
      console.log(`[docket] seeded the demo workspace (${workspaceId}); sign in as demo@docket.local`);
    }
    if (runnerEnabled(e)) {
      // The runner imports no function: it is handed the app's registry and client here (and in scripts/runner.ts).
      const [{ startRunner }, { inngest }, { functions }] = await Promise.all([import("@/lib/runner"), import("@/inngest/client"), import("@/inngest/functions")]);
      const runner = await startRunner({ database, client: inngest, functions, shared: true, retentionMs: e.DOCKET_RUNNER_RETENTION_DAYS * 86_400_000 });
      console.log(`[docket] embedded job runner started (${runner.functions.length} functions)`);
    }
    console.log(`[docket] database: ${database.engine}${database.hasVector ? " (pgvector on)" : ""}; background work: ${e.inngestMode}`);
  })();
  return g.__docketStarted;
}
