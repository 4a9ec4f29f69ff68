import { getDatabase } from "@/db";
import { renderMetrics } from "@/lib/metrics";
import { runnerGauges } from "@/lib/ops";

export const dynamic = "force-dynamic";

// Prometheus text format: request counts/latency from this process, job counts by state from the database.
export async function GET() {
  const gauges = await runnerGauges(await getDatabase()).catch(() => []);
  return new Response(renderMetrics(gauges), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
