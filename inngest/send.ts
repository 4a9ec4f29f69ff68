import { afterCommit } from "@/lib/after-commit";
import { inngest } from "./client";
import type { AppEventPayload } from "./events";

/**
 * Send events from app code (services, after their writes have committed). Build each with its `appEvent.*`
 * builder (inngest/events.ts), which fixes its deterministic id. Inside a function, use
 * `step.sendEvent(stepId, appEvent.*(…))` instead, so the send is memoized with the step. Called inside an action's
 * role-checking transaction, the send waits for its commit (`afterCommit`, lib/after-commit.ts).
 */
export async function sendEvents(events: AppEventPayload | AppEventPayload[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await afterCommit(async () => {
    await inngest.send(list);
  });
}
