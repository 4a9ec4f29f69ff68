import type { Db } from "@/db/client";
import type { Clock } from "./clock";
import type { FunctionSpec } from "./functions";
import type { SdkEndpoint } from "./protocol";

// What the runner's parts (fan-out, crons, claims, execution) share: the worker's settings and the functions it
// serves. The worker loop (runner.ts) is the one implementation; the parts take it as their first argument.

export type RunnerLog = (level: "info" | "warn" | "error", message: string, extra?: unknown) => void;

export interface RunnerContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly workerId: string;
  /** How long a claim (and a concurrency slot) is held without renewal. */
  readonly claimTtlMs: number;
  /** Delay before retry `attempt` (1 = first retry). */
  readonly backoff: (attempt: number) => number;
  /** The served functions, as synced from the SDK, in order and by id. */
  readonly functions: readonly FunctionSpec[];
  readonly specs: ReadonlyMap<string, FunctionSpec>;
  /** Event names some function cancels on. */
  readonly cancelEvents: ReadonlySet<string>;
  readonly endpoint: SdkEndpoint;
  readonly log: RunnerLog;
}

export const at = (ms: number) => new Date(ms);
