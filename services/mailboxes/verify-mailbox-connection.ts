import { graphMailConfig, imapPollOptions, type MailboxSettings } from "@/lib/intake/mailbox-settings";
import { createGraphMailClient } from "@/lib/intake/graph";
import { verifyImapMailbox } from "@/lib/intake/imap";

/** Connects with the given settings and secret and says what it found, or throws the connector's error. */
export async function verifyMailboxConnection(settings: MailboxSettings, secret: string, timeoutMs = 15_000): Promise<string> {
  if (settings.kind === "imap") {
    const c = settings.config;
    const opts = imapPollOptions(c, secret, { connectionTimeoutMs: timeoutMs });
    const r = await verifyImapMailbox({ ...opts, folder: c.folder });
    return `Connected to ${c.host}:${c.port} as ${c.user}. Folder "${c.folder}" holds ${r.messages} message${r.messages === 1 ? "" : "s"}.`;
  }
  const c = settings.config;
  // A person is waiting for the answer: do not sit out long throttling waits here.
  const client = createGraphMailClient({ ...graphMailConfig(c, secret, { timeoutMs }), maxRetries: 1, maxRetryAfterSeconds: 5 });
  const { messages, more } = await client.listUnreadWithAttachments(10);
  const n = more ? "more than 10" : String(messages.length);
  return `Signed in to tenant ${c.tenantId} and read folder "${c.folder}" of ${c.mailbox}: ${n} unread message${messages.length === 1 && !more ? "" : "s"} with attachments waiting.`;
}
