import type { Db } from "@/db/client";
import { requireCampaign, updateCampaignTemplate } from "@/db/queries/campaigns/campaigns";
import { assertTemplate } from "@/lib/campaigns/campaign-input";

/** A draft's name and message, checked against its list's columns. */
export async function changeCampaignTemplate(
  db: Db,
  q: { workspaceId: string; actorId: string; campaignId: string },
  t: { name?: string; subject: string; textBody?: string; htmlBody?: string; onEmpty: "skip" | "fallback"; fallbacks: Record<string, string> },
) {
  const c = await requireCampaign(db, { workspaceId: q.workspaceId, campaignId: q.campaignId });
  assertTemplate(t, c.columns);
  await updateCampaignTemplate(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    campaignId: c.id,
    name: t.name,
    subject: t.subject,
    textBody: t.textBody?.trim() ? t.textBody : null,
    htmlBody: t.htmlBody?.trim() ? t.htmlBody : null,
    onEmpty: t.onEmpty,
    fallbacks: t.fallbacks,
  });
}
