import { and, eq, lte, sql } from "drizzle-orm";
import { runnerCrons } from "@/db/schema/runner";
import { at, type RunnerContext } from "./context";
import { createRun, CRON_EVENT, insertInternalEvent, type EventPayload } from "./store";

// Cron triggers: the schedules of the served functions live in runner_crons (one row per function and schedule),
// so every worker on the database sees when the next one is due and exactly one fires it.

/** Make runner_crons hold exactly the served functions' schedules (new ones due at their next tick). */
export async function syncCrons(ctx: RunnerContext) {
  const now = ctx.clock.now();
  const wanted = ctx.functions.flatMap((f) => f.crons.map((c) => ({ functionId: f.id, schedule: c.source, nextAt: at(c.next(now)) })));
  await ctx.db.transaction(async (tx) => {
    const existing = await tx.select().from(runnerCrons);
    for (const row of existing) {
      if (!wanted.some((w) => w.functionId === row.functionId && w.schedule === row.schedule)) {
        await tx.delete(runnerCrons).where(and(eq(runnerCrons.functionId, row.functionId), eq(runnerCrons.schedule, row.schedule)));
      }
    }
    if (wanted.length > 0) await tx.insert(runnerCrons).values(wanted).onConflictDoNothing();
  });
}

/**
 * Fire every due schedule once (a cron event with a deterministic id, so two workers never fire one tick twice) and
 * move it to its next tick. Returns how many runs started and when the earliest schedule is next due.
 */
export async function fireCrons(ctx: RunnerContext): Promise<{ fired: number; nextAt: number }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(runnerCrons)
      .where(lte(runnerCrons.nextAt, at(now)))
      .for("update", { skipLocked: true });
    let fired = 0;
    for (const row of due) {
      const spec = ctx.specs.get(row.functionId);
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
    return { fired, nextAt: earliest?.at ? new Date(earliest.at).getTime() : Infinity };
  });
}
