import { z } from "zod";
import { saveRule, setAlertState } from "@/db/queries/alerts";
import { alertKinds } from "@/db/schema";
import { workspaceAction } from "@/lib/action";
import { UserError } from "@/lib/errors";
import { evaluateAlerts } from "@/services/alerts/evaluate-alerts";

const id = z.string().min(1).max(100);

export const saveAlertRuleDef = workspaceAction(
  "saveAlertRule",
  "admin",
  z.object({ kind: z.enum(alertKinds), enabled: z.boolean(), days: z.number().int().min(0, "Days cannot be negative.").max(365, "At most 365 days.").nullable() }),
  async (input, ctx) => {
    await saveRule(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
    return null;
  },
);

/** Acknowledge, snooze (for N days), resolve or reopen an alert; audited. */
export const setAlertStateDef = workspaceAction(
  "setAlertState",
  "member",
  z.object({ alertId: id, state: z.enum(["acknowledged", "snoozed", "resolved", "open"]), snoozeDays: z.number().int().min(1).max(90).optional() }),
  async (input, ctx) => {
    const until = input.state === "snoozed" ? new Date(Date.now() + (input.snoozeDays ?? 1) * 86_400_000) : null;
    const r = await setAlertState(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, alertId: input.alertId, state: input.state, snoozedUntil: until });
    if (!r) throw new UserError("No such alert in this workspace.", "not_found");
    return null;
  },
);

/** Run the workspace's checks now instead of waiting for the hourly run. */
export const evaluateAlertsNowDef = workspaceAction("evaluateAlertsNow", "member", z.object({}), async (_input, ctx) => evaluateAlerts(ctx.db, { workspaceId: ctx.workspaceId }));
