import type { Db } from "@/db/client";
import { setAlertState } from "@/db/queries/alerts";
import { UserError } from "@/lib/errors";

export type AlertStateChange = "acknowledged" | "snoozed" | "resolved" | "open";

/** Acknowledge, snooze (for N days, default 1), resolve or reopen an alert; audited by the query. */
export async function changeAlertState(
  db: Db,
  q: { workspaceId: string; actorId: string; alertId: string; state: AlertStateChange; snoozeDays?: number; now?: Date },
) {
  const now = q.now ?? new Date();
  const until = q.state === "snoozed" ? new Date(now.getTime() + (q.snoozeDays ?? 1) * 86_400_000) : null;
  const r = await setAlertState(db, { workspaceId: q.workspaceId, actorId: q.actorId, alertId: q.alertId, state: q.state, snoozedUntil: until });
  if (!r) throw new UserError("No such alert in this workspace.", "not_found");
}
