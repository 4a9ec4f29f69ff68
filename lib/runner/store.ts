import crypto from "node:crypto";
import { and, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  runnerConcurrency,
  runnerEvents,
  runnerJobs,
  runnerRuns,
  runnerSteps,
  runnerWaits,
  runnerWorkers,
  terminalRunStatuses,
  type JobKind,
  type RunnerRun,
  type RunStatus,
} from "@/db/schema/runner";
import type { FunctionSpec } from "./functions";
import { newId } from "./ids";
import { runMachine } from "@/lib/status/machines";

// Writes shared by the runner loop, the event sink and the Jobs page actions. Every function takes the
// handle it runs on (the db or an open transaction) and the time from the runner's clock.


export const FAILED_EVENT = "inngest/function.failed";
export const INVOKED_EVENT = "inngest/function.invoked";
export const CRON_EVENT = "inngest/scheduled.timer";

export interface EventPayload {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  v?: string;
  [key: string]: unknown;
}

export interface JsonError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

export const terminal = terminalRunStatuses as RunStatus[];

const at = (ms: number) => new Date(ms);

/** Event ids for events sent without one: derived from the SDK's per-send seed, so a retried send dedupes. */
function derivedEventId(seed: string | null, index: number, nowMs: number): string {
  if (!seed) return newId(nowMs);
  const [millis] = seed.split(",");
  const hash = crypto.createHash("sha256").update(`${seed}#${index}`).digest("hex").slice(0, 16).toUpperCase();
  return `${newId(Number(millis) || nowMs).slice(0, 10)}${hash}`;
}

export class EventValidationError extends Error {
  override name = "EventValidationError";
}

/**
 * Persist events (the embedded `inngest.send()`). A repeated id is ignored: it triggers nothing new.
 * Returns the ids in input order.
 */
export async function insertEvents(db: Db, input: unknown, opts: { now: number; seed?: string | null }): Promise<string[]> {
  const list = Array.isArray(input) ? input : [input];
  const events: EventPayload[] = list.map((raw, i) => {
    if (!raw || typeof raw !== "object") throw new EventValidationError(`Event ${i}: not an object`);
    const e = raw as Record<string, unknown>;
    if (typeof e.name !== "string" || e.name === "") throw new EventValidationError(`Event ${i}: "name" must be a non-empty string`);
    if (e.name.startsWith("inngest/")) throw new EventValidationError(`Event ${i}: "${e.name}" is reserved for Inngest`);
    if (e.data !== undefined && (e.data === null || typeof e.data !== "object" || Array.isArray(e.data))) {
      throw new EventValidationError(`Event ${i} (${e.name}): "data" must be an object`);
    }
    const id = typeof e.id === "string" && e.id !== "" ? e.id : derivedEventId(opts.seed ?? null, i, opts.now);
    const ts = typeof e.ts === "number" && Number.isFinite(e.ts) ? e.ts : opts.now;
    return { ...e, id, name: e.name, data: (e.data as Record<string, unknown>) ?? {}, ts };
  });
  if (events.length === 0) return [];
  await db
    .insert(runnerEvents)
    .values(events.map((e) => ({ id: e.id, name: e.name, payload: e, ts: at(e.ts), receivedAt: at(opts.now) })))
    .onConflictDoNothing();
  return events.map((e) => e.id);
}

/** Insert an internal event (onFailure, cron): already processed when `processed` is set. Returns false on a repeat. */
export async function insertInternalEvent(db: Db, event: EventPayload, now: number, processed = false): Promise<boolean> {
  const inserted = await db
    .insert(runnerEvents)
    .values({ id: event.id, name: event.name, payload: event, ts: at(event.ts), receivedAt: at(now), processedAt: processed ? at(now) : null })
    .onConflictDoNothing()
    .returning({ id: runnerEvents.id });
  return inserted.length > 0;
}

function workspaceOf(event: EventPayload): string | null {
  const ws = (event.data as { workspaceId?: unknown } | undefined)?.workspaceId;
  return typeof ws === "string" ? ws : null;
}

export interface NewRun {
  spec: FunctionSpec;
  event: EventPayload;
  trigger: string;
  parentRunId?: string;
  parentStepId?: string;
}

/** Create runs (queued, due now, each with its first call job) in two statements. Returns their ids. */
export async function createRuns(db: Db, runs: NewRun[], now: number): Promise<string[]> {
  if (runs.length === 0) return [];
  const ids = runs.map(() => newId(now));
  await db.insert(runnerRuns).values(
    runs.map((r, i) => ({
      id: ids[i]!,
      functionId: r.spec.id,
      workspaceId: workspaceOf(r.event),
      trigger: r.trigger,
      eventId: r.event.id,
      event: r.event,
      status: "queued" as const,
      maxAttempts: r.spec.maxAttempts,
      parentRunId: r.parentRunId ?? null,
      parentStepId: r.parentStepId ?? null,
      dueAt: at(now),
      createdAt: at(now),
      updatedAt: at(now),
    })),
  );
  await db
    .insert(runnerJobs)
    .values(ids.map((id) => ({ runId: id, kind: "call" as const, hashedId: "step", attempt: 0, dueAt: at(now), createdAt: at(now) })));
  return ids;
}

export async function createRun(
  db: Db,
  spec: FunctionSpec,
  event: EventPayload,
  opts: { now: number; trigger: string; parentRunId?: string; parentStepId?: string },
): Promise<string> {
  const [id] = await createRuns(db, [{ spec, event, trigger: opts.trigger, parentRunId: opts.parentRunId, parentStepId: opts.parentStepId }], opts.now);
  return id!;
}

/** Add (or move) a job and make sure the run is due no later than it. */
export async function upsertJob(
  db: Db,
  job: { runId: string; kind: JobKind; hashedId: string; attempt: number; dueAt: number },
  now: number,
  mode: "replace" | "keep" = "replace",
) {
  const q = db
    .insert(runnerJobs)
    .values({ ...job, dueAt: at(job.dueAt), createdAt: at(now) });
  if (mode === "keep") await q.onConflictDoNothing();
  else {
    await q.onConflictDoUpdate({
      target: [runnerJobs.runId, runnerJobs.kind, runnerJobs.hashedId],
      set: { attempt: job.attempt, dueAt: at(job.dueAt) },
    });
  }
  await db
    .update(runnerRuns)
    .set({ dueAt: sql`least(coalesce(${runnerRuns.dueAt}, ${at(job.dueAt)}), ${at(job.dueAt)})` })
    .where(and(eq(runnerRuns.id, job.runId), notInArray(runnerRuns.status, terminal)));
}

/** Append hashed step ids to the run's completion stack. */
export async function pushStack(db: Db, runId: string, hashedIds: string[]) {
  if (hashedIds.length === 0) return;
  await db
    .update(runnerRuns)
    .set({ stack: sql`${runnerRuns.stack} || ${JSON.stringify(hashedIds)}::jsonb` })
    .where(eq(runnerRuns.id, runId));
}

/** What a finished run may still own besides jobs; the runner skips deletes it knows are no-ops. */
export interface Cleanup {
  waits: boolean;
  slots: boolean;
}
const everything: Cleanup = { waits: true, slots: true };

async function clearRunWork(db: Db, runId: string, cleanup: Cleanup = everything) {
  await db.delete(runnerJobs).where(eq(runnerJobs.runId, runId));
  if (cleanup.waits) await db.delete(runnerWaits).where(eq(runnerWaits.runId, runId));
  if (cleanup.slots) await db.delete(runnerConcurrency).where(eq(runnerConcurrency.runId, runId));
}

/**
 * Resolve the `invoke` step of a parent run with its child's result (if the parent still waits on it) and make
 * the parent due.
 */
export async function resolveInvoke(
  db: Db,
  parent: { runId: string; hashedId: string },
  result: { data: unknown } | { error: JsonError },
  now: number,
) {
  const updated = await db
    .update(runnerSteps)
    .set(
      "error" in result
        ? { status: "failed", error: result.error, endedAt: at(now), updatedAt: at(now) }
        : { status: "completed", output: result.data ?? null, endedAt: at(now), updatedAt: at(now) },
    )
    .where(and(eq(runnerSteps.runId, parent.runId), eq(runnerSteps.hashedId, parent.hashedId), eq(runnerSteps.status, "invoking")))
    .returning({ runId: runnerSteps.runId });
  if (updated.length === 0) return;
  await db
    .delete(runnerJobs)
    .where(and(eq(runnerJobs.runId, parent.runId), eq(runnerJobs.kind, "invoke-timeout"), eq(runnerJobs.hashedId, parent.hashedId)));
  await pushStack(db, parent.runId, [parent.hashedId]);
  await upsertJob(db, { runId: parent.runId, kind: "call", hashedId: "step", attempt: 0, dueAt: now }, now, "keep");
}

export async function completeRun(
  db: Db,
  run: Pick<RunnerRun, "id" | "status" | "parentRunId" | "parentStepId">,
  output: unknown,
  now: number,
  cleanup?: Cleanup,
) {
  runMachine.assert(run.status, "completed");
  await db
    .update(runnerRuns)
    .set({ status: "completed", output: output ?? null, error: null, endedAt: at(now), dueAt: null, updatedAt: at(now) })
    .where(eq(runnerRuns.id, run.id));
  await clearRunWork(db, run.id, cleanup);
  if (run.parentRunId && run.parentStepId) {
    await resolveInvoke(db, { runId: run.parentRunId, hashedId: run.parentStepId }, { data: output }, now);
  }
}

export async function failRun(
  db: Db,
  run: Pick<RunnerRun, "id" | "status" | "functionId" | "event" | "parentRunId" | "parentStepId">,
  error: JsonError,
  now: number,
  cleanup?: Cleanup,
) {
  runMachine.assert(run.status, "failed");
  await db
    .update(runnerRuns)
    .set({ status: "failed", error, endedAt: at(now), dueAt: null, updatedAt: at(now) })
    .where(eq(runnerRuns.id, run.id));
  await clearRunWork(db, run.id, cleanup);
  // onFailure handlers are functions triggered by this event (`<id>-failure`, filtered on function_id).
  await insertInternalEvent(
    db,
    {
      id: `failed-${run.id}`,
      name: FAILED_EVENT,
      data: { function_id: run.functionId, run_id: run.id, error, event: run.event },
      ts: now,
    },
    now,
  );
  if (run.parentRunId && run.parentStepId) {
    await resolveInvoke(db, { runId: run.parentRunId, hashedId: run.parentStepId }, { error }, now);
  }
}

/** Cancel a run that has not finished. Returns false when it had already finished. */
export async function cancelRunTx(db: Db, runId: string, now: number, reason = "Cancelled"): Promise<boolean> {
  const updated = await db
    .update(runnerRuns)
    .set({ status: "cancelled", error: { name: "Cancelled", message: reason }, endedAt: at(now), dueAt: null, updatedAt: at(now) })
    .where(and(eq(runnerRuns.id, runId), inArray(runnerRuns.status, runMachine.from("cancelled"))))
    .returning({ parentRunId: runnerRuns.parentRunId, parentStepId: runnerRuns.parentStepId });
  if (updated.length === 0) return false;
  await clearRunWork(db, runId);
  const { parentRunId, parentStepId } = updated[0]!;
  if (parentRunId && parentStepId) {
    await resolveInvoke(db, { runId: parentRunId, hashedId: parentStepId }, { error: { name: "Cancelled", message: `Invoked run ${runId} was cancelled` } }, now);
  }
  return true;
}

/**
 * Retry a failed run from where it failed: memoized steps that completed stay memoized, the failed step's error
 * is dropped so it runs again, and the function is called afresh (attempt 0).
 */
export async function retryRunTx(db: Db, runId: string, now: number): Promise<boolean> {
  const [run] = await db.select().from(runnerRuns).where(eq(runnerRuns.id, runId)).for("update");
  if (!run || run.status !== "failed") return false; // only a failed run is retried (cancelled and completed are final)
  const to = run.startedAt ? "running" : "queued";
  runMachine.assert(run.status, to);
  const failed = await db
    .delete(runnerSteps)
    .where(and(eq(runnerSteps.runId, runId), inArray(runnerSteps.status, ["failed", "retrying", "planned", "running", "sleeping", "waiting", "invoking"])))
    .returning({ hashedId: runnerSteps.hashedId });
  const dropped = new Set(failed.map((s) => s.hashedId));
  await db
    .update(runnerRuns)
    .set({
      status: to,
      error: null,
      output: null,
      endedAt: null,
      stack: (run.stack ?? []).filter((h) => !dropped.has(h)),
      updatedAt: at(now),
    })
    .where(eq(runnerRuns.id, runId));
  await upsertJob(db, { runId, kind: "call", hashedId: "step", attempt: 0, dueAt: now }, now);
  return true;
}

export const PRUNE_BATCH = 1000;

/**
 * Forget history older than `before`: finished runs (completed, failed, cancelled) ended before it with their steps,
 * then processed events no remaining run refers to, then workers that stopped or went silent. One batch of runs per
 * call (the loop calls again while a batch was full), so a large backlog never holds a long transaction.
 * Event ids are deduplicated only while the event is kept (Inngest's own window is 24 hours).
 */
export async function pruneHistory(db: Db, q: { before: number; limit?: number }): Promise<{ runs: number; events: number; workers: number }> {
  const before = new Date(q.before);
  const limit = q.limit ?? PRUNE_BATCH;
  const old = await db
    .select({ id: runnerRuns.id })
    .from(runnerRuns)
    .where(and(inArray(runnerRuns.status, [...terminalRunStatuses]), sql`${runnerRuns.endedAt} < ${before}`))
    .limit(limit);
  const ids = old.map((r) => r.id);
  if (ids.length) {
    await db.transaction(async (tx) => {
      await tx.delete(runnerSteps).where(inArray(runnerSteps.runId, ids));
      await tx.delete(runnerJobs).where(inArray(runnerJobs.runId, ids));
      await tx.delete(runnerWaits).where(inArray(runnerWaits.runId, ids));
      await tx.delete(runnerConcurrency).where(inArray(runnerConcurrency.runId, ids));
      await tx.delete(runnerRuns).where(inArray(runnerRuns.id, ids));
    });
  }
  const events = await db.execute(sql`
    delete from runner_events e
    where e.id in (
      select id from runner_events ev
      where ev.processed_at is not null and ev.received_at < ${before}
        and not exists (select 1 from runner_runs r where r.event_id = ev.id)
      limit ${limit})`);
  const workers = await db.execute(sql`delete from runner_workers where coalesce(stopped_at, last_tick_at) < ${before}`);
  const affected = (r: unknown) => Number((r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? 0);
  return { runs: ids.length, events: affected(events), workers: affected(workers) };
}

/**
 * Forget a deleted workspace's background work (called in the transaction that deletes the workspace): its runs with
 * their steps, due jobs, waits and concurrency slots, and the events sent for it — processed or not, so nothing of it
 * starts again. The Jobs page of no one shows them any more. A run being executed at that moment finds its rows gone
 * and its writes land nowhere (its function fails on the workspace's missing rows anyway).
 */
export async function deleteWorkspaceRuns(db: Db, workspaceId: string): Promise<{ runs: number; events: number }> {
  const ids = sql`(select id from runner_runs where workspace_id = ${workspaceId})`;
  await db.delete(runnerSteps).where(inArray(runnerSteps.runId, ids));
  await db.delete(runnerJobs).where(inArray(runnerJobs.runId, ids));
  await db.delete(runnerWaits).where(inArray(runnerWaits.runId, ids));
  await db.delete(runnerConcurrency).where(inArray(runnerConcurrency.runId, ids));
  const runs = await db.delete(runnerRuns).where(eq(runnerRuns.workspaceId, workspaceId)).returning({ id: runnerRuns.id });
  const events = await db.delete(runnerEvents).where(sql`${runnerEvents.payload} -> 'data' ->> 'workspaceId' = ${workspaceId}`).returning({ id: runnerEvents.id });
  return { runs: runs.length, events: events.length };
}

/**
 * Give back at once the claims of workers that are provably dead (`isDead` on their recorded process identity,
 * lib/runner/liveness): their runs become claimable now instead of when the claim's TTL runs out, their
 * concurrency slots are freed, and the worker is marked stopped. Workers that cannot be proven dead (another
 * machine, no identity) are left alone: their claims expire as before. Returns the workers and runs released.
 */
export async function releaseDeadWorkerClaims(
  db: Db,
  q: { self: string; now: number; isDead: (processIdentity: string | null) => boolean },
): Promise<{ workers: string[]; runs: number }> {
  const candidates = await db
    .select({ id: runnerWorkers.id, process: runnerWorkers.process })
    .from(runnerWorkers)
    .where(and(isNull(runnerWorkers.stoppedAt), isNotNull(runnerWorkers.process), ne(runnerWorkers.id, q.self)));
  const dead = candidates.filter((w) => q.isDead(w.process)).map((w) => w.id);
  if (dead.length === 0) return { workers: [], runs: 0 };
  const runs = await db
    .update(runnerRuns)
    .set({ claimedBy: null, claimExpiresAt: null })
    .where(inArray(runnerRuns.claimedBy, dead))
    .returning({ id: runnerRuns.id });
  if (runs.length) {
    await db
      .update(runnerConcurrency)
      .set({ expiresAt: at(q.now) })
      .where(inArray(runnerConcurrency.runId, runs.map((r) => r.id)));
  }
  await db.update(runnerWorkers).set({ stoppedAt: at(q.now) }).where(inArray(runnerWorkers.id, dead));
  return { workers: dead, runs: runs.length };
}
