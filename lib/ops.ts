import { runnerStats } from "@/db/queries/runner";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import type { Gauge } from "@/lib/metrics";
import { runnerEnabled } from "@/lib/runner/enabled";

// Health and metrics of background work, from the runner's tables (shared by every worker on the database).

export async function runnerHealth(database: Database) {
  const e = env();
  if (e.inngestMode !== "embedded") {
    // Inngest Cloud / dev server runs the functions; it reports its own health.
    return { ok: true, mode: e.inngestMode };
  }
  const s = await runnerStats(database.db);
  const expectWorker = runnerEnabled(e) || s.workers > 0;
  return {
    ok: !expectWorker || s.alive,
    mode: "embedded",
    alive: s.alive,
    workers: s.workers,
    lastTickAt: s.lastTickAt?.toISOString() ?? null,
    queueDepth: s.queueDepth,
    oldestDueAgeMs: s.oldestDueAgeMs,
    running: s.running,
    failedLast24h: s.failedLast24h,
  };
}

export async function runnerGauges(database: Database): Promise<Gauge[]> {
  const s = await runnerStats(database.db);
  return [
    {
      name: "docket_jobs",
      help: "Background runs by state (embedded runner).",
      values: [
        { labels: { state: "queued" }, value: s.queued },
        { labels: { state: "running" }, value: s.running },
        { labels: { state: "sleeping" }, value: s.sleeping },
        { labels: { state: "waiting" }, value: s.waiting },
        { labels: { state: "failed_24h" }, value: s.failedLast24h },
        { labels: { state: "completed_24h" }, value: s.completedLast24h },
      ],
    },
    { name: "docket_jobs_failed_total", help: "Background runs that failed for good.", values: [{ value: s.failedTotal }] },
    { name: "docket_queue_depth", help: "Due jobs and unprocessed events.", values: [{ value: s.queueDepth }] },
    { name: "docket_queue_oldest_due_seconds", help: "Age of the oldest due job or event.", values: [{ value: s.oldestDueAgeMs / 1000 }] },
    { name: "docket_runner_alive", help: "1 when a worker ticked recently.", values: [{ value: s.alive ? 1 : 0 }] },
  ];
}
