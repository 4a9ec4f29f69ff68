import os from "node:os";
import { and, asc, eq, inArray, lte, notInArray, sql } from "drizzle-orm";
import type { Inngest, InngestFunction } from "inngest";
import { rows, type Database, type Db } from "@/db/client";
import {
  runnerConcurrency,
  runnerCrons,
  runnerEvents,
  runnerJobs,
  runnerRuns,
  runnerSteps,
  runnerWaits,
  runnerWorkers,
  type JobKind,
  type RunnerJob,
  type RunnerRun,
  type RunnerStep,
} from "@/db/schema/runner";
import { systemClock, type Clock } from "./clock";
import { parseDuration, sleepTarget } from "./duration";
import { compileExpression, UnsupportedExpressionError } from "./expression";
import { RunnerConfigError, specsFromSync, type FunctionSpec } from "./functions";
import { newId } from "./ids";
import { SdkEndpoint, serialize, type SdkOp } from "./protocol";
import { activeRunner, clearActiveRunner, setActiveRunner } from "./registry";
import {
  cancelRunTx,
  completeRun,
  createRun,
  createRuns,
  CRON_EVENT,
  failRun,
  insertEvents,
  insertInternalEvent,
  INVOKED_EVENT,
  pushStack,
  terminal,
  upsertJob,
  type EventPayload,
  type JsonError,
  type NewRun,
  pruneHistory,
  PRUNE_BATCH,
  releaseDeadWorkerClaims,
} from "./store";
import { processIdentity, provablyDead } from "./liveness";

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
  /** Functions to serve; default: the app registry (inngest/functions). */
  functions?: InngestFunction.Any[];
  /** Client the functions were created with; default: the app client (inngest/client). */
  client?: Inngest.Any;
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
  log?: (level: "info" | "warn" | "error", message: string, extra?: unknown) => void;
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

const at = (ms: number) => new Date(ms);
const MAX_JOBS_PER_CLAIM = 200;
/** How often a worker looks for dead workers' claims (besides at start). */
const DEAD_CHECK_MS = 3000;

class Runner implements RunnerHandle {
  readonly workerId: string;
  functions: FunctionSpec[] = [];
  private readonly specs = new Map<string, FunctionSpec>();
  private readonly db;
  private readonly clock: Clock;
  private readonly endpoint: SdkEndpoint;
  private readonly pollMs: number;
  private readonly capacity: number;
  private readonly claimTtlMs: number;
  private readonly backoff: (attempt: number) => number;
  private readonly log: NonNullable<StartRunnerOptions["log"]>;
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
  private readonly cancelEvents = new Set<string>();
  private eventsHint = true;
  private nextCronAt = 0;
  private nextPruneAt = 0;
  private readonly retentionMs: number;
  private readonly releaseDeadClaims: boolean;
  private readonly identity = processIdentity();
  private nextDeadCheckAt = 0;

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
    await this.syncCrons();
    // Forget workers that stopped or died more than a day ago.
    await this.db.delete(runnerWorkers).where(lte(runnerWorkers.lastTickAt, at(this.clock.now() - 86_400_000)));
    await this.beat(true);
    this.heartbeat = setInterval(() => void this.renewClaims().catch((err) => this.log("error", "claim renewal failed", err)), Math.max(1000, this.claimTtlMs / 3));
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
      for (let n = await this.processEvents(); n > 0; n = await this.processEvents()) worked += n;
    }
    if (this.clock.now() >= this.nextCronAt) worked += await this.fireCrons();
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

  private async renewClaims() {
    if (this.inflight.size === 0) return;
    const expires = at(this.clock.now() + this.claimTtlMs);
    const ids = [...this.inflight.keys()];
    await this.db.update(runnerRuns).set({ claimExpiresAt: expires }).where(and(eq(runnerRuns.claimedBy, this.workerId), inArray(runnerRuns.id, ids)));
    await this.db.update(runnerConcurrency).set({ expiresAt: expires }).where(inArray(runnerConcurrency.runId, ids));
  }

  // ——— events: triggers, waits, cancellations —————————————————————————————

  private async processEvents(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const batch = await tx
        .select()
        .from(runnerEvents)
        .where(sql`${runnerEvents.processedAt} is null`)
        .orderBy(asc(runnerEvents.receivedAt), asc(runnerEvents.id))
        .limit(100)
        .for("update", { skipLocked: true });
      if (batch.length === 0) return 0;
      const names = [...new Set(batch.map((b) => b.name))];
      const waited = new Set(
        (await tx.selectDistinct({ name: runnerWaits.eventName }).from(runnerWaits).where(inArray(runnerWaits.eventName, names))).map((w) => w.name),
      );
      const newRuns: NewRun[] = [];
      for (const row of batch) {
        const event = row.payload as EventPayload;
        for (const spec of this.functions) {
          const trigger = spec.eventTriggers.find((t) => t.event === event.name && (!t.filter || t.filter.test({ event })));
          if (trigger) newRuns.push({ spec, event, trigger: event.name });
        }
      }
      // Runs first, then waits and cancellations, in event order per kind (all in this one transaction).
      await createRuns(tx, newRuns, now);
      for (const row of batch) {
        const event = row.payload as EventPayload;
        if (waited.has(event.name)) await this.matchWaits(tx, event, row.receivedAt.getTime(), now);
        if (this.cancelEvents.has(event.name)) await this.matchCancels(tx, event, now);
      }
      await tx
        .update(runnerEvents)
        .set({ processedAt: at(now) })
        .where(inArray(runnerEvents.id, batch.map((b) => b.id)));
      return batch.length;
    });
  }

  private async matchWaits(tx: Db, event: EventPayload, receivedAt: number, now: number) {
    const waits = await tx
      .select({ wait: runnerWaits, runEvent: runnerRuns.event })
      .from(runnerWaits)
      .innerJoin(runnerRuns, eq(runnerRuns.id, runnerWaits.runId))
      .where(and(eq(runnerWaits.eventName, event.name), lte(runnerWaits.createdAt, at(receivedAt)), sql`${runnerWaits.expiresAt} > ${at(now)}`));
    for (const { wait, runEvent } of waits) {
      if (wait.expression) {
        let ok = false;
        try {
          ok = compileExpression(wait.expression).test({ event: runEvent, async: event });
        } catch {
          ok = false; // unsupported expressions were refused when the wait was created
        }
        if (!ok) continue;
      }
      await tx.delete(runnerWaits).where(and(eq(runnerWaits.runId, wait.runId), eq(runnerWaits.hashedId, wait.hashedId)));
      await tx
        .update(runnerSteps)
        .set({ status: "completed", output: event, endedAt: at(now), updatedAt: at(now) })
        .where(and(eq(runnerSteps.runId, wait.runId), eq(runnerSteps.hashedId, wait.hashedId)));
      await tx
        .delete(runnerJobs)
        .where(and(eq(runnerJobs.runId, wait.runId), eq(runnerJobs.kind, "wait-timeout"), eq(runnerJobs.hashedId, wait.hashedId)));
      await pushStack(tx, wait.runId, [wait.hashedId]);
      await upsertJob(tx, { runId: wait.runId, kind: "call", hashedId: "step", attempt: 0, dueAt: now }, now, "keep");
    }
  }

  private async matchCancels(tx: Db, event: EventPayload, now: number) {
    for (const spec of this.functions) {
      for (const c of spec.cancel) {
        if (c.event !== event.name) continue;
        const active = await tx
          .select({ id: runnerRuns.id, event: runnerRuns.event, createdAt: runnerRuns.createdAt })
          .from(runnerRuns)
          .where(and(eq(runnerRuns.functionId, spec.id), notInArray(runnerRuns.status, terminal)));
        for (const run of active) {
          if (c.timeoutMs !== undefined && run.createdAt.getTime() + c.timeoutMs < now) continue;
          if (c.match && !c.match.test({ event: run.event, async: event })) continue;
          await cancelRunTx(tx, run.id, now, `Cancelled by event ${event.name} (${event.id})`);
        }
      }
    }
  }

  // ——— cron ————————————————————————————————————————————————————————————————

  private async syncCrons() {
    const now = this.clock.now();
    const wanted = this.functions.flatMap((f) => f.crons.map((c) => ({ functionId: f.id, schedule: c.source, nextAt: at(c.next(now)) })));
    await this.db.transaction(async (tx) => {
      const existing = await tx.select().from(runnerCrons);
      for (const row of existing) {
        if (!wanted.some((w) => w.functionId === row.functionId && w.schedule === row.schedule)) {
          await tx.delete(runnerCrons).where(and(eq(runnerCrons.functionId, row.functionId), eq(runnerCrons.schedule, row.schedule)));
        }
      }
      if (wanted.length > 0) await tx.insert(runnerCrons).values(wanted).onConflictDoNothing();
    });
  }

  private async fireCrons(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(runnerCrons)
        .where(lte(runnerCrons.nextAt, at(now)))
        .for("update", { skipLocked: true });
      let fired = 0;
      for (const row of due) {
        const spec = this.specs.get(row.functionId);
        const schedule = spec?.crons.find((c) => c.source === row.schedule);
        if (!spec || !schedule) continue;
        const event: EventPayload = {
          id: `cron-${spec.id}-${row.nextAt.toISOString()}`,
          name: CRON_EVENT,
          data: { cron: row.schedule },
          ts: row.nextAt.getTime(),
        };
        if (await insertInternalEvent(tx, event, now, true)) {
          await createRun(tx, spec, event, { now, trigger: `cron(${row.schedule})` });
          fired++;
        }
        await tx
          .update(runnerCrons)
          .set({ nextAt: at(schedule.next(now)) })
          .where(and(eq(runnerCrons.functionId, row.functionId), eq(runnerCrons.schedule, row.schedule)));
      }
      const [earliest] = await tx.select({ at: sql<Date | string | null>`min(${runnerCrons.nextAt})` }).from(runnerCrons);
      this.nextCronAt = earliest?.at ? new Date(earliest.at).getTime() : Infinity;
      return fired;
    });
  }

  // ——— runs ————————————————————————————————————————————————————————————————

  private async claimRuns(): Promise<number> {
    const room = this.capacity - this.inflight.size;
    if (room <= 0) return 0;
    const now = this.clock.now();
    const exclude = [...this.blocked, ...this.inflight.keys()];
    const notExcluded = exclude.length ? sql`and id not in (${sql.join(exclude.map((id) => sql`${id}`), sql`, `)})` : sql``;
    const claimed = await this.db
      .update(runnerRuns)
      .set({ claimedBy: this.workerId, claimExpiresAt: at(now + this.claimTtlMs) })
      .where(
        sql`${runnerRuns.id} in (
          select id from runner_runs
          where due_at <= ${at(now).toISOString()}::timestamptz
            and (claimed_by is null or claim_expires_at < ${at(now).toISOString()}::timestamptz)
            ${notExcluded}
          order by due_at
          limit ${room}
          for update skip locked)`,
      )
      .returning();
    let started = 0;
    for (const run of claimed) {
      const id = run.id;
      const spec = this.specs.get(run.functionId);
      if (spec && !(await this.acquireSlots(spec, run))) {
        this.blocked.add(id);
        await this.release(id);
        continue;
      }
      started++;
      const work = this.executeRun(run, spec)
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

  /** Execute a claimed run (slots already held) until nothing of it is due, then release it. */
  private async executeRun(first: RunnerRun, spec: FunctionSpec | undefined): Promise<void> {
    const runId = first.id;
    try {
      if (!spec) {
        await this.db.transaction((tx) =>
          failRun(tx, first, { name: "RunnerError", message: `Function "${first.functionId}" is not served by this app` }, this.clock.now()),
        );
        this.eventsHint = true;
        return;
      }
      // Run and steps are kept in memory between jobs; every transaction re-reads the run FOR UPDATE and
      // compares its stack with the one the SDK was called with, so a change made meanwhile by someone else
      // (an event resolving a wait, a child run finishing, a cancel) is never overwritten: the result is
      // dropped and the run is reloaded.
      // The claimed row is fresh; a run that never started has no steps to load.
      const state: RunState = { run: first, steps: new Map(), reload: false };
      if (first.startedAt) {
        const steps = await this.db.select().from(runnerSteps).where(eq(runnerSteps.runId, runId));
        state.steps = new Map(steps.map((s) => [s.hashedId, s]));
      }
      for (let i = 0; i < MAX_JOBS_PER_CLAIM && !this.stopped; i++) {
        const now = this.clock.now();
        const [job] = await this.db
          .select()
          .from(runnerJobs)
          .where(and(eq(runnerJobs.runId, runId), lte(runnerJobs.dueAt, at(now))))
          .orderBy(asc(runnerJobs.dueAt), asc(runnerJobs.id))
          .limit(1);
        if (!job) break;
        if (state.reload) {
          const run = await this.loadRun(runId);
          if (!run) break;
          state.run = run;
          const steps = await this.db.select().from(runnerSteps).where(eq(runnerSteps.runId, runId));
          state.steps = new Map(steps.map((s) => [s.hashedId, s]));
          state.reload = false;
        }
        if (terminal.includes(state.run.status)) break;
        await this.handleJob(spec, state, job);
        if (state.run.status === "failed") this.eventsHint = true; // its inngest/function.failed event
        if (terminal.includes(state.run.status)) break;
      }
    } finally {
      await this.release(runId, spec?.concurrency.length ? true : false);
    }
  }

  private async loadRun(runId: string): Promise<RunnerRun | undefined> {
    const [run] = await this.db.select().from(runnerRuns).where(eq(runnerRuns.id, runId));
    return run;
  }

  private async release(runId: string, hasSlots = true) {
    const now = this.clock.now();
    if (hasSlots) await this.db.delete(runnerConcurrency).where(eq(runnerConcurrency.runId, runId));
    await this.db.execute(sql`
      update runner_runs r set
        claimed_by = null,
        claim_expires_at = null,
        updated_at = ${at(now).toISOString()}::timestamptz,
        due_at = case when r.status in ('completed', 'failed', 'cancelled') then null
                      else (select min(j.due_at) from runner_jobs j where j.run_id = r.id) end,
        status = case when r.status in ('completed', 'failed', 'cancelled') then r.status
                      when r.started_at is null then 'queued'
                      when exists (select 1 from runner_jobs j where j.run_id = r.id and j.kind = 'call') then 'running'
                      when exists (select 1 from runner_jobs j where j.run_id = r.id and j.kind = 'sleep') then 'sleeping'
                      else 'waiting' end
      where r.id = ${runId} and r.claimed_by = ${this.workerId}`);
  }

  /** Take one slot per concurrency limit (per key). Slots of dead workers expire with their claims. */
  private async acquireSlots(spec: FunctionSpec, run: RunnerRun): Promise<boolean> {
    if (spec.concurrency.length === 0) return true;
    const now = this.clock.now();
    const expires = at(now + this.claimTtlMs);
    for (const [index, limit] of spec.concurrency.entries()) {
      const scopeKey = `${index}:${limit.key ? limit.key(run.event) : ""}`;
      let got = false;
      for (let slot = 0; slot < limit.limit && !got; slot++) {
        const taken = rows<{ slot: number }>(
          await this.db.execute(sql`
            insert into runner_concurrency (function_id, scope_key, slot, run_id, expires_at)
            values (${spec.id}, ${scopeKey}, ${slot}, ${run.id}, ${expires.toISOString()}::timestamptz)
            on conflict (function_id, scope_key, slot) do update
              set run_id = excluded.run_id, expires_at = excluded.expires_at
              where runner_concurrency.expires_at < ${at(now).toISOString()}::timestamptz or runner_concurrency.run_id = excluded.run_id
            returning slot`),
        );
        got = taken.length > 0;
      }
      if (!got) {
        await this.db.delete(runnerConcurrency).where(eq(runnerConcurrency.runId, run.id));
        return false;
      }
    }
    return true;
  }

  // ——— jobs ————————————————————————————————————————————————————————————————

  private async handleJob(spec: FunctionSpec, state: RunState, job: RunnerJob) {
    if (job.kind === "call") return this.callFunction(spec, state, job);
    const now = this.clock.now();
    const run = state.run;
    // Timers: resolve the step (sleep over, wait timed out, invoke timed out) and call the function again.
    state.reload = true;
    await this.db.transaction(async (tx) => {
      const [live] = await tx.select().from(runnerRuns).where(eq(runnerRuns.id, run.id)).for("update");
      if (!live || terminal.includes(live.status)) return;
      await tx.delete(runnerJobs).where(eq(runnerJobs.id, job.id));
      if (job.kind === "sleep") {
        await tx
          .update(runnerSteps)
          .set({ status: "completed", output: null, endedAt: at(now), updatedAt: at(now) })
          .where(and(eq(runnerSteps.runId, run.id), eq(runnerSteps.hashedId, job.hashedId)));
      } else if (job.kind === "wait-timeout") {
        const gone = await tx
          .delete(runnerWaits)
          .where(and(eq(runnerWaits.runId, run.id), eq(runnerWaits.hashedId, job.hashedId)))
          .returning({ runId: runnerWaits.runId });
        if (gone.length === 0) return; // the event came first
        await tx
          .update(runnerSteps)
          .set({ status: "completed", output: null, endedAt: at(now), updatedAt: at(now) })
          .where(and(eq(runnerSteps.runId, run.id), eq(runnerSteps.hashedId, job.hashedId)));
      } else if (job.kind === "invoke-timeout") {
        const timedOut = await tx
          .update(runnerSteps)
          .set({
            status: "failed",
            error: { name: "InngestInvokeTimeoutError", message: "Timed out waiting for the invoked function to complete" },
            endedAt: at(now),
            updatedAt: at(now),
          })
          .where(and(eq(runnerSteps.runId, run.id), eq(runnerSteps.hashedId, job.hashedId), eq(runnerSteps.status, "invoking")))
          .returning({ runId: runnerSteps.runId });
        if (timedOut.length === 0) return;
      }
      await pushStack(tx, run.id, [job.hashedId]);
      await upsertJob(tx, { runId: run.id, kind: "call", hashedId: "step", attempt: 0, dueAt: now }, now, "keep");
    });
  }

  private memo(steps: Map<string, RunnerStep>) {
    const memo: Record<string, { data: unknown } | { error: unknown }> = {};
    for (const s of steps.values()) {
      if (s.status === "completed") memo[s.hashedId] = { data: s.output ?? null };
      else if (s.status === "failed") memo[s.hashedId] = { error: s.error };
    }
    return memo;
  }

  private async callFunction(spec: FunctionSpec, state: RunState, job: RunnerJob) {
    const run = state.run;
    const sentStack = run.stack ?? [];
    const startedAt = this.clock.now();
    const result = await this.endpoint.call(
      {
        functionId: spec.id,
        stepId: job.hashedId,
        event: run.event,
        steps: this.memo(state.steps),
        runId: run.id,
        attempt: job.attempt,
        maxAttempts: run.maxAttempts,
        disableImmediateExecution: run.disableImmediate,
        stack: sentStack,
      },
      startedAt,
    );
    const now = this.clock.now();

    await this.db.transaction(async (tx) => {
      const [live] = await tx.select().from(runnerRuns).where(eq(runnerRuns.id, run.id)).for("update");
      if (!live || terminal.includes(live.status)) {
        state.run = live ?? { ...run, status: "cancelled" };
        return;
      }
      if (JSON.stringify(live.stack ?? []) !== JSON.stringify(sentStack) || live.disableImmediate !== run.disableImmediate) {
        // Someone else resolved a step meanwhile: drop this result (the step may run again — at-least-once)
        // and call again with fresh state.
        state.reload = true;
        await upsertJob(tx, { runId: run.id, kind: "call", hashedId: "step", attempt: 0, dueAt: now }, now, "keep");
        return;
      }
      const outcome = await this.applyResult(tx, spec, live, state, job, result, startedAt, now);
      state.run = outcome;
    });
  }

  /** Apply one SDK response to the run, in the caller's transaction. Returns the run as it now is. */
  private async applyResult(
    tx: Db,
    spec: FunctionSpec,
    live: RunnerRun,
    state: RunState,
    job: RunnerJob,
    result: Awaited<ReturnType<SdkEndpoint["call"]>>,
    startedAt: number,
    now: number,
  ): Promise<RunnerRun> {
    const runId = live.id;
    const started = live.startedAt ?? at(startedAt);
    const cleanup = { waits: [...state.steps.values()].some((s) => s.op === "WaitForEvent"), slots: spec.concurrency.length > 0 };

    if (result.kind === "done") {
      await completeRun(tx, live, result.output, now, cleanup);
      if (!live.startedAt) await tx.update(runnerRuns).set({ startedAt: started }).where(eq(runnerRuns.id, runId));
      return { ...live, status: "completed", startedAt: started };
    }

    if (result.kind === "error") {
      const error = toJsonError(result.error);
      // A step that failed for good is rethrown by the SDK as the function's error: count that failure once.
      const rethrown = [...state.steps.values()].some((s) => s.status === "failed" && (s.error as JsonError | null)?.message === error.message);
      await tx
        .update(runnerRuns)
        .set({ failures: rethrown ? runnerRuns.failures : sql`${runnerRuns.failures} + 1`, error, startedAt: started })
        .where(eq(runnerRuns.id, runId));
      const next = job.attempt + 1;
      if (result.retriable && next < live.maxAttempts) {
        const dueAt = now + (result.retryAfterMs ?? this.backoff(next));
        await upsertJob(tx, { runId, kind: "call", hashedId: job.hashedId, attempt: next, dueAt }, now);
        return { ...live, startedAt: started };
      }
      await failRun(tx, live, error, now, cleanup);
      return { ...live, status: "failed", startedAt: started };
    }

    // 206: the ops the function reached.
    const progressed: string[] = [];
    const newJobs: { kind: JobKind; hashedId: string; attempt: number; dueAt: number; mode: "replace" | "keep" }[] = [];
    let failures = 0;
    let seq = state.steps.size;
    const upsertStep = async (op: SdkOp, fields: Partial<RunnerStep>) => {
      const prior = state.steps.get(op.id);
      const row: RunnerStep = {
        runId,
        hashedId: op.id,
        stepId: prior?.stepId ?? op.userland?.id ?? op.displayName ?? op.id,
        name: prior?.name ?? op.displayName ?? op.name ?? op.userland?.id ?? op.id,
        op: op.op,
        status: "running",
        output: prior?.output ?? null,
        error: prior?.error ?? null,
        attempts: prior?.attempts ?? 0,
        seq: prior?.seq ?? seq++,
        startedAt: prior?.startedAt ?? at(startedAt),
        endedAt: prior?.endedAt ?? null,
        updatedAt: at(now),
        ...fields,
      };
      const { runId: _r, hashedId: _h, ...set } = row;
      await tx.insert(runnerSteps).values(row).onConflictDoUpdate({ target: [runnerSteps.runId, runnerSteps.hashedId], set });
      state.steps.set(op.id, row);
    };

    for (const op of result.ops) {
      const prior = state.steps.get(op.id);
      switch (op.op) {
        case "StepRun":
          await upsertStep(op, { status: "completed", output: op.data ?? null, error: null, endedAt: at(now), attempts: (prior?.attempts ?? 0) + 1 });
          progressed.push(op.id);
          break;
        case "StepError": {
          const attempts = (prior?.attempts ?? 0) + 1;
          const next = job.attempt + 1;
          failures++;
          if (next < live.maxAttempts) {
            await upsertStep(op, { status: "retrying", error: toJsonError(op.error), attempts });
            newJobs.push({ kind: "call", hashedId: op.id, attempt: next, dueAt: now + (result.retryAfterMs ?? this.backoff(next)), mode: "replace" });
          } else {
            // The SDK only sends StepError while attempts remain; treat an exhausted one as final.
            await upsertStep(op, { status: "failed", error: toJsonError(op.error), endedAt: at(now), attempts });
            progressed.push(op.id);
          }
          break;
        }
        case "StepFailed":
          failures++;
          await upsertStep(op, { status: "failed", error: toJsonError(op.error), endedAt: at(now), attempts: (prior?.attempts ?? 0) + 1 });
          progressed.push(op.id);
          break;
        case "StepPlanned":
          if (prior && prior.status !== "planned") break; // already resolved or in progress
          await upsertStep(op, { status: "planned" });
          newJobs.push({ kind: "call", hashedId: op.id, attempt: 0, dueAt: now, mode: "keep" });
          break;
        case "Sleep": {
          if (prior) break;
          let wakeAt: number;
          try {
            wakeAt = sleepTarget(op.name ?? "", now);
          } catch (err) {
            await failRun(tx, live, { name: "RunnerError", message: `step "${op.displayName}": ${(err as Error).message}` }, now, cleanup);
            return { ...live, status: "failed" };
          }
          await upsertStep(op, { status: "sleeping", startedAt: at(now) });
          newJobs.push({ kind: "sleep", hashedId: op.id, attempt: 0, dueAt: Math.max(now, wakeAt), mode: "replace" });
          break;
        }
        case "WaitForEvent": {
          if (prior) break;
          const expr = op.opts?.if as string | undefined;
          try {
            if (expr) compileExpression(expr);
          } catch (err) {
            if (!(err instanceof UnsupportedExpressionError)) throw err;
            await failRun(tx, live, { name: "NonRetriableError", message: `waitForEvent "${op.displayName}": ${err.message}` }, now, cleanup);
            return { ...live, status: "failed" };
          }
          const timeoutMs = parseDuration(String(op.opts?.timeout ?? ""));
          await upsertStep(op, { status: "waiting", startedAt: at(now) });
          await tx
            .insert(runnerWaits)
            .values({ runId, hashedId: op.id, eventName: op.name ?? "", expression: expr ?? null, expiresAt: at(now + timeoutMs), createdAt: at(now) })
            .onConflictDoNothing();
          newJobs.push({ kind: "wait-timeout", hashedId: op.id, attempt: 0, dueAt: now + timeoutMs, mode: "replace" });
          break;
        }
        case "InvokeFunction": {
          if (prior) break;
          const opts = (op.opts ?? {}) as { function_id?: string; payload?: { data?: Record<string, unknown>; v?: string }; timeout?: string };
          const target = opts.function_id ? this.specs.get(opts.function_id) : undefined;
          if (!target) {
            await upsertStep(op, {
              status: "failed",
              error: { name: "Error", message: `Invoked function "${opts.function_id}" is not served by this app` },
              startedAt: at(now),
              endedAt: at(now),
            });
            progressed.push(op.id);
            break;
          }
          await upsertStep(op, { status: "invoking", startedAt: at(now) });
          const event: EventPayload = {
            id: `invoke-${runId}-${op.id}`,
            name: INVOKED_EVENT,
            data: { ...(opts.payload?.data ?? {}), _inngest: { source_fn_id: spec.id, source_run_id: runId, invoke_correlation_id: `${runId}.${op.id}` } },
            ts: now,
            ...(opts.payload?.v ? { v: opts.payload.v } : {}),
          };
          await insertInternalEvent(tx, event, now, true);
          await createRun(tx, target, event, { now, trigger: `invoke(${spec.id})`, parentRunId: runId, parentStepId: op.id });
          if (opts.timeout) {
            newJobs.push({ kind: "invoke-timeout", hashedId: op.id, attempt: 0, dueAt: now + parseDuration(opts.timeout), mode: "replace" });
          }
          break;
        }
        case "RunComplete":
          await completeRun(tx, live, op.data, now, cleanup);
          return { ...live, status: "completed" };
        default:
          await failRun(
            tx,
            live,
            { name: "NonRetriableError", message: `step "${op.displayName ?? op.id}" uses ${op.op}, which the embedded runner does not support` },
            now,
            cleanup,
          );
          return { ...live, status: "failed" };
      }
    }

    // Call the function again once no planned step of this run is left to execute (Promise.all resolves only
    // when all of them are memoized). A discovery call that ran a step cannot leave planned siblings behind.
    let discover = false;
    if (progressed.length > 0 && !newJobs.some((j) => j.kind === "call")) {
      discover =
        job.hashedId === "step" ||
        (
          await tx
            .select({ id: runnerJobs.id })
            .from(runnerJobs)
            .where(and(eq(runnerJobs.runId, runId), eq(runnerJobs.kind, "call"), sql`${runnerJobs.id} <> ${job.id}`))
            .limit(1)
        ).length === 0;
    }
    if (discover && job.hashedId === "step") {
      // Reuse the discovery job that was just processed.
      if (job.attempt !== 0 || job.dueAt.getTime() > now) {
        await tx.update(runnerJobs).set({ attempt: 0, dueAt: at(now) }).where(eq(runnerJobs.id, job.id));
      }
    } else {
      if (!newJobs.some((j) => j.kind === "call" && j.hashedId === job.hashedId)) await tx.delete(runnerJobs).where(eq(runnerJobs.id, job.id));
      if (discover) newJobs.push({ kind: "call", hashedId: "step", attempt: 0, dueAt: now, mode: "keep" });
    }
    for (const mode of ["replace", "keep"] as const) {
      const batch = newJobs.filter((j) => j.mode === mode);
      if (batch.length === 0) continue;
      const q = tx.insert(runnerJobs).values(batch.map((j) => ({ runId, kind: j.kind, hashedId: j.hashedId, attempt: j.attempt, dueAt: at(j.dueAt), createdAt: at(now) })));
      if (mode === "keep") await q.onConflictDoNothing();
      else await q.onConflictDoUpdate({ target: [runnerJobs.runId, runnerJobs.kind, runnerJobs.hashedId], set: { attempt: sql`excluded.attempt`, dueAt: sql`excluded.due_at` } });
    }

    const disableImmediate = live.disableImmediate || result.ops.length > 1;
    const stack = [...(live.stack ?? []), ...progressed];
    const earliest = newJobs.length || discover ? Math.min(...newJobs.map((j) => j.dueAt), discover ? now : Infinity) : null;
    await tx
      .update(runnerRuns)
      .set({
        ...(progressed.length ? { stack: sql`${runnerRuns.stack} || ${JSON.stringify(progressed)}::jsonb` } : {}),
        ...(disableImmediate !== live.disableImmediate ? { disableImmediate } : {}),
        ...(failures ? { failures: sql`${runnerRuns.failures} + ${failures}` } : {}),
        ...(earliest !== null ? { dueAt: sql`least(coalesce(${runnerRuns.dueAt}, ${at(earliest)}), ${at(earliest)})` } : {}),
        startedAt: started,
        updatedAt: at(now),
      })
      .where(eq(runnerRuns.id, runId));
    return { ...live, stack, disableImmediate, startedAt: started };
  }
}

interface RunState {
  run: RunnerRun;
  steps: Map<string, RunnerStep>;
  /** Reload run and steps from the database before the next job. */
  reload: boolean;
}

function toJsonError(value: unknown): JsonError {
  if (value && typeof value === "object" && "message" in value) {
    const v = value as Record<string, unknown>;
    return { ...v, name: String(v.name ?? "Error"), message: String(v.message) };
  }
  return { name: "Error", message: typeof value === "string" ? value : JSON.stringify(value) };
}

/**
 * Start the embedded runner on `database`: sync the served functions in-band (refusing options it does not
 * honour), then run the worker loop. Call `stop()` on shutdown.
 */
export async function startRunner(opts: StartRunnerOptions): Promise<RunnerHandle> {
  // One worker loop per process: starting the app's runner again (Next dev reloads instrumentation) returns it.
  const active = activeRunner();
  if (!opts.functions && active instanceof Runner && active.database === opts.database) return active;
  const client = opts.client ?? (await import("@/inngest/client")).inngest;
  const fns = opts.functions ?? (await import("@/inngest/functions")).functions;
  const runner = new Runner(opts.database, opts, client as Inngest.Any, fns);
  try {
    await runner.start(opts.loop ?? true);
  } catch (err) {
    await runner.stop().catch(() => undefined);
    throw err;
  }
  return runner;
}

export { RunnerConfigError, serialize };
