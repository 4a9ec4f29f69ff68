import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { campaigns } from "@/db/schema";
import { campaignMachine, type PauseReason } from "@/lib/campaigns/status";
import { getCampaign } from "./campaigns";

// Campaigns paused because their account ran out of quota, and resuming them once it has some again.

/** Quota pause over: this campaign sends again (only if it is still paused for that reason). */
export async function resumeAfterQuota(db: Db, q: { workspaceId: string; campaignId: string; now: number }) {
  const now = new Date(q.now);
  return db.transaction(async (tx) => {
    const c = await getCampaign(tx, { workspaceId: q.workspaceId, campaignId: q.campaignId, lock: true });
    if (!c || c.status !== "paused" || c.pauseReason !== "quota") return false;
    if (c.resumeAt && c.resumeAt.getTime() > q.now) return false;
    campaignMachine.assert(c.status, "sending");
    await tx
      .update(campaigns)
      .set({ status: "sending", pauseReason: null, statusMessage: null, resumeAt: null, updatedAt: now })
      .where(and(eq(campaigns.id, c.id), inArray(campaigns.status, campaignMachine.from("sending"))));
    await recordAudit(tx, {
      workspaceId: c.workspaceId,
      actorId: null,
      action: "campaign.resumed",
      entityType: "campaign",
      entityId: c.id,
      before: { status: "paused", reason: "quota" },
      after: { status: "sending" },
    });
    return true;
  });
}

/**
 * Campaigns paused for the account's quota whose resume time passed more than `graceMs` ago (any workspace): the
 * campaign that got the quota answer resumes itself at that time; these are the others of the account (paused with
 * it) or any whose own run did not come back.
 */
export async function campaignsDueAfterQuota(db: Db, q: { now: number; graceMs: number; limit?: number }) {
  return db
    .select({ id: campaigns.id, workspaceId: campaigns.workspaceId })
    .from(campaigns)
    .where(and(eq(campaigns.status, "paused"), eq(campaigns.pauseReason, "quota"), sql`${campaigns.resumeAt} <= ${new Date(q.now - q.graceMs)}`))
    .limit(q.limit ?? 100);
}

/** Per account of the workspace, how many campaigns are paused for `reason` (one query for the Accounts page). */
export async function pausedCountsByAccount(db: Db, q: { workspaceId: string; reason: PauseReason }) {
  const rs = await db
    .select({ accountId: campaigns.accountId, n: count() })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.status, "paused"), eq(campaigns.pauseReason, q.reason)))
    .groupBy(campaigns.accountId);
  return new Map(rs.map((r) => [r.accountId, r.n]));
}

/** Campaigns of an account paused because Google revoked access: resumed after a reconnect. */
export async function campaignsPausedFor(db: Db, q: { workspaceId: string; accountId: string; reason: PauseReason }) {
  return db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.accountId, q.accountId), eq(campaigns.status, "paused"), eq(campaigns.pauseReason, q.reason)));
}
