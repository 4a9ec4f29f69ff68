import { and, asc, eq, inArray, lte, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runnerEvents, runnerJobs, runnerRuns, runnerSteps, runnerWaits } from "@/db/schema/runner";
import { at, type RunnerContext } from "./context";
import { compileExpression } from "./expression";
import { cancelRunTx, createRuns, pushStack, terminal, upsertJob, type EventPayload, type NewRun } from "./store";

// Event fan-out: each stored event, once, in order — starts the runs it triggers, resolves the waitForEvent
// steps it matches and cancels the runs whose cancelOn it matches, all in one transaction per batch (taken
// with FOR UPDATE SKIP LOCKED, so several workers share the backlog).

/** Fan out one batch (≤ 100) of unprocessed events; returns how many were processed (0: none left). */
export async function fanOutEvents(ctx: RunnerContext): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
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
      for (const spec of ctx.functions) {
        const trigger = spec.eventTriggers.find((t) => t.event === event.name && (!t.filter || t.filter.test({ event })));
        if (trigger) newRuns.push({ spec, event, trigger: event.name });
      }
    }
    // Runs first, then waits and cancellations, in event order per kind (all in this one transaction).
    await createRuns(tx, newRuns, now);
    for (const row of batch) {
      const event = row.payload as EventPayload;
      if (waited.has(event.name)) await matchWaits(tx, event, row.receivedAt.getTime(), now);
      if (ctx.cancelEvents.has(event.name)) await matchCancels(ctx, tx, event, now);
    }
    await tx
      .update(runnerEvents)
      .set({ processedAt: at(now) })
      .where(inArray(runnerEvents.id, batch.map((b) => b.id)));
    return batch.length;
  });
}

async function matchWaits(tx: Db, event: EventPayload, receivedAt: number, now: number) {
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

async function matchCancels(ctx: RunnerContext, tx: Db, event: EventPayload, now: number) {
  for (const spec of ctx.functions) {
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
