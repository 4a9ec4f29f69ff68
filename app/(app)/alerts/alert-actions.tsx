"use client";

import { InlineAction } from "@/components/ui/inline-action";
import { evaluateAlertsNowAction, setAlertStateAction } from "@/lib/actions/alerts";

export function AlertActions({ alertId, state }: { alertId: string; state: string }) {
  return (
    <div className="flex shrink-0 gap-3">
      {state !== "acknowledged" && state !== "resolved" && <InlineAction label="Acknowledge" run={() => setAlertStateAction({ alertId, state: "acknowledged" })} />}
      {state !== "resolved" && <InlineAction label="Snooze 1 day" run={() => setAlertStateAction({ alertId, state: "snoozed", snoozeDays: 1 })} />}
      {state !== "resolved" && <InlineAction label="Resolve" run={() => setAlertStateAction({ alertId, state: "resolved" })} />}
      {state !== "open" && <InlineAction label="Reopen" run={() => setAlertStateAction({ alertId, state: "open" })} />}
    </div>
  );
}

export function CheckNow() {
  return <InlineAction label="Check now" busyLabel="Checking…" run={() => evaluateAlertsNowAction({})} />;
}
