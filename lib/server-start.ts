import { getDatabase } from "@/db";
import { isFreshDatabase, seedDemo } from "@/db/seed";
import { getBlobStore } from "@/lib/blob";
import { env } from "@/lib/env";

const g = globalThis as unknown as { __docketStarted?: Promise<void> };

/** Idempotent per process: database (migrated), demo seed on a fresh embedded database, background runner. */
export function startServerServices(): Promise<void> {
  g.__docketStarted ??= (async () => {
    const e = env(); // validates configuration; refuses to start with a clear message when it is wrong
    const database = await getDatabase();
    if (!e.DATABASE_URL && !e.DOCKET_SKIP_SEED && e.NODE_ENV !== "production" && (await isFreshDatabase(database.db))) {
      const { workspaceId } = await seedDemo(database.db, await getBlobStore());
      console.log(`[docket] seeded the demo workspace (${workspaceId}); sign in as demo@docket.local`);
    }
    console.log(`[docket] database: ${database.engine}${database.hasVector ? " (pgvector on)" : ""}; background work: ${e.inngestMode}`);
  })();
  return g.__docketStarted;
}
