import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema";

// One Drizzle handle type for both engines. PGlite's driver has the same query-builder surface;
// the only shape difference (execute() results) is normalised by `rows()` below.
export type Db = NodePgDatabase<typeof schema>;
export type Engine = "pglite" | "postgres";

export interface Database {
  db: Db;
  engine: Engine;
  /** True when the pgvector extension is available (PGlite always; PostgreSQL when installed). */
  hasVector: boolean;
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export class DatabaseLockedError extends Error {
  override name = "DatabaseLockedError";
}

/** Rows of a `db.execute()` result on either engine. */
export function rows<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

// PGlite has no file lock of its own and a second process opening the same directory silently loses writes.
// We hold `<dataDir>.lock` with our pid; a live holder makes the second opener fail with a clear message.
function acquireLock(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (holder === process.pid) return () => {};
      if (holder && isAlive(holder)) {
        throw new DatabaseLockedError(
          `The embedded database at ${path.resolve(dataDir)} is in use by process ${holder}. ` +
            `Stop that process (e.g. the running \`npm run dev\`) or set DATABASE_URL to a PostgreSQL server.`,
        );
      }
      fs.unlinkSync(lockPath); // stale lock from a process that died
    }
  }
  throw new DatabaseLockedError(`Could not lock ${lockPath}`);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface OpenOptions {
  /** postgres://… → node-postgres pool. Otherwise PGlite. */
  url?: string;
  /** PGlite data directory; "memory://" or undefined for in-memory. */
  dataDir?: string;
  /** PGlite: start from a dumped data directory (tests). */
  loadDataDir?: Blob;
  poolMax?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolMax ?? 10 });
    pool.on("error", (err) => console.error("[db] idle client error", err));
    const db = drizzlePg(pool, { schema });
    const ext = await pool.query<{ name: string }>(
      "select name from pg_available_extensions where name = 'vector'",
    );
    return {
      db,
      engine: "postgres",
      hasVector: ext.rows.length > 0,
      pool,
      close: () => pool.end(),
    };
  }
  const persistent = opts.dataDir && !opts.dataDir.startsWith("memory://");
  const release = persistent ? acquireLock(opts.dataDir!) : () => {};
  try {
    if (persistent) fs.mkdirSync(opts.dataDir!, { recursive: true });
    const pglite = await PGlite.create({
      dataDir: persistent ? opts.dataDir : undefined,
      loadDataDir: opts.loadDataDir,
      extensions: { pg_trgm, vector },
    });
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      db,
      engine: "pglite",
      hasVector: true,
      pglite,
      close: async () => {
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Apply pending migrations (one transaction), then optional extras that must not break the batch. */
export async function migrateDatabase(database: Database): Promise<{ vector: boolean }> {
  if (database.engine === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
  } else {
    await migratePg(database.db, { migrationsFolder });
  }
  // pgvector is optional: Debian's PostgreSQL here has none. Kept out of the migration set so its absence
  // cannot roll back the schema. Modules check `database.hasVector` before using vector columns.
  let vectorOn = false;
  if (database.hasVector) {
    try {
      await database.db.execute(sql`create extension if not exists vector`);
      vectorOn = true;
    } catch (err) {
      console.warn("[db] pgvector present but could not be enabled:", (err as Error).message);
    }
  }
  database.hasVector = vectorOn;
  return { vector: vectorOn };
}

/** Names of migrations on disk that the database has not applied yet (for /api/health). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  let applied: { created_at: string }[] = [];
  try {
    applied = rows<{ created_at: string }>(
      await db.execute(sql`select created_at from drizzle.__drizzle_migrations`),
    );
  } catch {
    return journal.entries.map((e) => e.tag);
  }
  const done = new Set(applied.map((r) => Number(r.created_at)));
  return journal.entries.filter((e) => !done.has(e.when)).map((e) => e.tag);
}
