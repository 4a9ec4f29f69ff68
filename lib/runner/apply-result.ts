import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runnerJobs, runnerRuns, runnerSteps, runnerWaits, type JobKind, type RunnerJob, type RunnerRun, type RunnerStep } from "@/db/schema/runner";
import { at, type RunnerContext } from "./context";
import { parseDuration, sleepTarget } from "./duration";
import { compileExpression, UnsupportedExpressionError } from "./expression";
import type { FunctionSpec } from "./functions";
import type { SdkEndpoint, SdkOp } from "./protocol";
import { completeRun, createRun, failRun, insertInternalEvent, INVOKED_EVENT, upsertJob, type EventPayload, type JsonError } from "./store";

// One SDK response applied to a run, in the caller's transaction: the function finished, failed (retry or
// fail for good), or reached ops — steps run, failed or planned, sleeps, waits, invokes — which become stored
// steps and the run's next jobs.

export interface RunState {
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

/** Apply one SDK response to the run, in the caller's transaction. Returns the run as it now is. */
export async function applyResult(
  ctx: RunnerContext,
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
      const dueAt = now + (result.retryAfterMs ?? ctx.backoff(next));
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
          newJobs.push({ kind: "call", hashedId: op.id, attempt: next, dueAt: now + (result.retryAfterMs ?? ctx.backoff(next)), mode: "replace" });
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
        const target = opts.function_id ? ctx.specs.get(opts.function_id) : undefined;
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
