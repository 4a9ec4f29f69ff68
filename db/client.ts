import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { vector } from "@electric-sql/pglite-pgvector";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg, type NodePgDatabase, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema";

// The one executor type every query takes: the database or a transaction on it (a transaction has the same query
// surface), on either engine. PGlite's driver has the same query-builder surface; the only shape difference
// (execute() results) is normalised by `rows()` below.
export type Db = PgDatabase<NodePgQueryResultHKT, typeof schema>;
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

/**
 * Throws when `tx` can no longer commit: a statement in it failed (its error caught by the code that ran it), so its
 * COMMIT would be a silent ROLLBACK. Called last in a transaction whose work is answered to a person as done.
 */
export async function assertTransactionUsable(tx: Db) {
  await tx.execute(sql`select 1`);
}

/** Rows of a `db.execute()` result on either engine. */
export function rows<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

// PGlite has no file lock of its own and a second process opening the same directory silently loses writes.
// We hold `<dataDir>.lock` with our pid and start time; a live holder makes the second opener wait a moment (a
// server shutting down) and then fail with a clear message. A holder that is gone, a zombie (killed, not yet reaped
// by its parent) or a different process that got the same pid later does not count: its lock is taken over.
const LOCK_WAIT_MS = 5_000;

interface LockHolder {
  pid: number;
  /** Process start time in clock ticks since boot (Linux /proc); null where unknown. */
  start: number | null;
}

async function acquireLock(dataDir: string): Promise<() => void> {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: LockHolder = { pid: process.pid, start: processStart(process.pid) };
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      const release = () => {
        try {
          if (readHolder(lockPath)?.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readHolder(lockPath);
      if (holder?.pid === process.pid) return () => {};
      if (holder && isRunning(holder)) {
        if (Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        throw new DatabaseLockedError(
          `The embedded database at ${path.resolve(dataDir)} is in use by process ${holder.pid}. ` +
            `Stop that process (e.g. the running \`npm run dev\`) or set DATABASE_URL to a PostgreSQL server.`,
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale lock from a process that died
    }
  }
}

function readHolder(lockPath: string): LockHolder | null {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, "utf8").trim();
  } catch {
    return null;
  }
  if (/^\d+$/.test(text)) return { pid: Number(text), start: null }; // written by an older version
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return typeof h.pid === "number" ? { pid: h.pid, start: typeof h.start === "number" ? h.start : null } : null;
  } catch {
    return null; // half-written by a process killed mid-write: nobody holds it
  }
}

/** Field 22 of /proc/<pid>/stat (start time); null off Linux or when the process is gone. */
function processStart(pid: number): number | null {
  const stat = procStat(pid);
  return stat ? Number(stat.fields[19]) : null;
}

/** /proc/<pid>/stat split after the command name (which may hold spaces and parentheses). */
function procStat(pid: number): { state: string; fields: string[] } | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], fields };
  } catch {
    return null;
  }
}

function isRunning(holder: LockHolder): boolean {
  if (fs.existsSync("/proc/self/stat")) {
    const stat = procStat(holder.pid);
    if (!stat) return false;
    if (stat.state === "Z" || stat.state === "X") return false; // killed, waiting to be reaped
    return holder.start === null || Number(stat.fields[19]) === holder.start; // else the pid was reused
  }
  try {
    process.kill(holder.pid, 0);
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
  const release = persistent ? await acquireLock(opts.dataDir!) : () => {};
  try {
    if (persistent) fs.mkdirSync(opts.dataDir!, { recursive: true });
    const pglite = await PGlite.create({
      dataDir: persistent ? opts.dataDir : undefined,
      loadDataDir: opts.loadDataDir,
      extensions: { pg_trgm, unaccent, vector },
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
    await migratePg(database.db as NodePgDatabase<typeof schema>, { migrationsFolder });
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
