import { eq, inArray, and, sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { runnerConcurrency, runnerRuns, type RunnerRun } from "@/db/schema/runner";
import { at, type RunnerContext } from "./context";
import type { FunctionSpec } from "./functions";

// Claims: a worker owns a run while its row says so (`claimed_by`, held for `claimTtlMs` and renewed while it
// works), taken with FOR UPDATE SKIP LOCKED so workers on one database never run the same run at once. A
// crashed worker's claims expire after the TTL (or are taken at once when it provably died: store.ts).
// Concurrency limits are slots in runner_concurrency, held by the run and expiring with its claim.

/** Claim up to `room` due runs that are not in `exclude` (already running here, or blocked on a slot). */
export async function claimDueRuns(ctx: RunnerContext, q: { room: number; exclude: readonly string[] }): Promise<RunnerRun[]> {
  const now = ctx.clock.now();
  const notExcluded = q.exclude.length ? sql`and id not in (${sql.join(q.exclude.map((id) => sql`${id}`), sql`, `)})` : sql``;
  return ctx.db
    .update(runnerRuns)
    .set({ claimedBy: ctx.workerId, claimExpiresAt: at(now + ctx.claimTtlMs) })
    .where(
      sql`${runnerRuns.id} in (
        select id from runner_runs
        where due_at <= ${at(now).toISOString()}::timestamptz
          and (claimed_by is null or claim_expires_at < ${at(now).toISOString()}::timestamptz)
          ${notExcluded}
        order by due_at
        limit ${q.room}
        for update skip locked)`,
    )
    .returning();
}

/** Keep holding the claims (and slots) of the runs this worker is executing. */
export async function renewClaims(ctx: RunnerContext, runIds: readonly string[]) {
  if (runIds.length === 0) return;
  const expires = at(ctx.clock.now() + ctx.claimTtlMs);
  const ids = [...runIds];
  await ctx.db.update(runnerRuns).set({ claimExpiresAt: expires }).where(and(eq(runnerRuns.claimedBy, ctx.workerId), inArray(runnerRuns.id, ids)));
  await ctx.db.update(runnerConcurrency).set({ expiresAt: expires }).where(inArray(runnerConcurrency.runId, ids));
}

/** Give a run back: free its slots, derive its status and next due time from its jobs, drop the claim. */
export async function releaseRun(ctx: RunnerContext, runId: string, hasSlots = true) {
  const now = ctx.clock.now();
  if (hasSlots) await ctx.db.delete(runnerConcurrency).where(eq(runnerConcurrency.runId, runId));
  await ctx.db.execute(sql`
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
    where r.id = ${runId} and r.claimed_by = ${ctx.workerId}`);
}

/** Take one slot per concurrency limit (per key). Slots of dead workers expire with their claims. */
export async function acquireSlots(ctx: RunnerContext, spec: FunctionSpec, run: RunnerRun): Promise<boolean> {
  if (spec.concurrency.length === 0) return true;
  const now = ctx.clock.now();
  const expires = at(now + ctx.claimTtlMs);
  for (const [index, limit] of spec.concurrency.entries()) {
    const scopeKey = `${index}:${limit.key ? limit.key(run.event) : ""}`;
    let got = false;
    for (let slot = 0; slot < limit.limit && !got; slot++) {
      const taken = rows<{ slot: number }>(
        await ctx.db.execute(sql`
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
      await ctx.db.delete(runnerConcurrency).where(eq(runnerConcurrency.runId, run.id));
      return false;
    }
  }
  return true;
}
