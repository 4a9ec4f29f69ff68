import type { Db } from "@/db/client";
import { pauseCampaign as savePause } from "@/db/queries/campaigns/control";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";

/** Pause a sending campaign; a sleeping run stops at once, a running one at its next step. */
export async function pauseCampaign(db: Db, q: { workspaceId: string; actorId: string; campaignId: string }) {
  const c = await savePause(db, q);
  await sendEvents(appEvent.campaignPaused(c));
  return { status: c.status };
}
