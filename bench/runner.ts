// Embedded runner throughput: 1,000 runs of a 3-step function on PGlite and on PostgreSQL.
//   npx tsx bench/runner.ts [--runs 1000] [--concurrency 16] [--only pglite|postgres]
// PostgreSQL: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) — a scratch database is
// created and dropped. PGlite: a data directory in the temp dir (as the app uses ./data/db).
// Concurrency (runs executed at once by the worker) defaults to the runner's default, 8.
// Figures: runs/s for a burst (all events sent at once, wall time until the last run completes) and p95
// end-to-end latency (event received → run completed) for the burst and for a paced load (25 events/s).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { migrateDatabase, openDatabase, rows, type Database } from "@/db/client";
import { withDatabase } from "@/db/testing/global-setup";
import { threeSteps } from "@/lib/runner/testing/fixtures";
import { startRunner } from "@/lib/runner/runner";
import { inngest } from "@/inngest/client";
import { numberArg, stringArg } from "./support/args";

const RUNS = numberArg("runs", 1000);
const CONCURRENCY = numberArg("concurrency", 8);
const only = stringArg("only", "");

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function latencies(database: Database, batch: string) {
  const found = rows<{ ms: number; status: string }>(
    await database.db.execute(sql`
      select r.status, extract(epoch from (r.ended_at - e.received_at)) * 1000 as ms
      from runner_runs r join runner_events e on e.id = r.event_id
      where r.event_id like ${`${batch}-%`}`),
  );
  return found;
}

async function waitAllDone(database: Database, batch: string, n: number) {
  for (;;) {
    const [row] = rows<{ done: number }>(
      await database.db.execute(sql`select count(*)::int as done from runner_runs where event_id like ${`${batch}-%`} and status in ('completed', 'failed')`),
    );
    if (Number(row!.done) >= n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function bench(label: string, database: Database) {
  const runner = await startRunner({ database, client: inngest, functions: [threeSteps], concurrency: CONCURRENCY, log: () => {} });
  try {
    // warm-up
    await runner.send(Array.from({ length: 20 }, (_, i) => ({ name: "test/three", id: `warm-${i}`, data: { n: i } })));
    await waitAllDone(database, "warm", 20);

    // burst
    const load = os.loadavg()[0]!;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i += 100) {
      await runner.send(Array.from({ length: Math.min(100, RUNS - i) }, (_, j) => ({ name: "test/three", id: `burst-${i + j}`, data: { n: i + j } })));
    }
    await waitAllDone(database, "burst", RUNS);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const burst = await latencies(database, "burst");
    const failed = burst.filter((r) => r.status !== "completed").length;

    // paced: 25 events/s for 8 s
    const paced = 200;
    for (let i = 0; i < paced; i++) {
      await runner.send({ name: "test/three", id: `paced-${i}`, data: { n: i } });
      await new Promise((r) => setTimeout(r, 40));
    }
    await waitAllDone(database, "paced", paced);
    const pacedLat = (await latencies(database, "paced")).map((r) => Number(r.ms));

    const result = {
      engine: label,
      runs: RUNS,
      failed,
      seconds: Number(seconds.toFixed(2)),
      runsPerSecond: Number((RUNS / seconds).toFixed(1)),
      nodeCpuMsPerRun: Number(((cpu.user + cpu.system) / 1000 / RUNS).toFixed(1)),
      loadAvg1m: Number(load.toFixed(1)),
      burstP50Ms: Math.round(percentile(burst.map((r) => Number(r.ms)), 50)),
      burstP95Ms: Math.round(percentile(burst.map((r) => Number(r.ms)), 95)),
      pacedP50Ms: Math.round(percentile(pacedLat, 50)),
      pacedP95Ms: Math.round(percentile(pacedLat, 95)),
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await runner.stop();
  }
}

const results = [];
if (only !== "postgres") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-bench-runner-"));
  const database = await openDatabase({ dataDir: path.join(dir, "db") });
  await migrateDatabase(database);
  try {
    results.push(await bench("PGlite (data dir)", database));
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== "pglite") {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `docket_bench_runner_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const database = await openDatabase({ url: withDatabase(adminUrl, name), poolMax: CONCURRENCY + 4 });
  try {
    await migrateDatabase(database);
    results.push(await bench("PostgreSQL", database));
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
console.table(results);
