import { ingestEmail } from "@/db/queries/intake";
import { queuedDocumentsOfMessage, type MailboxForPoll } from "@/db/queries/mailboxes";
import { graphMailConfig, imapPollOptions } from "@/lib/intake/mailbox-settings";
import { SecretDecryptionError } from "@/lib/crypto/secrets";
import { parseEml } from "@/lib/intake/eml";
import { IntakeError, formatBytes } from "@/lib/intake/errors";
import { createGraphMailClient, GraphRateLimitError } from "@/lib/intake/graph";
import { fetchNewMessages, markImapMessagesProcessed, type ImapCursor } from "@/lib/intake/imap";
import type { MailboxPollDeps } from "./poll-deps";

// One poll batch of a connected mailbox, as the poll function runs it step by step: fetch new messages and store
// each (attachments as documents, once per Message-ID), mark them processed on the server, say what went wrong.

export const BATCH_SIZE = 25;
export const MAX_BATCHES_PER_RUN = 8;
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
/** A message whose MIME could not be read is skipped by later Graph polls (it stays unread for a person). */
const MAX_REMEMBERED_FAILURES = 200;

// ———————————————————————————————————————————————————————————— errors

export type Failure = { message: string; retry: "never" | "after" | "backoff"; afterSeconds?: number };

/** Which failures are worth retrying: wrong credentials, folder or settings are not; a dropped connection is. */
export function classifyPollError(err: unknown): Failure {
  if (err instanceof SecretDecryptionError) {
    return { message: `The saved password or client secret cannot be decrypted (${err.message}). Enter it again in Settings → Mailboxes.`, retry: "never" };
  }
  if (err instanceof GraphRateLimitError) return { message: err.message, retry: "after", afterSeconds: Math.max(1, err.retryAfterSeconds) };
  if (err instanceof IntakeError) {
    const permanent = ["imap_auth", "imap_folder", "graph_auth"].includes(err.code);
    return { message: err.message, retry: permanent ? "never" : "backoff" };
  }
  return { message: err instanceof Error ? err.message : String(err), retry: "backoff" };
}

// ———————————————————————————————————————————————————————————— one batch: fetch → store

export interface StoredItem {
  /** IMAP UID or Graph message id. */
  ref: string;
  status: "stored" | "duplicate" | "error";
  /** The message row in Docket (stored or the earlier one it duplicates). */
  messageId: string | null;
  subject: string;
  error?: string;
}

export interface BatchResult {
  items: StoredItem[];
  /** Documents stored for the first time by this batch. */
  newDocuments: { id: string; workspaceId: string; contentType: string }[];
  /** Documents of repeated messages that were never picked up (an earlier failed attempt stored them). */
  pendingDocuments: { id: string; workspaceId: string; contentType: string }[];
  /** IMAP: the cursor after this batch. Graph: ids that could not be read, skipped from now on. */
  cursor: Record<string, unknown>;
  /** IMAP: the UIDVALIDITY the UIDs belong to. */
  uidValidity: number | null;
  more: boolean;
  /** Messages not downloaded because of their size. */
  oversized: { ref: string; size: number }[];
}

export async function fetchAndStore(deps: MailboxPollDeps, mb: MailboxForPoll, cursor: Record<string, unknown> | null): Promise<BatchResult> {
  const result: BatchResult = { items: [], newDocuments: [], pendingDocuments: [], cursor: {}, uidValidity: null, more: false, oversized: [] };
  const collect = async (raw: Buffer, ref: string, label: string) => {
    const stored = await storeMessage(deps, mb, raw, ref, label);
    result.items.push(stored.item);
    result.newDocuments.push(...stored.newDocuments);
    result.pendingDocuments.push(...stored.pendingDocuments);
  };
  if (mb.settings.kind === "imap") {
    const r = await fetchNewMessages({
      ...imapPollOptions(mb.settings.config, mb.secret, {
        cursor: (cursor as ImapCursor | null) ?? null,
        maxMessages: BATCH_SIZE,
        connectionTimeoutMs: deps.timeoutMs,
      }),
      maxMessageBytes: MAX_MESSAGE_BYTES,
    });
    for (const m of r.messages) await collect(m.raw, String(m.uid), `${mb.name} UID ${m.uid}`);
    result.cursor = { ...r.cursor };
    result.uidValidity = r.cursor.uidValidity;
    result.more = r.remaining > 0;
    result.oversized = r.oversized.map((o) => ({ ref: String(o.uid), size: o.size }));
    return result;
  }
  const failed = Array.isArray(cursor?.failedIds) ? (cursor.failedIds as string[]) : [];
  const client = createGraphMailClient(graphMailConfig(mb.settings.config, mb.secret, { timeoutMs: deps.timeoutMs }));
  const listed = await client.listUnreadWithAttachments(BATCH_SIZE + Math.min(failed.length, MAX_REMEMBERED_FAILURES));
  const fresh = listed.messages.filter((m) => !failed.includes(m.id)).slice(0, BATCH_SIZE);
  const newFailures: string[] = [];
  for (const m of fresh) {
    const raw = await client.getMime(m.id);
    if (raw.length > MAX_MESSAGE_BYTES) {
      result.oversized.push({ ref: m.id, size: raw.length });
      newFailures.push(m.id);
      continue;
    }
    await collect(raw, m.id, `${mb.name} ${m.subject || m.id}`.slice(0, 120));
    if (result.items[result.items.length - 1]!.status === "error") newFailures.push(m.id);
  }
  result.cursor = { failedIds: [...failed, ...newFailures].slice(-MAX_REMEMBERED_FAILURES) };
  result.more = listed.more || listed.messages.filter((m) => !failed.includes(m.id)).length > fresh.length;
  return result;
}

/** One raw message → a stored message (or the earlier one it duplicates) with its attachments as documents. */
async function storeMessage(deps: MailboxPollDeps, mb: MailboxForPoll, raw: Buffer, ref: string, label: string) {
  let email;
  try {
    email = await parseEml(raw, `${label}.eml`, { maxBytes: MAX_MESSAGE_BYTES });
  } catch (err) {
    if (err instanceof IntakeError) {
      return { item: { ref, status: "error" as const, messageId: null, subject: "", error: err.message }, newDocuments: [], pendingDocuments: [] };
    }
    throw err;
  }
  const report = await ingestEmail(
    { db: deps.db, blobs: deps.blobs },
    { workspaceId: mb.workspaceId, actorId: null },
    { email, raw, source: mb.settings.kind, mailboxId: mb.id },
  );
  const stored = report.messageIds.length > 0;
  const messageId = report.messageIds[0] ?? report.lines.find((l) => l.messageId)?.messageId ?? null;
  const item: StoredItem = { ref, status: stored ? "stored" : "duplicate", messageId, subject: email.subject };
  // A repeat of a message an earlier, failed attempt stored: its documents may never have been handed on.
  const pendingDocuments = stored || !messageId ? [] : await queuedDocumentsOfMessage(deps.db, { workspaceId: mb.workspaceId, messageId });
  return { item, newDocuments: report.newDocuments, pendingDocuments };
}

/** Marks the stored messages processed on the server (IMAP: seen / moved; Graph: read). */
export async function markProcessed(deps: MailboxPollDeps, mb: MailboxForPoll, batch: BatchResult): Promise<number> {
  const refs = batch.items.filter((i) => i.status !== "error").map((i) => i.ref);
  if (refs.length === 0) return 0;
  if (mb.settings.kind === "imap") {
    const opts = imapPollOptions(mb.settings.config, mb.secret, { connectionTimeoutMs: deps.timeoutMs });
    if (opts.markProcessedAfterStore === "none") return 0;
    await markImapMessagesProcessed(
      { ...opts, markProcessed: opts.markProcessedAfterStore, uidValidity: batch.uidValidity ?? 0 },
      refs.map(Number),
    );
    return refs.length;
  }
  const client = createGraphMailClient(graphMailConfig(mb.settings.config, mb.secret, { timeoutMs: deps.timeoutMs }));
  for (const id of refs) await client.markRead(id);
  return refs.length;
}

/** What a poll that stored everything but some messages says in "last error" (null when nothing to say). */
export function problemsOf(items: StoredItem[], oversized: { ref: string; size: number }[]): string | null {
  const parts: string[] = [];
  const bad = items.filter((i) => i.status === "error");
  if (bad.length > 0) parts.push(`${bad.length} message${bad.length === 1 ? "" : "s"} could not be read: ${bad.map((b) => b.error).join("; ")}`);
  if (oversized.length > 0) {
    parts.push(
      `${oversized.length} message${oversized.length === 1 ? " was" : "s were"} skipped for being larger than ${formatBytes(MAX_MESSAGE_BYTES)} (${oversized
        .map((o) => formatBytes(o.size))
        .join(", ")})`,
    );
  }
  return parts.length > 0 ? `${parts.join(". ")}. They were left on the server.` : null;
}
