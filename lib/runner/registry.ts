import type { Database } from "@/db/client";
import type { Clock } from "./clock";

// The runner started in this process, if any. `inngest.send()` in embedded mode persists events into its
// database and wakes its loop; without one (e.g. DOCKET_RUNNER=off next to a standalone `npm run runner`)
// events go to the app database and the worker that shares it picks them up on its next poll.

export interface ActiveRunner {
  readonly database: Database;
  readonly clockNow: number;
  wake(): void;
}

const g = globalThis as unknown as { __docketActiveRunner?: ActiveRunner };

export function setActiveRunner(runner: ActiveRunner) {
  g.__docketActiveRunner = runner;
}

export function clearActiveRunner(runner: ActiveRunner) {
  if (g.__docketActiveRunner === runner) g.__docketActiveRunner = undefined;
}

export function activeRunner(): ActiveRunner | undefined {
  return g.__docketActiveRunner;
}

export type { Clock };
