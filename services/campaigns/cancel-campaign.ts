import type { Db } from "@/db/client";
import { cancelCampaign as saveCancel } from "@/db/queries/campaigns/control";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";

/** Cancel a campaign for good; its run stops. */
export async function cancelCampaign(db: Db, q: { workspaceId: string; actorId: string; campaignId: string }) {
  const c = await saveCancel(db, q);
  await sendEvents(appEvent.campaignCancelled(c));
  return { status: c.status };
}
