import type { Db } from "@/db/client";
import { workspacesToEvaluate } from "@/db/queries/alerts";
import { inngest } from "@/inngest/client";
import { alertsEvaluationRequested } from "@/inngest/events";
import { evaluateAlerts } from "@/services/alerts/evaluate-alerts";
import { runtimeDeps } from "@/services/runtime";

// Scheduled checks: every hour each workspace's alert rules are evaluated (one step per workspace, so a failure in
// one is retried alone); "Check now" on the Alerts page sends the event for one workspace. Evaluation is idempotent
// (unique key per condition), so overlapping or repeated runs raise nothing twice.

export function createEvaluateAlertsFunctions(deps: () => Promise<{ db: Db; now: () => number }>) {
  const hourly = inngest.createFunction(
    { id: "evaluate-alerts-hourly", name: "Evaluate alert rules (hourly)", retries: 2, triggers: [{ cron: "0 * * * *" }] },
    async ({ step }) => {
      const ids = await step.run("list-workspaces", async () => workspacesToEvaluate((await deps()).db));
      let total = 0;
      for (const id of ids) {
        const r = await step.run(`evaluate-${id}`, async () => {
          const { db, now } = await deps();
          return evaluateAlerts(db, { workspaceId: id, now: new Date(now()) });
        });
        total += r.total;
      }
      return { workspaces: ids.length, raised: total };
    },
  );
  const onDemand = inngest.createFunction(
    { id: "evaluate-alerts", name: "Evaluate alert rules", retries: 2, triggers: [alertsEvaluationRequested], concurrency: { limit: 1, key: "event.data.workspaceId" } },
    async ({ event, step }) =>
      step.run("evaluate", async () => {
        const { db, now } = await deps();
        return evaluateAlerts(db, { workspaceId: event.data.workspaceId, now: new Date(now()) });
      }),
  );
  return { hourly, onDemand };
}

const fns = createEvaluateAlertsFunctions(runtimeDeps);
export const evaluateAlertsHourly = fns.hourly;
export const evaluateAlertsOnDemand = fns.onDemand;
