import { getDatabase } from "@/db";
import { env } from "@/lib/env";
import { checkMetricsToken } from "@/lib/http/metrics-token";
import { renderMetrics } from "@/lib/metrics";
import { runnerGauges } from "@/lib/ops";

export const dynamic = "force-dynamic";

// Prometheus text format: request counts/latency from this process, job counts by state from the database.
// Operators only: the figures span every workspace, so the scraper must send "Authorization: Bearer
// <DOCKET_METRICS_TOKEN>"; with no token configured the endpoint is off.
export async function GET(request: Request) {
  const refused = checkMetricsToken(request.headers.get("authorization"), env().DOCKET_METRICS_TOKEN);
  if (refused) return refused;
  const gauges = await runnerGauges(await getDatabase()).catch(() => []);
  return new Response(renderMetrics(gauges), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
