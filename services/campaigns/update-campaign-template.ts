import type { Db } from "@/db/client";
import { requireCampaign, updateCampaignTemplate } from "@/db/queries/campaigns/campaigns";
import { checkedTemplate, type TemplateInput } from "@/lib/campaigns/campaign-input";

/** A draft's name and message, checked against its list's columns. */
export async function changeCampaignTemplate(
  db: Db,
  q: { workspaceId: string; actorId: string; campaignId: string },
  t: TemplateInput & { name?: string },
) {
  const c = await requireCampaign(db, { workspaceId: q.workspaceId, campaignId: q.campaignId });
  await updateCampaignTemplate(db, { workspaceId: q.workspaceId, actorId: q.actorId, campaignId: c.id, name: t.name, ...checkedTemplate(t, c.columns) });
}
