import { listCampaignAttachments } from "@/db/queries/campaigns/campaigns";
import { type Campaign, type SendingAccount } from "@/db/schema";
import { renderForRecipient } from "@/lib/campaigns/template";
import { signUnsubscribeToken, TEST_MESSAGE_TOKEN, unsubscribeUrl } from "@/lib/campaigns/unsubscribe";
import { ComposeError, composeMessage, deterministicMessageId, type ComposedMessage } from "@/lib/mail/compose";
import type { SendDeps } from "./send-deps";

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
