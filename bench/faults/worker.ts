// One worker life for the fault-injection benchmark (bench/faults.ts), killed with -9 by the parent at a random
// moment. It runs the app's embedded runner with every app function, exactly as `npm run runner` does (database
// and blobs from DATABASE_URL / DOCKET_DATA_DIR), and reports on stdout:
//   MARK started {"orphans":{…}}  — runs a previous (killed) worker left claimed, by function and status
//   MARK progress {"ms":…}        — the first time one of those runs moved again (a step written or the run ended)
//   MARK idle                     — (with --final) nothing is left to do; the process then exits 0
// --keep-claims: the behaviour before dead-worker release (claims wait for their TTL).
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { rows } from "@/db/client";
import { startRunner } from "@/lib/runner";

const final = process.argv.includes("--final");
const keepClaims = process.argv.includes("--keep-claims");
const mark = (what: string, data?: unknown) => process.stdout.write(`MARK ${what}${data === undefined ? "" : ` ${JSON.stringify(data)}`}\n`);

const database = await getDatabase();
const db = database.db;
const t0 = Date.now();
const orphans = rows<{ id: string; function_id: string; status: string }>(
  await db.execute(sql`select id, function_id, status from runner_runs where claimed_by is not null and status not in ('completed', 'failed', 'cancelled')`),
);
const runner = await startRunner({
  database,
  loop: true,
  releaseDeadClaims: !keepClaims,
  log: (level, message, extra) => {
    if (level !== "info") process.stderr.write(`[runner ${level}] ${message} ${extra instanceof Error ? extra.stack : (extra ?? "")}\n`);
  },
});
const byFunction: Record<string, number> = {};
for (const o of orphans) byFunction[`${o.function_id.replace(/^docket-/, "")}:${o.status}`] = (byFunction[`${o.function_id.replace(/^docket-/, "")}:${o.status}`] ?? 0) + 1;
mark("started", { worker: runner.workerId, orphans: byFunction, startMs: Date.now() - t0 });

const ids = orphans.map((o) => o.id);
let progressed = ids.length === 0;
const since = new Date(t0).toISOString();
for (;;) {
  await new Promise((r) => setTimeout(r, 100));
  if (!progressed) {
    const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
    const [moved] = rows<{ n: number }>(
      await db.execute(sql`
        select (select count(*) from runner_steps where run_id in (${list}) and updated_at > ${since}::timestamptz)
             + (select count(*) from runner_runs where id in (${list}) and ended_at > ${since}::timestamptz) as n`),
    );
    if (Number(moved?.n) > 0) {
      progressed = true;
      mark("progress", { ms: Date.now() - t0 });
    }
  }
  if (final) {
    const [left] = rows<{ runs: number; events: number }>(
      await db.execute(sql`
        select (select count(*) from runner_runs where status not in ('completed', 'failed', 'cancelled'))::int as runs,
               (select count(*) from runner_events where processed_at is null)::int as events`),
    );
    if (Number(left?.runs) === 0 && Number(left?.events) === 0) {
      mark("idle");
      await runner.stop();
      await database.close();
      process.exit(0);
    }
  }
}
