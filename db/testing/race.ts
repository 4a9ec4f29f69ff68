import type { Db } from "../client";

// Races between two connections (PostgreSQL): one change held open in its own transaction while another runs.

/**
 * Runs `fn` in a transaction of its own (its own connection) and holds it open until `release()`; `inFlight` settles
 * once `fn` has written, `done` once the transaction has committed.
 */
export function heldTransaction(db: Db, fn: (tx: Db) => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let written!: () => void;
  const inFlight = new Promise<void>((r) => (written = r));
  const done = db.transaction(async (tx) => {
    await fn(tx as unknown as Db);
    written();
    await gate;
  });
  return { inFlight, release, done };
}

/** Whether `p` settles within `ms` (a call waiting on a lock does not). */
export const settlesWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
