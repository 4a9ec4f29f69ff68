import path from "node:path";
import { env } from "@/lib/env";
import { migrateDatabase, openDatabase, type Database, type Db } from "./client";

export type { Db, Database } from "./client";

// One database per process, kept on globalThis so Next's dev hot reload reuses it (PGlite must not be opened twice).
const g = globalThis as unknown as { __docketDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  g.__docketDatabase ??= (async () => {
    const e = env();
    const database = e.DATABASE_URL
      ? await openDatabase({ url: e.DATABASE_URL })
      : await openDatabase({ dataDir: path.join(e.DOCKET_DATA_DIR, "db") });
    if (!e.DOCKET_SKIP_MIGRATE) await migrateDatabase(database);
    return database;
  })().catch((err) => {
    g.__docketDatabase = undefined;
    throw err;
  });
  return g.__docketDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
