import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { pendingMigrations } from "@/db/client";
import { measureRequest } from "@/lib/metrics";
import { runnerHealth } from "@/lib/ops";
import pkg from "@/package.json";

export const dynamic = "force-dynamic";

// Liveness + readiness: 200 when the database answers, migrations are current and background work is alive.
export async function GET() {
  return measureRequest("route", "GET /api/health", health, (r) => String(r.status));
}

async function health() {
  const started = performance.now();
  const checks: Record<string, unknown> = { version: pkg.version };
  let ok = true;
  try {
    const database = await getDatabase();
    await database.db.execute(sql`select 1`);
    checks.database = { ok: true, engine: database.engine, vector: database.hasVector, latencyMs: Math.round(performance.now() - started) };
    const pending = await pendingMigrations(database.db);
    checks.migrations = { ok: pending.length === 0, pending };
    ok &&= pending.length === 0;
    const runner = await runnerHealth(database);
    checks.runner = runner;
    ok &&= runner.ok;
  } catch (err) {
    ok = false;
    checks.database = { ok: false, error: (err as Error).message };
  }
  return Response.json({ ok, ...checks }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
