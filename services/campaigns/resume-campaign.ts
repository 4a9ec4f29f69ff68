import type { Db } from "@/db/client";
import { resumeCampaign as saveResume } from "@/db/queries/campaigns/control";
import { campaignsPausedFor } from "@/db/queries/campaigns/quota";
import { getSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { UserError } from "@/lib/errors";

/** Resume a paused campaign with a new run. */
export async function resumeCampaign(db: Db, q: { workspaceId: string; actorId: string; campaignId: string }) {
  const c = (await saveResume(db, q))!;
  await sendEvents(appEvent.campaignStarted(c));
  return { status: c.status };
}

/** After Google access is back: resume every campaign of the account that paused because access was revoked. */
export async function resumeAccountCampaigns(db: Db, q: { workspaceId: string; actorId: string; accountId: string }) {
  const account = await getSendingAccount(db, { workspaceId: q.workspaceId, accountId: q.accountId });
  if (!account) throw new UserError("No such sending account in this workspace.", "not_found");
  if (account.status === "needs_reconnect") throw new UserError(`Reconnect ${account.fromAddress} first; its campaigns cannot send until then.`, "conflict");
  const waiting = await campaignsPausedFor(db, { workspaceId: q.workspaceId, accountId: account.id, reason: "auth_revoked" });
  let resumed = 0;
  for (const w of waiting) {
    const c = await saveResume(db, { workspaceId: q.workspaceId, actorId: q.actorId, campaignId: w.id, onlyReason: "auth_revoked" });
    if (!c) continue; // resumed or cancelled by someone else meanwhile
    await sendEvents(appEvent.campaignStarted(c));
    resumed++;
  }
  return { resumed };
}
