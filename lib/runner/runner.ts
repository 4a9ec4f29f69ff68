import os from "node:os";
import { eq, lte } from "drizzle-orm";
import type { Inngest, InngestFunction } from "inngest";
import type { Database, Db } from "@/db/client";
import { runnerWorkers } from "@/db/schema/runner";
import { acquireSlots, claimDueRuns, releaseRun, renewClaims } from "./claims";
import { systemClock, type Clock } from "./clock";
import { at, type RunnerContext, type RunnerLog } from "./context";
import { fireCrons, syncCrons } from "./cron-triggers";
import { executeRun } from "./execution";
import { fanOutEvents } from "./fan-out";
import { RunnerConfigError, specsFromSync, type FunctionSpec } from "./functions";
import { newId } from "./ids";
import { processIdentity, provablyDead } from "./liveness";
import { SdkEndpoint, serialize } from "./protocol";
import { activeRunner, clearActiveRunner, setActiveRunner } from "./registry";
import { insertEvents, PRUNE_BATCH, pruneHistory, releaseDeadWorkerClaims } from "./store";


// The embedded Inngest executor. One worker loop per process:
//   tick = fan out new events (triggers, waitForEvent, cancelOn) → fire due crons → claim due runs
// A claimed run is executed job by job (call the function / wake a sleep / time out a wait) until nothing of
// it is due, then released. Claims are rows in runner_runs taken with FOR UPDATE SKIP LOCKED and held for
// `claimTtlMs` (renewed while working), so a crashed worker's runs are picked up again after the TTL — or at
// once when the crashed worker ran on this machine and is provably dead (lib/runner/liveness; checked at start
// and every few seconds).
// Every SDK response is applied in one transaction (memoized step + next job), so a step whose result is
// stored never runs again, and a step that was mid-flight when the process died simply runs again.

export interface StartRunnerOptions {
  database: Database;
  clock?: Clock;
  /** The functions to serve (the app passes its registry, inngest/functions): the runner imports none itself. */
  functions: InngestFunction.Any[];
  /** The client the functions were created with (the app's, inngest/client). */
  client: Inngest.Any;
  /** The process's app runner: starting it again on the same database (Next dev reloads) returns the running one. */
  shared?: boolean;
  /** Idle poll interval of the background loop (work from this process wakes it at once). */
  pollMs?: number;
  /** Runs executed at once by this worker. */
  concurrency?: number;
  claimTtlMs?: number;
  /** Delay before retry `attempt` (1 = first retry). Default: 1s·2^(attempt-1), capped at 10 min. */
  backoff?: (attempt: number) => number;
  /** false: no background loop; the caller drives the runner with tick()/drain() (tests). */
  loop?: boolean;
  workerId?: string;
  log?: RunnerLog;
  /** Finished runs, processed events and silent workers older than this are deleted (hourly); 0 keeps everything. Default 30 days. */
  retentionMs?: number;
  /** Take the claims of provably dead workers on this machine at once (default true; false waits for the TTL). */
  releaseDeadClaims?: boolean;
}

export interface RunnerHandle {
  readonly workerId: string;
  readonly functions: readonly FunctionSpec[];
  /** Persist events as `inngest.send()` does (same dedupe by id). */
  send(events: unknown): Promise<string[]>;
  /** One pass of the loop; returns how much work it started. */
  tick(): Promise<number>;
  /** Work until nothing is due at the clock's current time and nothing is in flight. */
  drain(): Promise<void>;
  wake(): void;
  /** In-process liveness for /api/health. */
  status(): { workerId: string; alive: boolean; lastTickAt: number | null; inflight: number; functions: number };
  stop(): Promise<void>;
}

export const defaultBackoff = (attempt: number) => Math.min(1000 * 2 ** Math.max(0, attempt - 1), 600_000);

/** How often a worker looks for dead workers' claims (besides at start). */
const DEAD_CHECK_MS = 3000;

// The worker loop: the runner's state in this process and the order of one tick. The parts it drives take it as
// their RunnerContext: fan-out.ts (events), cron-triggers.ts, claims.ts, execution.ts (+ apply-result.ts).
class Runner implements RunnerHandle, RunnerContext {
  readonly workerId: string;
  functions: FunctionSpec[] = [];
  readonly specs = new Map<string, FunctionSpec>();
  readonly db: Db;
  readonly clock: Clock;
  readonly endpoint: SdkEndpoint;
  private readonly pollMs: number;
  private readonly capacity: number;
  readonly claimTtlMs: number;
  readonly backoff: (attempt: number) => number;
  readonly log: RunnerLog;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly blocked = new Set<string>();
  private tickChain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | null = null;
  private lastTickReal: number | null = null;
  private lastWorkerBeat = 0;
  private lastWorkerBeatClock = 0;
  readonly cancelEvents = new Set<string>();
  private eventsHint = true;
  private nextCronAt = 0;
  private nextPruneAt = 0;
  private readonly retentionMs: number;
  private readonly releaseDeadClaims: boolean;
  private readonly identity = processIdentity();
  private nextDeadCheckAt = 0;
  readonly shared: boolean;

  constructor(
    readonly database: Database,
    opts: StartRunnerOptions,
    client: Inngest.Any,
    fns: InngestFunction.Any[],
  ) {
    this.db = database.db;
    this.clock = opts.clock ?? systemClock;
    this.endpoint = new SdkEndpoint(client, fns);
    this.pollMs = opts.pollMs ?? (database.engine === "postgres" ? 1000 : 250);
    this.capacity = Math.max(1, opts.concurrency ?? 8);
    this.claimTtlMs = opts.claimTtlMs ?? 30_000;
    this.backoff = opts.backoff ?? defaultBackoff;
    this.retentionMs = opts.retentionMs ?? 30 * 86_400_000;
    this.releaseDeadClaims = opts.releaseDeadClaims ?? true;
    this.shared = opts.shared ?? false;
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${newId().slice(-6)}`;
    this.log =
      opts.log ??
      ((level, message, extra) => {
        const line = `[runner] ${message}`;
        if (level === "error") console.error(line, extra ?? "");
        else if (level === "warn") console.warn(line, extra ?? "");
      });
  }

  get clockNow() {
    return this.clock.now();
  }

  async start(loop: boolean) {
    const sync = await this.endpoint.sync();
    this.functions = specsFromSync(sync.functions);
    for (const spec of this.functions) {
      this.specs.set(spec.id, spec);
      for (const c of spec.cancel) this.cancelEvents.add(c.event);
    }
    await syncCrons(this);
    // Forget workers that stopped or died more than a day ago.
    await this.db.delete(runnerWorkers).where(lte(runnerWorkers.lastTickAt, at(this.clock.now() - 86_400_000)));
    await this.beat(true);
    this.heartbeat = setInterval(() => void renewClaims(this, [...this.inflight.keys()]).catch((err) => this.log("error", "claim renewal failed", err)), Math.max(1000, this.claimTtlMs / 3));
    this.heartbeat.unref?.();
    setActiveRunner(this);
    if (loop) this.loopDone = this.loop();
  }

  // ——— loop ———————————————————————————————————————————————————————————————

  private async loop() {
    while (!this.stopped) {
      let worked = 0;
      try {
        worked = await this.tick();
      } catch (err) {
        this.log("error", "loop tick failed", err);
      }
      if (this.stopped) break;
      if (worked === 0 || this.inflight.size >= this.capacity) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
        this.blocked.clear(); // slots held by other workers may have been released meanwhile
        this.eventsHint = true; // events written by other processes
        this.nextCronAt = Math.min(this.nextCronAt, this.clock.now());
      }
    }
  }

  /** New events may be waiting (called by the event sink and after local sends). */
  wake() {
    this.eventsHint = true;
    this.wakeUp?.();
  }

  tick(): Promise<number> {
    const next = this.tickChain.then(() => this.tickOnce());
    this.tickChain = next.catch(() => undefined);
    return next;
  }

  private async tickOnce(): Promise<number> {
    if (this.stopped) return 0;
    this.lastTickReal = Date.now();
    await this.beat(false);
    let worked = 0;
    // Events and crons are checked when something may be there: a local send or run failure set the hint,
    // and every idle poll sets it again for work written by other processes.
    if (this.eventsHint) {
      this.eventsHint = false;
      for (let n = await fanOutEvents(this); n > 0; n = await fanOutEvents(this)) worked += n;
    }
    if (this.clock.now() >= this.nextCronAt) {
      const crons = await fireCrons(this);
      this.nextCronAt = crons.nextAt;
      worked += crons.fired;
    }
    if (this.releaseDeadClaims && Date.now() >= this.nextDeadCheckAt) await this.releaseDeadWorkers();
    worked += await this.claimRuns();
    if (this.retentionMs > 0 && this.clock.now() >= this.nextPruneAt) await this.prune();
    return worked;
  }

  /** Claims of workers on this machine that provably died (kill -9, crash, OOM) are taken now, not after their TTL. */
  private async releaseDeadWorkers() {
    this.nextDeadCheckAt = Date.now() + DEAD_CHECK_MS;
    try {
      const r = await releaseDeadWorkerClaims(this.db, { self: this.workerId, now: this.clock.now(), isDead: provablyDead });
      if (r.workers.length) this.log("info", `released ${r.runs} run(s) claimed by dead worker(s) ${r.workers.join(", ")}`);
    } catch (err) {
      this.log("warn", "releasing dead workers' claims failed", err);
    }
  }

  /** Keep the runner's tables to the retention window: one batch per tick while there is a backlog, then hourly. */
  private async prune() {
    const now = this.clock.now();
    try {
      const r = await pruneHistory(this.db, { before: now - this.retentionMs });
      this.nextPruneAt = r.runs === PRUNE_BATCH || r.events === PRUNE_BATCH ? now : now + 3_600_000;
      if (r.runs || r.events) this.log("info", `pruned ${r.runs} finished run(s) and ${r.events} event(s) older than ${Math.round(this.retentionMs / 86_400_000)} days`);
    } catch (err) {
      this.nextPruneAt = now + 3_600_000;
      this.log("warn", "pruning old runs failed", err);
    }
  }

  async drain(): Promise<void> {
    this.eventsHint = true;
    for (let round = 0; round < 100_000; round++) {
      const worked = await this.tick();
      const pending = [...this.inflight.values()];
      await Promise.all(pending);
      if (worked === 0 && pending.length === 0) return;
    }
    throw new Error("drain(): work never settled (a function keeps creating due work)");
  }

  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.wake();
    await this.loopDone;
    await this.tickChain;
    await Promise.all([...this.inflight.values()]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    clearActiveRunner(this);
    await this.db
      .update(runnerWorkers)
      .set({ stoppedAt: at(this.clock.now()) })
      .where(eq(runnerWorkers.id, this.workerId))
      .catch(() => undefined);
  }

  status() {
    return {
      workerId: this.workerId,
      alive: !this.stopped && this.lastTickReal !== null && Date.now() - this.lastTickReal < this.pollMs * 3 + 30_000,
      lastTickAt: this.lastTickReal,
      inflight: this.inflight.size,
      functions: this.functions.length,
    };
  }

  async send(events: unknown): Promise<string[]> {
    const ids = await insertEvents(this.db, events, { now: this.clock.now() });
    this.wake();
    return ids;
  }

  private async beat(force: boolean) {
    const real = Date.now();
    const clockNow = this.clock.now();
    if (!force && real - this.lastWorkerBeat < 5000 && Math.abs(clockNow - this.lastWorkerBeatClock) < 5000) return;
    this.lastWorkerBeat = real;
    this.lastWorkerBeatClock = clockNow;
    const now = at(clockNow);
    await this.db
      .insert(runnerWorkers)
      .values({ id: this.workerId, host: os.hostname(), pid: process.pid, process: this.identity, functions: this.functions.length, startedAt: now, lastTickAt: now })
      .onConflictDoUpdate({ target: runnerWorkers.id, set: { lastTickAt: now, functions: this.functions.length } });
  }



  // ——— claims → execution ————————————————————————————————————————————————

  /** Claim what is due (up to the free capacity) and start executing each claimed run in the background. */
  private async claimRuns(): Promise<number> {
    const room = this.capacity - this.inflight.size;
    if (room <= 0) return 0;
    const claimed = await claimDueRuns(this, { room, exclude: [...this.blocked, ...this.inflight.keys()] });
    let started = 0;
    for (const run of claimed) {
      const id = run.id;
      const spec = this.specs.get(run.functionId);
      if (spec && !(await acquireSlots(this, spec, run))) {
        this.blocked.add(id);
        await releaseRun(this, id);
        continue;
      }
      started++;
      const hooks = { stopping: () => this.stopped, runFailed: () => void (this.eventsHint = true) };
      const work = executeRun(this, run, spec, hooks)
        .catch((err) => this.log("error", `run ${id} failed in the runner`, err))
        .finally(() => {
          this.inflight.delete(id);
          if (spec?.concurrency.length) this.blocked.clear(); // a slot was freed
          this.wakeUp?.();
        });
      this.inflight.set(id, work);
    }
    return started;
  }
}

/**
 * Start the embedded runner on `database`: sync the served functions in-band (refusing options it does not
 * honour), then run the worker loop. Call `stop()` on shutdown.
 */
export async function startRunner(opts: StartRunnerOptions): Promise<RunnerHandle> {
  // One worker loop per process: starting the app's runner again (Next dev reloads instrumentation) returns it.
  const active = activeRunner();
  if (opts.shared && active instanceof Runner && active.shared && active.database === opts.database) return active;
  const runner = new Runner(opts.database, opts, opts.client, opts.functions);
  try {
    await runner.start(opts.loop ?? true);
  } catch (err) {
    await runner.stop().catch(() => undefined);
    throw err;
  }
  return runner;
}

export { RunnerConfigError, serialize };

