"use server";

import { z } from "zod";
import { saveRule } from "@/db/queries/alerts";
import { alertKinds } from "@/db/schema";
import { workspaceAction } from "@/lib/action";
import { evaluateAlerts } from "@/services/alerts/evaluate-alerts";
import { changeAlertState } from "@/services/alerts/set-alert-state";

// Alerts: the rules (Settings → Alerts) and each alert's state. Declared once each: role, schema, what to refresh.

const id = z.string().min(1).max(100);

export const saveAlertRuleAction = workspaceAction(
  {
    name: "saveAlertRule",
    role: "admin",
    schema: z.object({ kind: z.enum(alertKinds), enabled: z.boolean(), days: z.number().int().min(0, "Days cannot be negative.").max(365, "At most 365 days.").nullable() }),
    revalidate: ["/settings"],
  },
  async (input, ctx) => {
    await saveRule(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
    return null;
  },
);

/** Acknowledge, snooze (for N days), resolve or reopen an alert; audited. */
export const setAlertStateAction = workspaceAction(
  {
    name: "setAlertState",
    role: "member",
    schema: z.object({ alertId: id, state: z.enum(["acknowledged", "snoozed", "resolved", "open"]), snoozeDays: z.number().int().min(1).max(90).optional() }),
    revalidateLayout: ["/alerts"],
  },
  async (input, ctx) => {
    await changeAlertState(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
    return null;
  },
);

/** Run the workspace's checks now instead of waiting for the hourly run. */
export const evaluateAlertsNowAction = workspaceAction(
  { name: "evaluateAlertsNow", role: "member", schema: z.object({}), revalidateLayout: ["/alerts"] },
  async (_input, ctx) => evaluateAlerts(ctx.db, { workspaceId: ctx.workspaceId }),
);
