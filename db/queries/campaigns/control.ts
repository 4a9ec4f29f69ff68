import { and, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { campaignRecipients, campaigns, sendAttempts } from "@/db/schema";
import type { SendingWindow } from "@/lib/campaigns/pacing";
import {
  campaignMachine,
  recipientMachine,
  type CampaignStatus,
  PAUSE_REASON_MESSAGES,
  type PauseReason,
  type RecipientStatus,
} from "@/lib/campaigns/status";
import { notFound, UserError } from "@/lib/errors";
import { requireCampaign } from "./campaigns";
import { getCampaignRecipient } from "./recipients";
import { getSendingAccount } from "./sending-accounts";

// Campaign status changes (schedule, pause, resume, cancel) and per-recipient decisions; every change passes the
// campaign/recipient state machines (lib/campaigns/status.ts) and is audited.

/** Moves a campaign through its state machine under a row lock; returns the campaign after the change. */
async function transition(
  tx: Db,
  q: { workspaceId: string; campaignId: string },
  to: CampaignStatus,
  patch: { [K in keyof typeof campaigns.$inferInsert]?: (typeof campaigns.$inferInsert)[K] | SQL },
  allowFrom?: readonly CampaignStatus[],
) {
  const c = await requireCampaign(tx, { workspaceId: q.workspaceId, campaignId: q.campaignId, lock: true });
  if (allowFrom && !allowFrom.includes(c.status)) {
    throw new UserError(`This campaign is ${c.status}; it cannot be ${to === "sending" ? "resumed" : to} from there.`, "conflict");
  }
  try {
    campaignMachine.assert(c.status, to);
  } catch (err) {
    throw new UserError((err as Error).message, "conflict");
  }
  const [after] = await tx
    .update(campaigns)
    .set({ status: to, ...patch })
    .where(and(eq(campaigns.id, c.id), inArray(campaigns.status, campaignMachine.from(to))))
    .returning();
  return { before: c, after };
}

/** draft → scheduled. The sender starts it at `startAt` (null = now), inside the window if one is set. */
export async function scheduleCampaign(
  db: Db,
  q: {
    workspaceId: string;
    actorId: string;
    campaignId: string;
    startAt: Date | null;
    timeZone: string;
    window: SendingWindow | null;
    now?: Date;
    /** Where the campaign's links (unsubscribe) point: the app's address as the user reached it. */
    linkBase?: string | null;
  },
) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: count() })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, q.campaignId), eq(campaignRecipients.workspaceId, q.workspaceId), eq(campaignRecipients.status, "pending")));
    const { before, after } = await transition(
      tx,
      q,
      "scheduled",
      {
        startAt: q.startAt,
        timeZone: q.timeZone,
        sendingWindow: q.window,
        ...(q.linkBase && { linkBase: q.linkBase }),
        runGeneration: sql`${campaigns.runGeneration} + 1`,
        statusMessage: null,
        updatedAt: now,
      },
      ["draft"],
    );
    if (n === 0) throw new UserError("There is nobody left to send to in this campaign.", "conflict");
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.scheduled",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: before.status },
      after: { status: after.status, startAt: q.startAt?.toISOString() ?? "now", timeZone: q.timeZone, window: q.window },
    });
    return after;
  });
}

export async function pauseCampaign(db: Db, q: { workspaceId: string; actorId: string | null; campaignId: string; reason?: PauseReason; message?: string; resumeAt?: Date | null; now?: Date }) {
  const reason = q.reason ?? "user";
  return db.transaction(async (tx) => {
    const { before, after } = await transition(tx, q, "paused", {
      pauseReason: reason,
      statusMessage: q.message ?? PAUSE_REASON_MESSAGES[reason],
      resumeAt: q.resumeAt ?? null,
      nextSendAt: null,
      updatedAt: q.now ?? new Date(),
    });
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.paused",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: before.status },
      after: { status: after.status, reason, message: after.statusMessage },
    });
    return after;
  });
}

/** paused → sending (or back to scheduled when its start time is still ahead). Bumps the run generation. */
export async function resumeCampaign(db: Db, q: { workspaceId: string; actorId: string | null; campaignId: string; now?: Date; onlyReason?: PauseReason }) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const c = await requireCampaign(tx, { workspaceId: q.workspaceId, campaignId: q.campaignId, lock: true });
    if (q.onlyReason && (c.status !== "paused" || c.pauseReason !== q.onlyReason)) return null;
    if (c.pauseReason === "auth_revoked") {
      const account = await getSendingAccount(tx, { workspaceId: q.workspaceId, accountId: c.accountId });
      if (account?.status === "needs_reconnect") {
        throw new UserError("Reconnect Google in Campaigns → Accounts first; the account cannot send until then.", "conflict");
      }
    }
    const to: CampaignStatus = c.startAt && c.startAt.getTime() > now.getTime() ? "scheduled" : "sending";
    const { after } = await transition(
      tx,
      q,
      to,
      { pauseReason: null, statusMessage: null, resumeAt: null, consecutiveFailures: 0, runGeneration: sql`${campaigns.runGeneration} + 1`, updatedAt: now },
      ["paused"],
    );
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.resumed",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: "paused", reason: c.pauseReason },
      after: { status: after.status },
    });
    return after;
  });
}

/** Any non-final state → cancelled; recipients not sent yet become skipped ("campaign cancelled"). */
export async function cancelCampaign(db: Db, q: { workspaceId: string; actorId: string; campaignId: string; now?: Date }) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const { before, after } = await transition(tx, q, "cancelled", { finishedAt: now, nextSendAt: null, updatedAt: now });
    const skipped = await tx
      .update(campaignRecipients)
      .set({ status: "skipped", error: "Campaign cancelled before this message was sent", updatedAt: now })
      // not those being sent: the sender finishes (or releases) them
      .where(
        and(
          eq(campaignRecipients.campaignId, q.campaignId),
          eq(campaignRecipients.workspaceId, q.workspaceId),
          inArray(campaignRecipients.status, recipientMachine.from("skipped", ["pending"])),
        ),
      )
      .returning({ id: campaignRecipients.id });
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.cancelled",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: before.status },
      after: { status: after.status, skippedRecipients: skipped.length },
    });
    return after;
  });
}

/**
 * A user decides about a failed recipient, or one held because its send was interrupted ("may have been
 * sent"): "retry" puts it back in the queue, "mark_sent" records that it did arrive.
 */
export async function resolveRecipient(
  db: Db,
  q: { workspaceId: string; actorId: string; campaignId: string; recipientId: string; decision: "retry" | "mark_sent"; now?: Date },
) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const r = await getCampaignRecipient(tx, { ...q, lock: true });
    if (!r) notFound("recipient");
    const [owner] = await tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, q.campaignId));
    if (q.decision === "retry" && (owner.status === "completed" || owner.status === "cancelled")) {
      throw new UserError(`This campaign is ${owner.status}; its recipients can no longer be retried.`, "conflict");
    }
    const to: RecipientStatus = q.decision === "retry" ? "pending" : "sent";
    const heldInFlight = r.status === "sending" && (await isHeld(tx, r.id));
    const ok = q.decision === "retry" ? r.status === "failed" || heldInFlight : heldInFlight;
    if (!ok) throw new UserError(`A recipient that is ${r.status} cannot be ${q.decision === "retry" ? "retried" : "marked as sent"}.`, "conflict");
    recipientMachine.assert(r.status, to);
    await tx
      .update(campaignRecipients)
      .set({ status: to, error: q.decision === "retry" ? null : r.error, nextAttemptAt: null, sentAt: to === "sent" ? now : null, updatedAt: now })
      .where(and(eq(campaignRecipients.id, r.id), inArray(campaignRecipients.status, recipientMachine.from(to))));
    if (heldInFlight) {
      await tx
        .update(sendAttempts)
        .set({ status: q.decision === "retry" ? "failed" : "sent", finishedAt: now })
        .where(and(eq(sendAttempts.recipientId, r.id), eq(sendAttempts.status, "uncertain")));
    }
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: `campaign.recipient_${q.decision}`,
      entityType: "campaign_recipient",
      entityId: r.id,
      before: { status: r.status, error: r.error },
      after: { status: to },
    });
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, q.campaignId));
    return { campaign: c, recipientStatus: to };
  });
}

async function isHeld(tx: Db, recipientId: string) {
  const [a] = await tx
    .select({ id: sendAttempts.id })
    .from(sendAttempts)
    .where(and(eq(sendAttempts.recipientId, recipientId), eq(sendAttempts.status, "uncertain")))
    .limit(1);
  return Boolean(a);
}

/** A completed campaign with a retried recipient is sending again (completed is final, so reopen as a new generation). */
export async function bumpGeneration(db: Db, q: { workspaceId: string; campaignId: string }) {
  const [c] = await db
    .update(campaigns)
    .set({ runGeneration: sql`${campaigns.runGeneration} + 1` })
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)))
    .returning({ runGeneration: campaigns.runGeneration, status: campaigns.status });
  return c ?? null;
}
