import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rows } from "@/db/client";
import { runnerEvents, runnerJobs, runnerRuns, runnerSteps, runnerWorkers, type RunStatus } from "@/db/schema/runner";
import { cancelRunTx, retryRunTx } from "@/lib/runner/store";

// Reads and actions for the Jobs page, health and metrics. Runs belong to a workspace when their triggering
// event carried `data.workspaceId`; runs without one (cron, system work) are shown only with `includeSystem`.

export interface ListRunsInput {
  workspaceId: string;
  /** Also show runs that belong to no workspace (admins). */
  includeSystem?: boolean;
  status?: RunStatus | RunStatus[];
  functionId?: string;
  /** Runs created before this run id (ids sort by creation time): keyset pagination. */
  before?: string;
  limit?: number;
}

export interface RunListItem {
  id: string;
  functionId: string;
  trigger: string;
  status: RunStatus;
  workspaceId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  failures: number;
  error: string | null;
}

function scope(input: { workspaceId: string; includeSystem?: boolean }): SQL {
  return input.includeSystem
    ? or(eq(runnerRuns.workspaceId, input.workspaceId), isNull(runnerRuns.workspaceId))!
    : eq(runnerRuns.workspaceId, input.workspaceId);
}

const errorMessage = (e: unknown) => (e && typeof e === "object" && "message" in e ? String((e as { message: unknown }).message) : null);

export async function listRuns(db: Db, input: ListRunsInput): Promise<{ runs: RunListItem[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const where: SQL[] = [scope(input)];
  if (input.status) where.push(inArray(runnerRuns.status, Array.isArray(input.status) ? input.status : [input.status]));
  if (input.functionId) where.push(eq(runnerRuns.functionId, input.functionId));
  if (input.before) where.push(lt(runnerRuns.id, input.before));
  const found = await db
    .select({
      id: runnerRuns.id,
      functionId: runnerRuns.functionId,
      trigger: runnerRuns.trigger,
      status: runnerRuns.status,
      workspaceId: runnerRuns.workspaceId,
      createdAt: runnerRuns.createdAt,
      startedAt: runnerRuns.startedAt,
      endedAt: runnerRuns.endedAt,
      failures: runnerRuns.failures,
      error: runnerRuns.error,
    })
    .from(runnerRuns)
    .where(and(...where))
    .orderBy(desc(runnerRuns.id))
    .limit(limit + 1);
  const page = found.slice(0, limit).map((r) => ({ ...r, error: r.status === "completed" ? null : errorMessage(r.error) }));
  return { runs: page, nextBefore: found.length > limit ? page[page.length - 1]!.id : null };
}

export interface RunStepView {
  id: string;
  name: string;
  op: string;
  status: string;
  attempts: number;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  output: unknown;
}

export interface RunDetail extends RunListItem {
  event: unknown;
  output: unknown;
  errorDetail: unknown;
  parentRunId: string | null;
  steps: RunStepView[];
  /** When the next thing happens (retry, wake-up, timeout) if anything is scheduled. */
  nextDueAt: Date | null;
}

export async function getRun(db: Db, input: { workspaceId: string; runId: string; includeSystem?: boolean }): Promise<RunDetail | null> {
  const [run] = await db
    .select()
    .from(runnerRuns)
    .where(and(eq(runnerRuns.id, input.runId), scope(input)));
  if (!run) return null;
  const steps = await db.select().from(runnerSteps).where(eq(runnerSteps.runId, run.id)).orderBy(asc(runnerSteps.seq));
  return {
    id: run.id,
    functionId: run.functionId,
    trigger: run.trigger,
    status: run.status,
    workspaceId: run.workspaceId,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    failures: run.failures,
    error: run.status === "completed" ? null : errorMessage(run.error),
    errorDetail: run.error,
    event: run.event,
    output: run.output,
    parentRunId: run.parentRunId,
    nextDueAt: run.dueAt,
    steps: steps.map((s) => ({
      id: s.stepId,
      name: s.name,
      op: s.op,
      status: s.status,
      attempts: s.attempts,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      durationMs: s.startedAt && s.endedAt ? s.endedAt.getTime() - s.startedAt.getTime() : null,
      error: errorMessage(s.error),
      output: s.output,
    })),
  };
}

async function inScope(db: Db, input: { workspaceId: string; runId: string; includeSystem?: boolean }) {
  const [run] = await db
    .select({ id: runnerRuns.id })
    .from(runnerRuns)
    .where(and(eq(runnerRuns.id, input.runId), scope(input)));
  return Boolean(run);
}

/**
 * Retry a failed run from its failed step (completed steps stay memoized). Returns false when the run is not
 * in this workspace or not failed. Wake the local runner afterwards (`runner.wake()`) to start it at once.
 */
export async function retryRun(db: Db, input: { workspaceId: string; runId: string; includeSystem?: boolean; now?: Date }): Promise<boolean> {
  if (!(await inScope(db, input))) return false;
  return db.transaction((tx) => retryRunTx(tx, input.runId, (input.now ?? new Date()).getTime()));
}

/** Cancel a queued, running, sleeping or waiting run. Returns false when not in this workspace or already finished. */
export async function cancelRun(db: Db, input: { workspaceId: string; runId: string; includeSystem?: boolean; now?: Date }): Promise<boolean> {
  if (!(await inScope(db, input))) return false;
  return db.transaction((tx) => cancelRunTx(tx, input.runId, (input.now ?? new Date()).getTime(), "Cancelled from the Jobs page"));
}

export interface RunnerStats {
  /** Work due now: due jobs plus events not yet fanned out. */
  queueDepth: number;
  /** Age of the oldest due job or unprocessed event, in ms (0 when nothing is due). */
  oldestDueAgeMs: number;
  running: number;
  sleeping: number;
  waiting: number;
  queued: number;
  failedLast24h: number;
  failedTotal: number;
  completedLast24h: number;
  /** Some worker ticked within `aliveWithinMs`. */
  alive: boolean;
  lastTickAt: Date | null;
  workers: number;
}

/** Runner figures for /api/health and /api/metrics (not workspace-scoped: operators only). */
export async function runnerStats(db: Db, opts: { now?: Date; aliveWithinMs?: number } = {}): Promise<RunnerStats> {
  const now = opts.now ?? new Date();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [jobs] = await db
    .select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${runnerJobs.dueAt})` })
    .from(runnerJobs)
    .where(lte(runnerJobs.dueAt, now));
  const [events] = await db
    .select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${runnerEvents.receivedAt})` })
    .from(runnerEvents)
    .where(isNull(runnerEvents.processedAt));
  const byStatus = rows<{ status: RunStatus; n: number }>(
    await db.execute(sql`select status, count(*)::int as n from runner_runs where status not in ('completed', 'failed', 'cancelled') group by status`),
  );
  const [recent] = await db
    .select({
      failed: sql<number>`count(*) filter (where ${runnerRuns.status} = 'failed')::int`,
      completed: sql<number>`count(*) filter (where ${runnerRuns.status} = 'completed')::int`,
    })
    .from(runnerRuns)
    .where(gte(runnerRuns.endedAt, dayAgo));
  const [failedTotal] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(runnerRuns)
    .where(eq(runnerRuns.status, "failed"));
  // A worker that was killed never says it stopped: only those that ticked recently count as live.
  const aliveWithinMs = opts.aliveWithinMs ?? 60_000;
  const liveSince = new Date(now.getTime() - aliveWithinMs);
  const [workers] = await db
    .select({
      n: sql<number>`count(*) filter (where ${runnerWorkers.lastTickAt} >= ${liveSince.toISOString()})::int`,
      last: sql<string | null>`max(${runnerWorkers.lastTickAt})`,
    })
    .from(runnerWorkers)
    .where(isNull(runnerWorkers.stoppedAt));
  const oldest = [jobs?.oldest, events?.oldest].filter((v): v is string => Boolean(v)).map((v) => new Date(v).getTime());
  const lastTickAt = workers?.last ? new Date(workers.last) : null;
  const count = (s: RunStatus) => byStatus.find((r) => r.status === s)?.n ?? 0;
  return {
    queueDepth: Number(jobs?.n ?? 0) + Number(events?.n ?? 0),
    oldestDueAgeMs: oldest.length ? Math.max(0, now.getTime() - Math.min(...oldest)) : 0,
    running: count("running"),
    sleeping: count("sleeping"),
    waiting: count("waiting"),
    queued: count("queued"),
    failedLast24h: Number(recent?.failed ?? 0),
    completedLast24h: Number(recent?.completed ?? 0),
    failedTotal: Number(failedTotal?.n ?? 0),
    alive: lastTickAt !== null && now.getTime() - lastTickAt.getTime() <= aliveWithinMs,
    lastTickAt,
    workers: Number(workers?.n ?? 0),
  };
}
