import type { Db } from "@/db/client";
import { listRules, raiseAlerts } from "@/db/queries/alerts";

// Evaluate a workspace's enabled alert rules: each one set-based in the database, new conditions become alerts,
// known ones only refresh their last-seen time (unique key per condition).

export async function evaluateAlerts(db: Db, q: { workspaceId: string; now?: Date }) {
  const today = (q.now ?? new Date()).toISOString().slice(0, 10);
  const rules = (await listRules(db, q)).filter((r) => r.enabled);
  const raised: Record<string, number> = {};
  for (const r of rules) raised[r.kind] = await raiseAlerts(db, { workspaceId: q.workspaceId, kind: r.kind, days: r.days, today });
  return { raised, total: Object.values(raised).reduce((a, b) => a + b, 0) };
}
