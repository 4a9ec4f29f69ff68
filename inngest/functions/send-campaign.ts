import { createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listCampaignAttachments, requireCampaign } from "@/db/queries/campaigns/campaigns";
import { bumpGeneration, resumeCampaign } from "@/db/queries/campaigns/control";
import { campaignsDueAfterQuota, resumeAfterQuota } from "@/db/queries/campaigns/quota";
import { getSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import {
  type FailureOutcome,
  loadAttempt,
  markInFlight,
  recordFailure,
  recordSent,
  releaseReservation,
  reserveNextSend,
  reserveTestSend,
} from "@/db/queries/campaigns/sends";
import { isSuppressed } from "@/db/queries/campaigns/suppressions";
import { storeOutboxMessage } from "@/db/queries/outbox";
import { outboxMessages, sendAttempts, sendingAccounts, type Campaign, type CampaignRecipient, type SendingAccount } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { campaignStarted } from "@/inngest/events";
import type { BlobStore } from "@/lib/blob";
import { formatInZone } from "@/lib/campaigns/pacing";
import { decideAfterFailure } from "@/lib/campaigns/send-policy";
import { PAUSE_REASON_MESSAGES } from "@/lib/campaigns/status";
import { renderForRecipient } from "@/lib/campaigns/template";
import { signUnsubscribeToken, TEST_MESSAGE_TOKEN, unsubscribeUrl } from "@/lib/campaigns/unsubscribe";
import { appMasterSecret, appSecretBox } from "@/lib/crypto/app-secret";
import type { SecretBox } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";
import { ComposeError, composeMessage, deterministicMessageId, type ComposedMessage } from "@/lib/mail/compose";
import { isSendError, SendError } from "@/lib/mail/send-error";
import { createGmailTransport, createOutboxTransport, createSmtpTransport, type MailTransport } from "@/lib/mail/transports";
import type { GmailTokens } from "@/lib/mail/gmail";
import { activeRunner } from "@/lib/runner/registry";

// Sends a campaign, one recipient at a time, under its account's pacing — the user's story top to bottom:
//   reserve (DB lock on the account: pacing across all its campaigns, claim the next recipient, record the attempt)
//   → sleep until the next slot when pacing says wait (step.sleepUntil, so it holds on any executor)
//   → deliver (render, compose, mark in flight, send, record the provider's id — or apply the failure policy)
//   → after a batch, continue in a fresh run (keeps each run's history small).
// Exactly once from the user's view: a step that died after "in flight" is never sent again blindly; the
// recipient is held (visible in the log) until someone checks the Sent folder, except on the dev outbox
// where the stored copy is looked up by Message-ID.

const BATCH = 60;

// ———————————————————————————————————————————————————————————— configuration (env read once, here)

/** Sending-account credentials use the app's one master secret and secret box (lib/crypto/app-secret). */
export const campaignMasterSecret = appMasterSecret;
export const campaignSecretBox = appSecretBox;

/** The HMAC key of unsubscribe links, derived from the master secret (never the master itself). */
export function unsubscribeSecret(): string {
  return createHmac("sha256", campaignMasterSecret()).update("docket/campaigns/unsubscribe/v1").digest("base64url");
}

export const smtpSecretContext = (accountId: string) => `sending_account:${accountId}:smtp_password`;
export const gmailSecretContext = (accountId: string) => `sending_account:${accountId}:gmail_tokens`;

export interface SendDeps {
  db: Db;
  blobs: BlobStore;
  now: () => number;
  box: SecretBox;
  publicUrl: string;
  unsubscribeSecret: string;
  google: { clientId: string; clientSecret: string; tokenUrl: string; gmailBaseUrl: string } | null;
  /** Tests: a transport standing in for the account's real one (e.g. a provider that fails at random). */
  transport?: (account: SendingAccount) => MailTransport | null;
}

/** Tests replace parts of the wiring here (e.g. `transport`); production leaves it empty. */
export const sendDepsOverrides: Partial<SendDeps> = {};

/** Production wiring: the runner's database and clock when embedded, else the app's. */
export async function sendDeps(): Promise<SendDeps> {
  const runner = activeRunner();
  const e = env();
  const db = runner ? runner.database.db : await (await import("@/db")).getDb();
  const { getBlobStore } = await import("@/lib/blob");
  return {
    db,
    blobs: await getBlobStore(),
    now: () => activeRunner()?.clockNow ?? Date.now(),
    box: campaignSecretBox(),
    publicUrl: e.publicUrl,
    unsubscribeSecret: unsubscribeSecret(),
    google:
      e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET
        ? { clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET, tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL, gmailBaseUrl: e.GMAIL_API_BASE_URL }
        : null,
    ...sendDepsOverrides,
  };
}

// ———————————————————————————————————————————————————————————— transports

/** The transport of one sending account, secrets decrypted for this send only. */
export function transportFor(deps: SendDeps, account: SendingAccount, outbox: { subject: string; text?: string; html?: string }): MailTransport {
  const injected = deps.transport?.(account);
  if (injected) return injected;
  if (account.kind === "outbox") {
    return createOutboxTransport({
      store: async (entry) => {
        await storeOutboxMessage(deps.db, {
          workspaceId: account.workspaceId,
          kind: "campaign",
          from: entry.envelope.from,
          to: entry.envelope.to.join(", "),
          subject: outbox.subject,
          text: outbox.text ?? null,
          html: outbox.html ?? null,
          headers: { "Message-ID": entry.messageId },
          raw: entry.raw,
        });
      },
    });
  }
  if (account.kind === "smtp") {
    const c = account.config as { host: string; port: number; secure: boolean; user?: string; allowInvalidCertificates?: boolean; requireTls?: boolean };
    const pass = c.user && account.secretEnc ? deps.box.decrypt(account.secretEnc, smtpSecretContext(account.id)) : undefined;
    return createSmtpTransport({
      host: c.host,
      port: c.port,
      secure: c.secure,
      user: c.user,
      pass,
      allowInvalidCertificates: c.allowInvalidCertificates,
      requireTls: c.requireTls,
      connectionTimeoutMs: 20_000,
      // a server the user typed in: public addresses only, unless the operator allows more
      outbound: env().outbound,
    });
  }
  if (!deps.google) {
    throw new SendError("auth_revoked", "Google is not configured on this server (AUTH_GOOGLE_ID/SECRET); Gmail accounts cannot send.");
  }
  if (!account.secretEnc) throw new SendError("auth_revoked", "This Gmail account has no stored grant. Reconnect Google in Campaigns → Accounts.");
  const tokens = JSON.parse(deps.box.decrypt(account.secretEnc, gmailSecretContext(account.id))) as GmailTokens;
  return createGmailTransport({
    tokens,
    clientId: deps.google.clientId,
    clientSecret: deps.google.clientSecret,
    tokenUrl: deps.google.tokenUrl,
    baseUrl: deps.google.gmailBaseUrl,
    now: deps.now,
    onTokensRefreshed: async (t) => {
      const next: GmailTokens = { accessToken: t.accessToken, expiresAt: t.expiresAt, refreshToken: t.refreshToken ?? tokens.refreshToken };
      await deps.db
        .update(sendingAccounts)
        .set({ secretEnc: deps.box.encrypt(JSON.stringify(next), gmailSecretContext(account.id)), status: "active", lastError: null })
        .where(eq(sendingAccounts.id, account.id));
    },
  });
}

// ———————————————————————————————————————————————————————————— one message

export interface BuiltMessage {
  composed: ComposedMessage;
  subject: string;
  text?: string;
  html?: string;
}

/** The Message-ID of one campaign message: stable per campaign + recipient, in the sender's domain. */
export function campaignMessageId(account: Pick<SendingAccount, "fromAddress">, campaignId: string, recipientKey: string) {
  const domain = account.fromAddress.split("@")[1]?.toLowerCase() ?? "";
  return deterministicMessageId([campaignId, recipientKey], /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : "docket.local");
}

export type BuildResult = { ok: true; message: BuiltMessage } | { ok: false; reason: string; permanent: boolean };

/** Renders the template for one recipient and composes the exact MIME bytes every transport sends. */
export async function buildCampaignMessage(
  deps: Pick<SendDeps, "blobs" | "publicUrl" | "unsubscribeSecret" | "db">,
  c: Campaign,
  account: SendingAccount,
  to: { email: string; name?: string | null; fields: Record<string, string>; recipientKey: string },
  opts: { date: Date; subjectPrefix?: string; test?: boolean; linkBase?: string } = { date: new Date() },
): Promise<BuildResult> {
  const base = opts.linkBase ?? deps.publicUrl;
  // a test send to oneself carries no working unsubscribe link: unsubscribing yourself from your own campaign by
  // clicking around in a test would be a surprise
  const url = opts.test
    ? `${base}/u/${TEST_MESSAGE_TOKEN}`
    : unsubscribeUrl(base, signUnsubscribeToken({ workspaceId: c.workspaceId, email: to.email, campaignId: c.id }, deps.unsubscribeSecret));
  const rendered = renderForRecipient(
    { subject: c.subject, text: c.textBody ?? undefined, html: c.htmlBody ?? undefined },
    to.fields,
    { onEmpty: c.onEmpty, fallbacks: c.fallbacks, unsubscribeUrl: url },
  );
  if (!rendered.ok) return { ok: false, reason: `Not sent: ${rendered.reason}`, permanent: true };
  const attachments = [];
  for (const a of await listCampaignAttachments(deps.db, { workspaceId: c.workspaceId, campaignId: c.id })) {
    const content = await deps.blobs.read(a.blobKey);
    if (!content) return { ok: false, reason: `The attachment ${a.filename} is missing from storage; re-attach it.`, permanent: false };
    attachments.push({ filename: a.filename, contentType: a.contentType, content });
  }
  const subject = `${opts.subjectPrefix ?? ""}${rendered.message.subject}`;
  try {
    const composed = await composeMessage({
      from: { name: account.fromName ?? undefined, address: account.fromAddress },
      to: { name: to.name ?? undefined, address: to.email },
      subject,
      text: rendered.message.text,
      html: rendered.message.html,
      attachments,
      unsubscribe: opts.test ? undefined : { url: `${url}/one-click` },
      headers: { "X-Docket-Campaign": c.id },
      messageId: campaignMessageId(account, c.id, to.recipientKey),
      boundarySeed: `${c.id}:${to.recipientKey}`,
      date: opts.date,
    });
    return { ok: true, message: { composed, subject, text: rendered.message.text, html: rendered.message.html } };
  } catch (err) {
    if (err instanceof ComposeError) return { ok: false, reason: `Not sent: ${err.message}`, permanent: true };
    throw err;
  }
}

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

// ———————————————————————————————————————————————————————————— the function

export const runEventId = (campaignId: string, generation: number) => `campaign-${campaignId}-run-${generation}`;

export const sendCampaign = inngest.createFunction(
  {
    id: "send-campaign",
    name: "Send campaign",
    retries: 5,
    triggers: [campaignStarted],
    // One loop per campaign at a time; pacing across campaigns of an account is enforced in the DB, not here.
    concurrency: { limit: 1, key: "event.data.campaignId" },
    // Pause and cancel stop a sleeping run at once (the reserve step also re-checks the status under a lock).
    cancelOn: [{ event: "app/campaign.control", if: "async.data.campaignId == event.data.campaignId && async.data.action != 'resume'" }],
  },
  async ({ event, step, runId }) => {
    const { workspaceId, campaignId } = event.data;
    for (let i = 0; i < BATCH; i++) {
      const r = await step.run(`reserve-${i}`, async () => {
        const deps = await sendDeps();
        // keyed by run and step: run again after a crash, the step gets back the reservation it already made
        return reserveNextSend(deps.db, { workspaceId, campaignId, now: deps.now(), key: `${runId}:reserve-${i}` });
      });
      if (r.kind === "stop" || r.kind === "done") return r;
      if (r.kind === "wait") {
        await step.sleepUntil(`wait-${i}`, r.until);
        continue;
      }
      const out = await step.run(`deliver-${i}`, async () => deliverAttempt(await sendDeps(), r.attemptId));
      if (out.outcome === "paused") {
        if (out.reason !== "quota" || !out.resumeAt) return out;
        await step.sleepUntil(`quota-${i}`, out.resumeAt);
        const resumed = await step.run(`quota-resume-${i}`, async () => {
          const deps = await sendDeps();
          return resumeAfterQuota(deps.db, { workspaceId, campaignId, now: deps.now() });
        });
        if (!resumed) return { kind: "stop", status: "paused" };
      }
    }
    const next = await step.run("next-run", async () => bumpGeneration((await sendDeps()).db, { workspaceId, campaignId }));
    if (!next) return { kind: "stop", status: "cancelled" };
    await step.sendEvent("continue", campaignStarted.create({ workspaceId, campaignId }, { id: runEventId(campaignId, next.runGeneration) }));
    return { kind: "continued", generation: next.runGeneration };
  },
);

/** Grace before the sweeper resumes a quota pause: the campaign that got the answer resumes itself on time. */
export const QUOTA_SWEEP_GRACE_MS = 2 * 60_000;

/**
 * Every minute: campaigns paused with their account's quota (the others of the account, paused together) go on once
 * the quota's resume time has passed, each with a new run.
 */
export const resumeQuotaPausedCampaigns = inngest.createFunction(
  { id: "resume-quota-paused-campaigns", name: "Resume campaigns after a quota pause", retries: 2, triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    const resumed = await step.run("resume", async () => {
      const deps = await sendDeps();
      const due = await campaignsDueAfterQuota(deps.db, { now: deps.now(), graceMs: QUOTA_SWEEP_GRACE_MS });
      const out: Array<{ workspaceId: string; campaignId: string; generation: number }> = [];
      for (const d of due) {
        const c = await resumeCampaign(deps.db, { workspaceId: d.workspaceId, actorId: null, campaignId: d.id, now: new Date(deps.now()), onlyReason: "quota" });
        if (c) out.push({ workspaceId: d.workspaceId, campaignId: c.id, generation: c.runGeneration });
      }
      return out;
    });
    if (resumed.length) {
      await step.sendEvent(
        "start-runs",
        resumed.map((r) => campaignStarted.create({ workspaceId: r.workspaceId, campaignId: r.campaignId }, { id: runEventId(r.campaignId, r.generation) })),
      );
    }
    return { resumed: resumed.length };
  },
);

// ———————————————————————————————————————————————————————————— test send (from the campaign page)

/**
 * Sends the campaign's message, rendered for one of its recipients, to the user themself — through the campaign's
 * real account, outside its campaign caps (test sends have their own allowance), with an inert unsubscribe link.
 * Returns where it went and the provider id.
 */
export async function sendTestMessage(
  deps: SendDeps,
  q: {
    workspaceId: string;
    campaignId: string;
    to: string;
    recipient: { email: string; name?: string | null; fields: Record<string, string> };
    /** Where links in the message point (the app's address as the user reached it). */
    linkBase?: string;
  },
): Promise<{ ok: true; providerMessageId: string; delivered: boolean } | { ok: false; error: string }> {
  const c = await requireCampaign(deps.db, q);
  const account = (await getSendingAccount(deps.db, { workspaceId: q.workspaceId, accountId: c.accountId }))!;
  const now = deps.now();
  const slot = await reserveTestSend(deps.db, { ...q, now });
  if (!slot.ok) {
    return {
      ok: false,
      error: `You have sent ${slot.decision.sentLastHour} test messages in the last hour and ${slot.decision.sentLastDay} in the last 24 h (test sends are limited to ${slot.limits.perHour} an hour, ${slot.limits.perDay} a day, apart from the campaign's own caps); next possible at ${formatInZone(slot.decision.at, c.timeZone)}.`,
    };
  }
  const built = await buildCampaignMessage(
    deps,
    c,
    account,
    { email: q.to, name: q.recipient.name, fields: { ...q.recipient.fields, email: q.recipient.email }, recipientKey: `test:${slot.attemptId}` },
    { date: new Date(now), subjectPrefix: "[Test] ", test: true, linkBase: q.linkBase },
  );
  const finish = async (status: "sent" | "failed", patch: { providerMessageId?: string; error?: string; errorKind?: string }) => {
    await deps.db.update(sendAttempts).set({ status, finishedAt: new Date(deps.now()), ...patch }).where(eq(sendAttempts.id, slot.attemptId));
  };
  if (!built.ok) {
    await finish("failed", { error: built.reason, errorKind: "released" });
    return { ok: false, error: built.reason };
  }
  let transport: MailTransport | undefined;
  try {
    transport = transportFor(deps, account, built.message);
    const r = await transport.send(built.message.composed);
    await finish("sent", { providerMessageId: r.providerMessageId });
    return { ok: true, providerMessageId: r.providerMessageId, delivered: account.kind !== "outbox" };
  } catch (err) {
    if (!isSendError(err)) throw err;
    await finish("failed", { error: err.message, errorKind: err.kind });
    if (err.kind === "auth_revoked") {
      await deps.db.update(sendingAccounts).set({ status: "needs_reconnect", lastError: err.message }).where(eq(sendingAccounts.id, account.id));
    }
    return { ok: false, error: err.message };
  } finally {
    await transport?.close();
  }
}
