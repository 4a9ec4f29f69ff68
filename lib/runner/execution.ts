import { and, asc, eq, lte } from "drizzle-orm";
import { runnerJobs, runnerRuns, runnerSteps, runnerWaits, type RunnerJob, type RunnerRun, type RunnerStep } from "@/db/schema/runner";
import { applyResult, type RunState } from "./apply-result";
import { releaseRun } from "./claims";
import { at, type RunnerContext } from "./context";
import type { FunctionSpec } from "./functions";
import { failRun, pushStack, terminal, upsertJob } from "./store";

// Execution of a claimed run: one job at a time — call the function through the SDK endpoint with the memoized
// steps, or resolve a timer (sleep over, wait or invoke timed out) — each applied in one transaction that
// re-reads the run FOR UPDATE, so a step whose result is stored never runs again.

const MAX_JOBS_PER_CLAIM = 200;

/**
 * Execute a claimed run (its slots already held) job by job until nothing of it is due, then release it.
 * `hooks.stopping()` ends the loop early (the worker stops); `hooks.runFailed()` is told when a run failed, so
 * the worker fans out its inngest/function.failed event.
 */
export async function executeRun(
  ctx: RunnerContext,
  first: RunnerRun,
  spec: FunctionSpec | undefined,
  hooks: { stopping(): boolean; runFailed(): void },
): Promise<void> {
  const runId = first.id;
  try {
    if (!spec) {
      await ctx.db.transaction((tx) =>
        failRun(tx, first, { name: "RunnerError", message: `Function "${first.functionId}" is not served by this app` }, ctx.clock.now()),
      );
      hooks.runFailed();
      return;
    }
    // Run and steps are kept in memory between jobs; every transaction re-reads the run FOR UPDATE and
    // compares its stack with the one the SDK was called with, so a change made meanwhile by someone else
    // (an event resolving a wait, a child run finishing, a cancel) is never overwritten: the result is
    // dropped and the run is reloaded.
    // The claimed row is fresh; a run that never started has no steps to load.
    const state: RunState = { run: first, steps: new Map(), reload: false };
    if (first.startedAt) {
      const steps = await ctx.db.select().from(runnerSteps).where(eq(runnerSteps.runId, runId));
      state.steps = new Map(steps.map((s) => [s.hashedId, s]));
    }
    for (let i = 0; i < MAX_JOBS_PER_CLAIM && !hooks.stopping(); i++) {
      const now = ctx.clock.now();
      const [job] = await ctx.db
        .select()
        .from(runnerJobs)
        .where(and(eq(runnerJobs.runId, runId), lte(runnerJobs.dueAt, at(now))))
        .orderBy(asc(runnerJobs.dueAt), asc(runnerJobs.id))
        .limit(1);
      if (!job) break;
      if (state.reload) {
        const run = await loadRun(ctx, runId);
        if (!run) break;
        state.run = run;
        const steps = await ctx.db.select().from(runnerSteps).where(eq(runnerSteps.runId, runId));
        state.steps = new Map(steps.map((s) => [s.hashedId, s]));
        state.reload = false;
      }
      if (terminal.includes(state.run.status)) break;
      await handleJob(ctx, spec, state, job);
      if (state.run.status === "failed") hooks.runFailed(); // its inngest/function.failed event
      if (terminal.includes(state.run.status)) break;
    }
  } finally {
    await releaseRun(ctx, runId, spec?.concurrency.length ? true : false);
  }
}

async function loadRun(ctx: RunnerContext, runId: string): Promise<RunnerRun | undefined> {
  const [run] = await ctx.db.select().from(runnerRuns).where(eq(runnerRuns.id, runId));
  return run;
}

async function handleJob(ctx: RunnerContext, spec: FunctionSpec, state: RunState, job: RunnerJob) {
  if (job.kind === "call") return callFunction(ctx, spec, state, job);
  const now = ctx.clock.now();
  const run = state.run;
  // Timers: resolve the step (sleep over, wait timed out, invoke timed out) and call the function again.
  state.reload = true;
  await ctx.db.transaction(async (tx) => {
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

function memo(steps: Map<string, RunnerStep>) {
  const memo: Record<string, { data: unknown } | { error: unknown }> = {};
  for (const s of steps.values()) {
    if (s.status === "completed") memo[s.hashedId] = { data: s.output ?? null };
    else if (s.status === "failed") memo[s.hashedId] = { error: s.error };
  }
  return memo;
}

async function callFunction(ctx: RunnerContext, spec: FunctionSpec, state: RunState, job: RunnerJob) {
  const run = state.run;
  const sentStack = run.stack ?? [];
  const startedAt = ctx.clock.now();
  const result = await ctx.endpoint.call(
    {
      functionId: spec.id,
      stepId: job.hashedId,
      event: run.event,
      steps: memo(state.steps),
      runId: run.id,
      attempt: job.attempt,
      maxAttempts: run.maxAttempts,
      disableImmediateExecution: run.disableImmediate,
      stack: sentStack,
    },
    startedAt,
  );
  const now = ctx.clock.now();

  await ctx.db.transaction(async (tx) => {
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
    const outcome = await applyResult(ctx, tx, spec, live, state, job, result, startedAt, now);
    state.run = outcome;
  });
}

