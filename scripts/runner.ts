// `npm run runner`: the embedded Inngest runner as a standalone worker process.
// Use it next to app instances started with DOCKET_RUNNER=off, or to run more workers on one PostgreSQL
// database (they share the work with FOR UPDATE SKIP LOCKED). `--drain` works off what is due now and exits.
import { getDatabase } from "@/db";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { env } from "@/lib/env";
import { RunnerConfigError, startRunner } from "@/lib/runner";

const drainOnly = process.argv.includes("--drain");
const e = env();
if (e.inngestMode !== "embedded") {
  console.error(
    `[runner] INNGEST_${e.inngestMode === "dev" ? "DEV" : "EVENT_KEY/INNGEST_SIGNING_KEY"} is set: Inngest (${e.inngestMode}) runs the ` +
      "functions, so the embedded runner must not. Unset them to use the embedded runner.",
  );
  process.exit(1);
}

const database = await getDatabase();
let runner;
try {
  runner = await startRunner({ database, client: inngest, functions, loop: !drainOnly, retentionMs: e.DOCKET_RUNNER_RETENTION_DAYS * 86_400_000 });
} catch (err) {
  console.error(err instanceof RunnerConfigError ? `[runner] ${err.message}` : err);
  await database.close();
  process.exit(1);
}
console.log(`[runner] worker ${runner.workerId}: ${runner.functions.length} functions on ${database.engine}`);

if (drainOnly) {
  await runner.drain();
  await runner.stop();
  await database.close();
  process.exit(0);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`[runner] ${signal}: finishing in-flight steps…`);
    await runner.stop();
    await database.close();
    process.exit(0);
  });
}
