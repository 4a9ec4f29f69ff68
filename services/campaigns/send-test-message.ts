import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { requireCampaign } from "@/db/queries/campaigns/campaigns";
import { getCampaignRecipient, listCampaignRecipients } from "@/db/queries/campaigns/recipients";
import { getSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { reserveTestSend } from "@/db/queries/campaigns/sends";
import { sendAttempts, sendingAccounts, users } from "@/db/schema";
import { formatInZone } from "@/lib/campaigns/pacing";
import { UserError } from "@/lib/errors";
import { isSendError } from "@/lib/mail/send-error";
import { type MailTransport } from "@/lib/mail/transports";
import { buildCampaignMessage } from "./build-campaign-message";
import { sendDeps, type SendDeps } from "./send-deps";
import { transportFor } from "./transport-for";

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

/** "Send me a test": the campaign's message rendered for one of its recipients (the first by default), to the signed-in user. */
export async function sendTestToMe(db: Db, q: { workspaceId: string; userId: string; campaignId: string; recipientId?: string; linkBase: string }) {
  const c = await requireCampaign(db, { workspaceId: q.workspaceId, campaignId: q.campaignId });
  const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, q.userId));
  if (!me?.email) throw new UserError("Your account has no email address to send the test to.");
  const r = q.recipientId
    ? await getCampaignRecipient(db, { workspaceId: q.workspaceId, campaignId: c.id, recipientId: q.recipientId })
    : (await listCampaignRecipients(db, { workspaceId: q.workspaceId, campaignId: c.id, limit: 1 })).rows[0];
  if (!r) throw new UserError("No such recipient in this campaign.", "not_found");
  const out = await sendTestMessage({ ...(await sendDeps()), db }, { workspaceId: q.workspaceId, campaignId: c.id, to: me.email, recipient: r, linkBase: q.linkBase });
  if (!out.ok) throw new UserError(`The test was not sent: ${out.error}`);
  return { to: me.email, providerMessageId: out.providerMessageId, delivered: out.delivered, renderedFor: r.email };
}
