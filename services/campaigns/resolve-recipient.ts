import type { Db } from "@/db/client";
import { bumpGeneration, resolveRecipient as saveResolution } from "@/db/queries/campaigns/control";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";

/** A held recipient checked by a person: send it again, or mark it sent (it was in the Sent folder). */
export async function resolveRecipient(db: Db, q: { workspaceId: string; actorId: string; campaignId: string; recipientId: string; decision: "retry" | "mark_sent" }) {
  const { campaign, recipientStatus } = await saveResolution(db, q);
  if (recipientStatus === "pending" && campaign.status === "sending") {
    // The campaign's run may have finished waiting on this recipient: start the next one.
    const g = await bumpGeneration(db, { workspaceId: q.workspaceId, campaignId: campaign.id });
    if (g) await sendEvents(appEvent.campaignStarted({ workspaceId: q.workspaceId, id: campaign.id, runGeneration: g.runGeneration }));
  }
  return { status: recipientStatus };
}
