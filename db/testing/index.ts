import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "../client";
import { withDatabase } from "./global-setup";

let counter = 0;

/**
 * A migrated database of its own for a test file: PGlite (unit project) or a fresh PostgreSQL database
 * (pg project, `npm run test:pg`). Call `close()` in afterAll; on PostgreSQL it also drops the database.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  const engine = process.env.DOCKET_TEST_ENGINE ?? "pglite";
  if (engine === "postgres") {
    const template = inject("pgTemplate");
    const adminUrl = inject("pgAdminUrl");
    const name = `docket_t_${process.ppid}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${template}`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(adminUrl, name);
    const database = await openDatabase({ url, poolMax: 8 });
    const close = database.close;
    return {
      ...database,
      url,
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dump = fs.readFileSync(inject("pgliteDump"));
  return openDatabase({ loadDataDir: new Blob([dump]) });
}

/**
 * Make `database` the one `getDatabase()` (db/index.ts) returns in this process, for tests that run the app's own
 * functions and services with their default dependencies.
 */
export function useAsAppDatabase(database: Database) {
  (globalThis as { __docketDatabase?: Promise<Database> }).__docketDatabase = Promise.resolve(database);
}

export { createTestUser, type TestUser } from "./users";
