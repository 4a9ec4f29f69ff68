import { AsyncLocalStorage } from "node:async_hooks";

// Work that must wait for a transaction's commit: sending events, waking the runner. Inside `untilCommit(run)` (the
// role-checking transaction of an action, lib/action.ts) `afterCommit(fn)` queues `fn`; the caller runs the queue
// once the transaction has committed and drops it when it rolled back. Outside one, `afterCommit(fn)` runs `fn` at
// once. So a service written "write, then send" keeps its order whether its caller holds a transaction or not — and
// on PGlite (one connection) an event send never waits for the very transaction it was sent from.

type Work = () => Promise<void> | void;

// `open` turns false when `run` returns: async work it started and left running (a loop it woke up, say) then runs
// its `afterCommit` calls at once instead of queueing them where nobody would run them.
const scope = new AsyncLocalStorage<{ open: boolean; pending: Work[] }>();

/** Run `fn` after the enclosing `untilCommit` scope's transaction commits, or now when there is none. */
export async function afterCommit(fn: Work): Promise<void> {
  const s = scope.getStore();
  if (s?.open) s.pending.push(fn);
  else await fn();
}

/** Run `run` (inside a transaction) collecting its `afterCommit` work; the caller runs `flush` after the commit. */
export async function untilCommit<T>(run: () => Promise<T>): Promise<{ result: T; flush: () => Promise<void> }> {
  const s = { open: true, pending: [] as Work[] };
  try {
    const result = await scope.run(s, run);
    return {
      result,
      flush: async () => {
        for (const fn of s.pending) await fn();
      },
    };
  } finally {
    s.open = false;
  }
}
