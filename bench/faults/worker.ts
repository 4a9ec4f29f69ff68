// One worker life for the fault-injection benchmark (bench/faults.ts), killed with -9 by the parent at a random
// moment. It runs the app's embedded runner with every app function, exactly as `npm run runner` does (database
// and blobs from DATABASE_URL / DOCKET_DATA_DIR), and reports on stdout:
//   MARK started {"orphans":{…}}  — runs a previous (killed) worker left claimed, by function and status, and their ids
//   MARK measured {"ms":…}        — (with --measure) the previous life's recovery time, see below
//   MARK progress {"ms":…}        — this life's own recovery time, once it has moved one of its orphans
//   MARK idle                     — (with --final) nothing is left to do; the process then exits 0
// --keep-claims: the behaviour before dead-worker release (claims wait for their TTL).
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { rows } from "@/db/client";
import { startRunner } from "@/lib/runner";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

const final = process.argv.includes("--final");
const keepClaims = process.argv.includes("--keep-claims");
const mark = (what: string, data?: unknown) => process.stdout.write(`MARK ${what}${data === undefined ? "" : ` ${JSON.stringify(data)}`}\n`);

const database = await getDatabase();
const db = database.db;
const t0 = Date.now();
const orphans = rows<{ id: string; function_id: string; status: string }>(
  await db.execute(sql`select id, function_id, status from runner_runs where claimed_by is not null and status not in ('completed', 'failed', 'cancelled')`),
);
// Recovery of the previous life (--measure <spawn ms> <worker id> <run ids>): the earliest moment that worker took a
// run its predecessor left claimed (claimed at = claim expiry − TTL, read from the database, so a busy event loop
// does not skew it), wrote a step of one, or finished one — minus the moment the parent spawned it. The final life
// measures itself the same way once it has moved one of its own orphans.
const CLAIM_TTL_MS = 30_000;
async function recoveredAt(spawnMs: number, workerId: string, runIds: string[]): Promise<number | null> {
  if (runIds.length === 0) return null;
  const list = sql.join(runIds.map((id) => sql`${id}`), sql`, `);
  const after = new Date(spawnMs).toISOString();
  const [r] = rows<{ at: string | Date | null }>(
    await db.execute(sql`
      select least(
        (select min(claim_expires_at) - make_interval(secs => ${CLAIM_TTL_MS / 1000}) from runner_runs where id in (${list}) and claimed_by = ${workerId}),
        (select min(updated_at) from runner_steps where run_id in (${list}) and updated_at > ${after}::timestamptz),
        (select min(ended_at) from runner_runs where id in (${list}) and ended_at > ${after}::timestamptz)) as at`),
  );
  return r?.at ? new Date(r.at).getTime() - spawnMs : null;
}
const measure = process.argv.indexOf("--measure");
if (measure >= 0) {
  const [spawnMs, workerId, ids] = process.argv.slice(measure + 1, measure + 4);
  mark("measured", { ms: await recoveredAt(Number(spawnMs), workerId!, ids ? ids.split(",").filter(Boolean) : []) });
}

const runner = await startRunner({
  database,
  client: inngest,
  functions,
  loop: true,
  releaseDeadClaims: !keepClaims,
  log: (level, message, extra) => {
    if (level !== "info") process.stderr.write(`[runner ${level}] ${message} ${extra instanceof Error ? extra.stack : (extra ?? "")}\n`);
  },
});
const byFunction: Record<string, number> = {};
for (const o of orphans) byFunction[`${o.function_id.replace(/^docket-/, "")}:${o.status}`] = (byFunction[`${o.function_id.replace(/^docket-/, "")}:${o.status}`] ?? 0) + 1;
const ids = orphans.map((o) => o.id);
mark("started", { worker: runner.workerId, orphans: byFunction, ids, startMs: Date.now() - t0 });
const selfSpawn = Number(process.env.FAULTS_SPAWN_MS ?? t0);
let progressed = ids.length === 0;
for (;;) {
  await new Promise((r) => setTimeout(r, 200));
  if (!progressed) {
    const ms = await recoveredAt(selfSpawn, runner.workerId, ids);
    if (ms !== null) {
      progressed = true;
      mark("progress", { ms });
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
