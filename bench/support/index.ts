// Shared by the bench/ scripts (this folder is not a benchmark itself: bench/run.ts runs only bench/*.ts).
import pg from "pg";
import { migrateDatabase, openDatabase, type Database } from "@/db/client";

export { hasFlag, numberArg, stringArg } from "./args";
export const fmt = (n: number) => n.toLocaleString("en-US");
export const msSince = (t0: number) => Math.round(performance.now() - t0);
export const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Run `fn` on a migrated scratch database on the PostgreSQL server (created and dropped here). Returns undefined,
 * with a warning, when the server cannot be reached: benchmarks report what they could measure.
 */
export async function withScratchPostgres<T>(prefix: string, fn: (database: Database, migrated: { vector: boolean }) => Promise<T>): Promise<T | undefined> {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (err) {
    console.warn(`PostgreSQL skipped: ${(err as Error).message}`);
    return undefined;
  }
  const name = `${prefix}_${process.pid}`;
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString() });
    try {
      return await fn(database, await migrateDatabase(database));
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end().catch(() => {});
  }
}
