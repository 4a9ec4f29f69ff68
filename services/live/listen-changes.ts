import pg from "pg";
import type { Database } from "@/db/client";
import { CHANGES_CHANNEL, parseChange, type Change } from "@/db/notify";

// The database side of live progress: every status change the database announces (db/migrations/0012_live_changes:
// triggers → pg_notify on commit) reaches `onChange`. On PostgreSQL a dedicated client (not one of the pool's: a
// pooled connection goes back to others and LISTEN would leak with it) listens, so every app instance gets every
// change; when that connection drops, `onLost` says changes may have been missed and it reconnects with backoff.
// On PGlite the one process that owns the database listens in process.

export interface ChangeListener {
  close(): Promise<void>;
  /** True while the LISTEN is in place (for health and tests). */
  readonly listening: boolean;
}

export interface ListenHandlers {
  onChange(change: Change): void;
  /** Listening again after the connection was lost: changes made in between were not heard. */
  onLost(): void;
}

export async function listenForChanges(database: Pick<Database, "engine" | "pglite">, url: string | undefined, handlers: ListenHandlers): Promise<ChangeListener> {
  const receive = (payload: string | undefined) => {
    const change = parseChange(payload ?? "");
    if (change) handlers.onChange(change);
  };
  if (database.engine === "pglite") {
    const stop = await database.pglite!.listen(CHANGES_CHANNEL, receive);
    let on = true;
    return {
      get listening() {
        return on;
      },
      async close() {
        on = false;
        await stop();
      },
    };
  }
  if (!url) throw new Error("listenForChanges: a PostgreSQL database needs its connection URL");
  return postgresListener(url, receive, handlers);
}

const BACKOFF_MS = [250, 1_000, 2_000, 5_000, 10_000];

async function postgresListener(url: string, receive: (payload: string | undefined) => void, handlers: ListenHandlers): Promise<ChangeListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let on = false;
  let attempt = 0;
  let everListened = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, application_name: "docket-live" });
    let dropped = false;
    const drop = (err?: Error) => {
      if (dropped) return;
      dropped = true;
      on = false;
      c.removeAllListeners("notification");
      c.end().catch(() => undefined);
      if (closed) return;
      if (err) console.warn(`[live] change feed connection lost: ${err.message}; reconnecting`);
      schedule();
    };
    c.on("error", drop);
    c.on("end", () => drop(new Error("connection ended")));
    c.on("notification", (n) => {
      if (n.channel === CHANGES_CHANNEL) receive(n.payload);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    on = true;
    attempt = 0;
    if (everListened) handlers.onLost();
    everListened = true;
  };

  const schedule = () => {
    if (closed || retry) return;
    const wait = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)];
    retry = setTimeout(() => {
      retry = null;
      connect().catch((err: Error) => {
        console.warn(`[live] change feed could not connect: ${err.message}`);
        schedule();
      });
    }, wait);
    retry.unref?.();
  };

  await connect().catch((err: Error) => {
    // the app still starts; streams stay open and resync once the feed is back
    console.warn(`[live] change feed could not connect: ${err.message}`);
    everListened = true;
    schedule();
  });
  return {
    get listening() {
      return on;
    },
    async close() {
      closed = true;
      on = false;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
