import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";

/** Hand cases to matching (after their rows have committed): one run per case generation, whatever retries. */
export async function startCaseMatching(cases: { id: string; workspaceId: string; generation: number; cotNumber?: string }[]) {
  await sendEvents(cases.map(appEvent.caseCreated));
  return cases.map((c) => ({ id: c.id, cotNumber: c.cotNumber }));
}
