// Child process for the restart test (lib/runner/restart.db.test.ts). Usage:
//   npx tsx lib/runner/testing/restart-child.ts <postgres-url | pglite-data-dir> <phase>
// phase 1: start the runner, send the event, block inside the "slow" step (the parent kills us there)
// phase 2: resume; the parent kills us while the run sleeps
// phase 3: resume until the run completes, then exit 0
// Every step's side effect is a row in runner_restart_effects, so the parent can count executions.
import { sql } from "drizzle-orm";
import { openDatabase, rows } from "@/db/client";
import { inngest } from "@/inngest/client";
import { startRunner } from "@/lib/runner/runner";

const [target, phase] = process.argv.slice(2);
if (!target || !["1", "2", "3"].includes(phase ?? "")) {
  console.error("usage: restart-child.ts <postgres-url | pglite-dir> <1|2|3>");
  process.exit(2);
}

const mark = (what: string) => process.stdout.write(`MARK ${what}\n`);

const database = target.startsWith("postgres") ? await openDatabase({ url: target, poolMax: 4 }) : await openDatabase({ dataDir: target });
await database.db.execute(sql`create table if not exists runner_restart_effects (step text not null, phase text not null)`);
const effect = (step: string) => database.db.execute(sql`insert into runner_restart_effects (step, phase) values (${step}, ${phase})`);

const probe = inngest.createFunction({ id: "restart-probe", triggers: [{ event: "test/restart" }] }, async ({ step }) => {
  await step.run("load", () => effect("load"));
  await step.run("slow", async () => {
    await effect("slow");
    if (phase === "1") {
      mark("in-slow-step");
      await new Promise(() => {}); // never finishes: killed mid-step
    }
  });
  await step.sleep("pause", "2s");
  await step.run("after", () => effect("after"));
  return "done";
});

const runner = await startRunner({ database, client: inngest, functions: [probe], claimTtlMs: 1000, pollMs: 100, log: () => {} });
mark("started");
if (phase === "1") await runner.send({ name: "test/restart", id: "restart-probe-1", data: {} });

let last = "";
for (;;) {
  const [run] = rows<{ status: string }>(await database.db.execute(sql`select status from runner_runs where event_id = 'restart-probe-1'`));
  const status = run?.status ?? "none";
  if (status !== last) mark(`status:${status}`);
  last = status;
  if (status === "completed" && phase === "3") {
    await runner.stop();
    await database.close();
    process.exit(0);
  }
  await new Promise((r) => setTimeout(r, 50));
}
