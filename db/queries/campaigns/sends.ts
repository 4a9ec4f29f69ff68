import { and, asc, count, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit, recordAudits } from "@/db/queries/audit";
import { campaignRecipients, campaigns, sendAttempts, sendingAccounts } from "@/db/schema";
import { limitsOf } from "@/lib/campaigns/account-limits";
import { nextSendAt } from "@/lib/campaigns/pacing";
import { campaignMachine,
  recipientMachine, type CampaignStatus, type PauseReason, type RecipientStatus } from "@/lib/campaigns/status";
import { requireCampaign } from "./campaigns";

// The sender's steps. Each starts from a campaign id the sender was given by its event and still checks the
// workspace on every row it touches. Times come from the caller's clock (`now`), never from SQL now(), so the
// embedded runner's manual clock drives them in tests.

const HOUR_MS = 3_600_000;

const DAY_MS = 24 * HOUR_MS;

/** Attempts that count toward an account's caps: everything not provably undelivered. */
const COUNTING = ["reserved", "in_flight", "sent", "uncertain"] as const;

/**
 * Reservation times of an account's attempts that count toward its caps (last 25 h). Pacing only looks at the
 * `limit` most recent ones (the perDay-th most recent send bounds the next), so pass perDay to bound the read.
 */
export async function recentAccountSends(db: Db, q: { accountId: string; now: number; limit?: number; kind?: "campaign" | "test" }) {
  const r = await db
    .select({ at: sendAttempts.reservedAt })
    .from(sendAttempts)
    .where(
      and(
        eq(sendAttempts.accountId, q.accountId),
        // test sends to oneself have their own small allowance and never use up the campaign caps
        eq(sendAttempts.kind, q.kind ?? "campaign"),
        inArray(sendAttempts.status, [...COUNTING]),
        gt(sendAttempts.reservedAt, new Date(q.now - DAY_MS - HOUR_MS)),
      ),
    )
    .orderBy(desc(sendAttempts.reservedAt))
    .limit(q.limit ?? 100_000);
  return r.map((x) => x.at.getTime());
}

export type Reservation =
  | { kind: "send"; attemptId: string; recipientId: string; attempt: number }
  | { kind: "wait"; until: string; reason: string }
  | { kind: "stop"; status: CampaignStatus }
  | { kind: "done"; status: CampaignStatus; held: number };

/**
 * The sender's decision step. Under the sending account's row lock (so every campaign of the account is
 * serialised here, on PostgreSQL across processes): re-read the campaign, apply the account's pacing to its
 * counted attempts, and either claim the next due recipient (recording the attempt, which counts at once)
 * or say how long to wait. Pause/cancel committed before this step are honoured: it returns "stop".
 */
export async function reserveNextSend(
  db: Db,
  q: {
    workspaceId: string;
    campaignId: string;
    now: number;
    /**
     * Identifies the reserve step (run id + step id). When that step committed a reservation and its worker died
     * before the runner recorded the result, the step runs again and gets the same reservation back, instead of
     * stranding its recipient in "sending" and reserving the next one.
     */
    key?: string;
  },
): Promise<Reservation> {
  const nowDate = new Date(q.now);
  return db.transaction(async (tx) => {
    const [head] = await tx
      .select({ accountId: campaigns.accountId })
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)));
    if (!head) return { kind: "stop", status: "cancelled" };
    const [account] = await tx.select().from(sendingAccounts).where(eq(sendingAccounts.id, head.accountId)).for("update");
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, q.campaignId)).for("update");
    if (c.status === "scheduled") {
      if (c.startAt && c.startAt.getTime() > q.now) {
        await tx.update(campaigns).set({ nextSendAt: c.startAt, waitReason: "scheduled" }).where(eq(campaigns.id, c.id));
        return { kind: "wait", until: c.startAt.toISOString(), reason: "scheduled" };
      }
      campaignMachine.assert("scheduled", "sending");
      await tx
        .update(campaigns)
        .set({ status: "sending", startedAt: c.startedAt ?? nowDate, updatedAt: nowDate })
        .where(and(eq(campaigns.id, c.id), inArray(campaigns.status, campaignMachine.from("sending"))));
      await recordAudit(tx, { workspaceId: c.workspaceId, actorId: null, action: "campaign.started", entityType: "campaign", entityId: c.id, after: { status: "sending" } });
    } else if (c.status !== "sending") {
      return { kind: "stop", status: c.status };
    }
    if (q.key) {
      const [made] = await tx
        .select({ id: sendAttempts.id, recipientId: sendAttempts.recipientId, attempt: sendAttempts.attempt })
        .from(sendAttempts)
        .where(and(eq(sendAttempts.campaignId, c.id), eq(sendAttempts.reservationKey, q.key)));
      if (made?.recipientId) return { kind: "send", attemptId: made.id, recipientId: made.recipientId, attempt: made.attempt };
    }

    // The next due recipient, in list order; one held by another transaction is skipped, not waited for.
    const [next] = await tx
      .select({ id: campaignRecipients.id, attempts: campaignRecipients.attempts })
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.campaignId, c.id),
          eq(campaignRecipients.status, "pending"),
          or(isNull(campaignRecipients.nextAttemptAt), lte(campaignRecipients.nextAttemptAt, nowDate)),
        ),
      )
      .orderBy(asc(campaignRecipients.rowNumber))
      .limit(1)
      .for("update", { skipLocked: true });

    if (!next) {
      const [later] = await tx
        .select({ at: sql<Date | string>`min(${campaignRecipients.nextAttemptAt})` })
        .from(campaignRecipients)
        .where(and(eq(campaignRecipients.campaignId, c.id), eq(campaignRecipients.status, "pending")));
      if (later?.at) {
        const until = new Date(later.at);
        await tx.update(campaigns).set({ nextSendAt: until, waitReason: "retry" }).where(eq(campaigns.id, c.id));
        return { kind: "wait", until: until.toISOString(), reason: "retry" };
      }
      const [{ n: inFlight }] = await tx
        .select({ n: count() })
        .from(campaignRecipients)
        .where(and(eq(campaignRecipients.campaignId, c.id), eq(campaignRecipients.status, "sending")));
      if (inFlight > 0) {
        await tx
          .update(campaigns)
          .set({
            nextSendAt: null,
            waitReason: null,
            statusMessage: `${inFlight} message(s) were interrupted mid-send and may have been delivered. Check the Sent folder, then Retry or Mark as sent in the log.`,
          })
          .where(eq(campaigns.id, c.id));
        return { kind: "done", status: "sending", held: inFlight };
      }
      campaignMachine.assert("sending", "completed");
      await tx
        .update(campaigns)
        .set({ status: "completed", finishedAt: nowDate, nextSendAt: null, waitReason: null, statusMessage: null, updatedAt: nowDate })
        .where(and(eq(campaigns.id, c.id), inArray(campaigns.status, campaignMachine.from("completed"))));
      await recordAudit(tx, { workspaceId: c.workspaceId, actorId: null, action: "campaign.completed", entityType: "campaign", entityId: c.id, after: { status: "completed" } });
      return { kind: "done", status: "completed", held: 0 };
    }

    const decision = nextSendAt({
      limits: limitsOf(account),
      recentSends: await recentAccountSends(tx, { accountId: account.id, now: q.now, limit: Math.max(account.perDay, account.perHour) + 1 }),
      now: q.now,
      window: c.sendingWindow,
      notBefore: c.startAt,
      seed: account.id,
    });
    if (decision.at.getTime() > q.now) {
      await tx.update(campaigns).set({ nextSendAt: decision.at, waitReason: decision.reason }).where(eq(campaigns.id, c.id));
      return { kind: "wait", until: decision.at.toISOString(), reason: decision.reason };
    }

    const attempt = next.attempts + 1;
    recipientMachine.assert("pending", "sending");
    await tx
      .update(campaignRecipients)
      .set({ status: "sending", attempts: attempt, nextAttemptAt: null, updatedAt: nowDate })
      .where(and(eq(campaignRecipients.id, next.id), inArray(campaignRecipients.status, recipientMachine.from("sending"))));
    const [a] = await tx
      .insert(sendAttempts)
      .values({ workspaceId: c.workspaceId, accountId: account.id, campaignId: c.id, recipientId: next.id, attempt, reservedAt: nowDate, reservationKey: q.key ?? null })
      .returning({ id: sendAttempts.id });
    await tx.update(campaigns).set({ nextSendAt: null, waitReason: null }).where(eq(campaigns.id, c.id));
    return { kind: "send", attemptId: a.id, recipientId: next.id, attempt };
  });
}

/** Everything the deliver step needs about one reserved attempt. */
export async function loadAttempt(db: Db, q: { attemptId: string }) {
  const [a] = await db.select().from(sendAttempts).where(eq(sendAttempts.id, q.attemptId));
  if (!a) return null;
  const [c] = await db.select().from(campaigns).where(and(eq(campaigns.id, a.campaignId), eq(campaigns.workspaceId, a.workspaceId)));
  const [account] = await db.select().from(sendingAccounts).where(and(eq(sendingAccounts.id, a.accountId), eq(sendingAccounts.workspaceId, a.workspaceId)));
  const [r] = a.recipientId
    ? await db.select().from(campaignRecipients).where(and(eq(campaignRecipients.id, a.recipientId), eq(campaignRecipients.workspaceId, a.workspaceId)))
    : [];
  return { attempt: a, campaign: c, account, recipient: r ?? null };
}

/** Right before the provider call: the attempt is in flight. Returns false when it is no longer reserved. */
export async function markInFlight(db: Db, q: { attemptId: string; messageId: string; now: number }) {
  return db.transaction(async (tx) => {
    const r = await tx
      .update(sendAttempts)
      .set({ status: "in_flight" })
      .where(and(eq(sendAttempts.id, q.attemptId), eq(sendAttempts.status, "reserved")))
      .returning({ recipientId: sendAttempts.recipientId });
    if (!r.length) return false;
    if (r[0].recipientId) {
      await tx.update(campaignRecipients).set({ messageId: q.messageId }).where(eq(campaignRecipients.id, r[0].recipientId));
    }
    return true;
  });
}

/** The provider accepted the message: attempt and recipient are sent, the failure streak resets. */
export async function recordSent(db: Db, q: { attemptId: string; providerMessageId: string; now: number }) {
  const now = new Date(q.now);
  await db.transaction(async (tx) => {
    const [a] = await tx
      .update(sendAttempts)
      .set({ status: "sent", providerMessageId: q.providerMessageId, finishedAt: now, error: null })
      .where(eq(sendAttempts.id, q.attemptId))
      .returning();
    if (!a.recipientId) return;
    await tx
      .update(campaignRecipients)
      .set({ status: "sent", providerMessageId: q.providerMessageId, sentAt: now, error: null, updatedAt: now })
      .where(and(eq(campaignRecipients.id, a.recipientId), inArray(campaignRecipients.status, recipientMachine.from("sent"))));
    await tx.update(campaigns).set({ consecutiveFailures: 0, statusMessage: null }).where(eq(campaigns.id, a.campaignId));
  });
}

export interface FailureOutcome {
  attemptId: string;
  now: number;
  /** Attempt: failed (provably not delivered) or uncertain (may have been). */
  attemptStatus: "failed" | "uncertain";
  recipient: "pending" | "failed" | "hold" | "skipped";
  retryAt?: number;
  error: string;
  errorKind: string;
  countsAsFailure: boolean;
  pause?: { reason: PauseReason; message: string; resumeAt?: number; allCampaignsOfAccount?: boolean } | null;
  accountNeedsReconnect?: boolean;
}

/**
 * Applies the send policy's decision in one transaction: attempt outcome, recipient state, the campaign's
 * failure streak, and a pause (of this campaign or of every active campaign of the account).
 * Returns the campaigns that were paused.
 */
export async function recordFailure(db: Db, o: FailureOutcome) {
  const now = new Date(o.now);
  return db.transaction(async (tx) => {
    const [a] = await tx
      .update(sendAttempts)
      .set({ status: o.attemptStatus, finishedAt: now, error: o.error, errorKind: o.errorKind })
      .where(eq(sendAttempts.id, o.attemptId))
      .returning();
    if (a.recipientId) {
      // held: it stays "sending" (may have been delivered) until a person decides
      const status: RecipientStatus = o.recipient === "hold" ? "sending" : o.recipient;
      const guard = o.recipient === "hold" ? ["sending" as const] : recipientMachine.from(o.recipient, ["sending"]);
      await tx
        .update(campaignRecipients)
        .set({ status, error: o.error, nextAttemptAt: o.retryAt ? new Date(o.retryAt) : null, updatedAt: now })
        .where(and(eq(campaignRecipients.id, a.recipientId), inArray(campaignRecipients.status, guard)));
    }
    if (a.recipientId && o.countsAsFailure) {
      await tx
        .update(campaigns)
        .set({ consecutiveFailures: sql`${campaigns.consecutiveFailures} + 1`, statusMessage: `Last send failed: ${o.error}` })
        .where(eq(campaigns.id, a.campaignId));
    }
    if (o.accountNeedsReconnect) {
      await tx.update(sendingAccounts).set({ status: "needs_reconnect", lastError: o.error, updatedAt: now }).where(eq(sendingAccounts.id, a.accountId));
    }
    let paused: string[] = [];
    if (o.pause) paused = await pauseForAccount(tx, { ...o.pause, now, accountId: a.accountId, campaignId: a.campaignId });
    return { paused };
  });
}

/**
 * Pauses the attempt's campaign, or every campaign of its account, in one UPDATE guarded by the campaign machine
 * (only those that may become paused: scheduled or sending), each audited with the status it left.
 */
async function pauseForAccount(
  tx: Db,
  p: NonNullable<FailureOutcome["pause"]> & { now: Date; accountId: string; campaignId: string },
) {
  const old = tx
    .select({ id: campaigns.id, status: campaigns.status })
    .from(campaigns)
    .where(
      and(
        p.allCampaignsOfAccount ? eq(campaigns.accountId, p.accountId) : eq(campaigns.id, p.campaignId),
        inArray(campaigns.status, campaignMachine.from("paused")),
      ),
    )
    .for("update")
    .as("old");
  const paused = await tx
    .update(campaigns)
    .set({
      status: "paused",
      pauseReason: p.reason,
      statusMessage: p.message,
      resumeAt: p.resumeAt ? new Date(p.resumeAt) : null,
      nextSendAt: null,
      updatedAt: p.now,
    })
    .from(old)
    .where(eq(campaigns.id, old.id))
    .returning({ id: campaigns.id, workspaceId: campaigns.workspaceId, before: old.status });
  await recordAudits(
    tx,
    paused.map((c) => ({
      workspaceId: c.workspaceId,
      actorId: null,
      action: "campaign.paused",
      entityType: "campaign",
      entityId: c.id,
      before: { status: c.before },
      after: { status: "paused", reason: p.reason, message: p.message },
    })),
  );
  return paused.map((c) => c.id);
}

/** The reservation was taken but nothing was sent (campaign paused meanwhile, recipient unsubscribed…). */
export async function releaseReservation(db: Db, q: { attemptId: string; now: number; recipient: "pending" | "skipped"; reason: string }) {
  const now = new Date(q.now);
  await db.transaction(async (tx) => {
    const [a] = await tx
      .update(sendAttempts)
      .set({ status: "failed", finishedAt: now, error: `Not sent: ${q.reason}`, errorKind: "released" })
      .where(and(eq(sendAttempts.id, q.attemptId), inArray(sendAttempts.status, ["reserved", "in_flight"])))
      .returning();
    if (!a?.recipientId) return;
    await tx
      .update(campaignRecipients)
      .set({
        status: q.recipient,
        error: q.recipient === "skipped" ? q.reason : null,
        // The attempt did not happen: do not count it against the recipient's retries.
        attempts: sql`greatest(${campaignRecipients.attempts} - 1, 0)`,
        updatedAt: now,
      })
      .where(and(eq(campaignRecipients.id, a.recipientId), inArray(campaignRecipients.status, recipientMachine.from(q.recipient, ["sending"]))));
  });
}

/**
 * Test send to the user: an attempt that counts toward the account's hourly/daily caps (not the random gap).
 * Returns the attempt id, or the time the caps allow the next send.
 */
/** Test sends to oneself: outside the account's campaign caps, with an allowance of their own against misuse. */
export const TEST_SEND_LIMITS = { perHour: 10, perDay: 50, minGapSec: 0, maxGapSec: 0 };

export async function reserveTestSend(db: Db, q: { workspaceId: string; campaignId: string; now: number }) {
  return db.transaction(async (tx) => {
    const c = await requireCampaign(tx, q);
    const [account] = await tx.select().from(sendingAccounts).where(eq(sendingAccounts.id, c.accountId)).for("update");
    const limits = TEST_SEND_LIMITS;
    const decision = nextSendAt({ limits, recentSends: await recentAccountSends(tx, { accountId: account.id, now: q.now, kind: "test" }), now: q.now });
    if (decision.at.getTime() > q.now) return { ok: false as const, decision, limits };
    const [a] = await tx
      .insert(sendAttempts)
      .values({ workspaceId: q.workspaceId, accountId: account.id, campaignId: c.id, kind: "test", attempt: 1, reservedAt: new Date(q.now) })
      .returning({ id: sendAttempts.id });
    return { ok: true as const, attemptId: a.id };
  });
}
