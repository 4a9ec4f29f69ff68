import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loadAttempt, markInFlight, recordFailure, recordSent, releaseReservation, type FailureOutcome } from "@/db/queries/campaigns/sends";
import { isSuppressed } from "@/db/queries/campaigns/suppressions";
import { outboxMessages, type CampaignRecipient, type SendingAccount } from "@/db/schema";
import { formatInZone } from "@/lib/campaigns/pacing";
import { decideAfterFailure } from "@/lib/campaigns/send-policy";
import { PAUSE_REASON_MESSAGES } from "@/lib/campaigns/status";
import { isSendError, SendError } from "@/lib/mail/send-error";
import { type MailTransport } from "@/lib/mail/transports";
import { buildCampaignMessage, campaignMessageId } from "./build-campaign-message";
import type { SendDeps } from "./send-deps";
import { transportFor } from "./transport-for";

// Delivering one reserved attempt: render, compose, mark in flight, send, record the provider's id — or apply the
// failure policy. A step that died after "in flight" is never sent again blindly (see inngest/functions/send-campaign.ts).

async function outboxHas(db: Db, workspaceId: string, messageId: string) {
  const [row] = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.workspaceId, workspaceId), sql`${outboxMessages.headers}->>'Message-ID' = ${messageId}`))
    .limit(1);
  return row?.id ?? null;
}

export type DeliverOutcome =
  | { outcome: "sent"; providerMessageId: string }
  | { outcome: "failed" | "retry" | "held" | "released" | "skipped" | "missing"; error?: string }
  | { outcome: "paused"; reason: string; resumeAt?: string };

function failureMessage(kind: SendError["kind"], account: SendingAccount, err: SendError, resumeAt: number | undefined, tz: string) {
  if (kind === "auth_revoked") {
    return account.kind === "gmail"
      ? "Paused: Google no longer allows sending from this account. Reconnect Google in Campaigns → Accounts, then resume."
      : `Paused: the SMTP server refused the login (${err.message}). Update the password in Campaigns → Accounts, then resume.`;
  }
  if (kind === "quota") {
    return `Paused automatically: ${err.message}.${resumeAt ? ` Resumes at ${formatInZone(resumeAt, tz)}.` : ""}`;
  }
  return PAUSE_REASON_MESSAGES.consecutive_failures;
}

/** The deliver step for one reserved attempt. Safe to run again: it never sends an accepted message twice. */
export async function deliverAttempt(deps: SendDeps, attemptId: string): Promise<DeliverOutcome> {
  const loaded = await loadAttempt(deps.db, { attemptId });
  if (!loaded?.recipient) return { outcome: "missing" };
  const { attempt, campaign: c, account } = loaded;
  const r: CampaignRecipient = loaded.recipient;
  const now = deps.now();
  if (attempt.status === "sent") return { outcome: "sent", providerMessageId: attempt.providerMessageId! };
  if (attempt.status === "failed" || attempt.status === "uncertain") return { outcome: attempt.status === "failed" ? "failed" : "held" };

  const messageId = campaignMessageId(account, c.id, r.id);
  if (attempt.status === "in_flight") {
    // A previous execution of this step started the provider call and never recorded how it ended.
    if (account.kind === "outbox") {
      const stored = await outboxHas(deps.db, c.workspaceId, messageId);
      if (stored) {
        await recordSent(deps.db, { attemptId, providerMessageId: stored, now });
        return { outcome: "sent", providerMessageId: stored };
      }
      // Nothing was stored, so nothing was "sent": the outbox write is all-or-nothing. Send it now.
    } else {
      const error = "The send was interrupted and may have been delivered. Check the Sent folder, then choose Retry or Mark as sent.";
      await recordFailure(deps.db, { attemptId, now, attemptStatus: "uncertain", recipient: "hold", error, errorKind: "interrupted", countsAsFailure: false });
      return { outcome: "held", error };
    }
  } else {
    if (c.status !== "sending") {
      await releaseReservation(deps.db, { attemptId, now, recipient: "pending", reason: `campaign is ${c.status}` });
      return { outcome: "released" };
    }
    const suppressed = await isSuppressed(deps.db, { workspaceId: c.workspaceId, email: r.email });
    if (suppressed) {
      await releaseReservation(deps.db, { attemptId, now, recipient: "skipped", reason: suppressed === "unsubscribed" ? "Unsubscribed" : `On the suppression list (${suppressed})` });
      return { outcome: "skipped" };
    }
  }

  const built = await buildCampaignMessage(deps, c, account, { email: r.email, name: r.name, fields: r.fields, recipientKey: r.id }, { date: new Date(now), linkBase: c.linkBase ?? undefined });
  if (!built.ok) {
    if (built.permanent) {
      await releaseReservation(deps.db, { attemptId, now, recipient: "skipped", reason: built.reason });
      return { outcome: "skipped", error: built.reason };
    }
    return applyFailure(deps, loaded, new SendError("transient", built.reason), now);
  }
  if (attempt.status === "reserved" && !(await markInFlight(deps.db, { attemptId, messageId: built.message.composed.messageId, now }))) {
    return { outcome: "released" };
  }

  let transport: MailTransport | undefined;
  try {
    transport = transportFor(deps, account, built.message);
    const result = await transport.send(built.message.composed);
    await recordSent(deps.db, { attemptId, providerMessageId: result.providerMessageId, now: deps.now() });
    return { outcome: "sent", providerMessageId: result.providerMessageId };
  } catch (err) {
    if (!isSendError(err)) throw err; // DB or programming error: the step retries and finds the attempt in flight
    return applyFailure(deps, loaded, err, deps.now());
  } finally {
    await transport?.close();
  }
}

async function applyFailure(deps: SendDeps, loaded: NonNullable<Awaited<ReturnType<typeof loadAttempt>>>, err: SendError, now: number): Promise<DeliverOutcome> {
  const { attempt, campaign: c, account, recipient } = loaded;
  const d = decideAfterFailure({
    kind: err.kind,
    message: err.message,
    retryAfterMs: err.retryAfterMs,
    mayHaveSent: err.mayHaveSent,
    attempt: recipient!.attempts,
    consecutiveFailures: c.consecutiveFailures,
    now,
  });
  const outcome: FailureOutcome = {
    attemptId: attempt.id,
    now,
    attemptStatus: d.recipient === "hold" ? "uncertain" : "failed",
    recipient: d.recipient,
    retryAt: d.retryAt,
    error: d.recipient === "hold" ? `${d.error} — it may have been delivered. Check the Sent folder, then choose Retry or Mark as sent.` : d.error,
    errorKind: err.kind,
    countsAsFailure: d.countsAsFailure,
    accountNeedsReconnect: err.kind === "auth_revoked",
    pause: d.pauseCampaign
      ? {
          reason: d.pauseCampaign,
          message: failureMessage(d.pauseCampaign === "consecutive_failures" ? "transient" : err.kind, account, err, d.resumeAt, c.timeZone),
          resumeAt: d.resumeAt,
          // a revoked grant and a quota are the account's, not the campaign's: every campaign on it stops
          allCampaignsOfAccount: d.pauseCampaign === "auth_revoked" || d.pauseCampaign === "quota",
        }
      : null,
  };
  await recordFailure(deps.db, outcome);
  if (d.pauseCampaign) return { outcome: "paused", reason: d.pauseCampaign, resumeAt: d.resumeAt ? new Date(d.resumeAt).toISOString() : undefined };
  if (d.recipient === "hold") return { outcome: "held", error: outcome.error };
  return { outcome: d.recipient === "pending" ? "retry" : "failed", error: d.error };
}
