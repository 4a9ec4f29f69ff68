import { NonRetriableError, RetryAfterError } from "inngest";
import type { Db } from "@/db/client";
import { ingestEmail } from "@/db/queries/intake";
import {
  listMailboxesDue,
  loadMailboxForPoll,
  type MailboxForPoll,
  queuedDocumentsOfMessage,
  recordMailboxPoll,
} from "@/db/queries/mailboxes";
import { graphMailConfig, imapPollOptions, type MailboxSettings } from "@/lib/intake/mailbox-settings";
import { inngest } from "@/inngest/client";
import { mailboxPoll } from "@/inngest/events";
import type { BlobStore } from "@/lib/blob";
import { appSecretBox } from "@/lib/crypto/app-secret";
import { SecretDecryptionError, type SecretBox } from "@/lib/crypto/secrets";
import { parseEml } from "@/lib/intake/eml";
import { IntakeError, formatBytes } from "@/lib/intake/errors";
import { createGraphMailClient, GraphRateLimitError } from "@/lib/intake/graph";
import { fetchNewMessages, markImapMessagesProcessed, verifyImapMailbox, type ImapCursor } from "@/lib/intake/imap";
import { startDocumentProcessing } from "@/lib/pipeline";
import { activeRunner } from "@/lib/runner/registry";

// Mailbox polling, the user's story top to bottom:
//   every minute: find the mailboxes whose interval has passed → one app/mailbox.poll event each (id per
//   mailbox + minute, so a retried scheduler never doubles a poll)
//   per mailbox (one at a time per mailbox): fetch a batch of new messages and store each one (messages +
//   attachments as documents, once per Message-ID) → only then mark them processed on the server and save the
//   cursor → hand the new documents to processing → record last polled / last success / last error.
// The mailbox secret is decrypted inside each step that connects and never leaves it: step outputs are stored
// (and shown on the Jobs page), so they carry ids and counts only, never a password or a message body.

const BATCH_SIZE = 25;
const MAX_BATCHES_PER_RUN = 8;
const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
/** A message whose MIME could not be read is skipped by later Graph polls (it stays unread for a person). */
const MAX_REMEMBERED_FAILURES = 200;
/** Mailbox passwords and client secrets use the app's one secret box (lib/crypto/app-secret). */
export const mailboxSecretBox = appSecretBox;

export interface MailboxPollDeps {
  db: Db;
  blobs: BlobStore;
  box: SecretBox;
  now: () => number;
  /** Hands newly stored documents to background processing (default: lib/pipeline). */
  startProcessing: (docs: { id: string; workspaceId: string }[]) => Promise<void>;
  /** Connect/greeting budget for IMAP and request timeout for Graph. */
  timeoutMs?: number;
}

/** Production wiring: the runner's database and clock when embedded, else the app's. */
export async function mailboxPollDeps(): Promise<MailboxPollDeps> {
  const runner = activeRunner();
  const db = runner ? runner.database.db : await (await import("@/db")).getDb();
  const { getBlobStore } = await import("@/lib/blob");
  return {
    db,
    blobs: await getBlobStore(),
    box: mailboxSecretBox(),
    now: () => activeRunner()?.clockNow ?? Date.now(),
    startProcessing: startDocumentProcessing,
    timeoutMs: 30_000,
  };
}

// ———————————————————————————————————————————————————————————— errors

type Failure = { message: string; retry: "never" | "after" | "backoff"; afterSeconds?: number };

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

function rethrow(f: Failure): never {
  if (f.retry === "never") throw new NonRetriableError(f.message);
  if (f.retry === "after") throw new RetryAfterError(f.message, `${f.afterSeconds ?? 60}s`);
  throw new Error(f.message);
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

async function fetchAndStore(deps: MailboxPollDeps, mb: MailboxForPoll, cursor: Record<string, unknown> | null): Promise<BatchResult> {
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
async function markProcessed(deps: MailboxPollDeps, mb: MailboxForPoll, batch: BatchResult): Promise<number> {
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
function problemsOf(items: StoredItem[], oversized: { ref: string; size: number }[]): string | null {
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

// ———————————————————————————————————————————————————————————— connection test (Settings)

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

// ———————————————————————————————————————————————————————————— the functions

export function createMailboxPollFunctions(getDeps: () => Promise<MailboxPollDeps> = mailboxPollDeps) {
  const scheduleMailboxPolls = inngest.createFunction(
    { id: "schedule-mailbox-polls", name: "Schedule mailbox polls", retries: 2, triggers: [{ cron: "* * * * *" }] },
    async ({ step }) => {
      const due = await step.run("find-due-mailboxes", async () => {
        const deps = await getDeps();
        const now = deps.now();
        const mailboxes = await listMailboxesDue(deps.db, { now: new Date(now) });
        return { minute: new Date(Math.floor(now / 60_000) * 60_000).toISOString().slice(0, 16), mailboxes };
      });
      if (due.mailboxes.length === 0) return { polled: 0 };
      await step.sendEvent(
        "poll-due-mailboxes",
        due.mailboxes.map((m) =>
          mailboxPoll.create({ workspaceId: m.workspaceId, mailboxId: m.id }, { id: `mailbox-poll-${m.id}-${due.minute}` }),
        ),
      );
      return { polled: due.mailboxes.length, minute: due.minute };
    },
  );

  const pollMailbox = inngest.createFunction(
    {
      id: "poll-mailbox",
      name: "Poll mailbox",
      retries: 4,
      triggers: [mailboxPoll],
      // One poll per mailbox at a time: the cursor and the server-side marks belong to one poller.
      concurrency: { limit: 1, key: "event.data.mailboxId" },
    },
    async ({ event, step }) => {
      const { workspaceId, mailboxId } = event.data;

      // Load (without the secret: it is decrypted again inside each step that connects).
      const loaded = await step.run("load-mailbox", async () => {
        const deps = await getDeps();
        try {
          const mb = await loadMailboxForPoll(deps.db, deps.box, { workspaceId, id: mailboxId });
          if (!mb) return { state: "missing" as const };
          if (!mb.enabled) return { state: "disabled" as const, name: mb.name };
          return { state: "ready" as const, name: mb.name, kind: mb.settings.kind, cursor: mb.cursor };
        } catch (err) {
          const f = classifyPollError(err);
          await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: false, error: f.message });
          return rethrow(f);
        }
      });
      if (loaded.state !== "ready") return { skipped: loaded.state };

      const open = async (deps: MailboxPollDeps) => {
        const mb = await loadMailboxForPoll(deps.db, deps.box, { workspaceId, id: mailboxId });
        if (!mb) throw new NonRetriableError("The mailbox was deleted while it was being polled.");
        return mb;
      };

      let cursor: Record<string, unknown> | null = loaded.cursor;
      const items: StoredItem[] = [];
      const oversized: BatchResult["oversized"] = [];
      let documents = 0;
      let more = false;
      for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
        // Fetch and store: the raw messages never leave this step; its output is ids and counts.
        const batch = await step.run(`fetch-and-store-${i}`, async () => {
          const deps = await getDeps();
          try {
            return await fetchAndStore(deps, await open(deps), cursor);
          } catch (err) {
            if (err instanceof NonRetriableError) throw err;
            const f = classifyPollError(err);
            await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: false, error: f.message });
            return rethrow(f);
          }
        });
        items.push(...batch.items);
        oversized.push(...batch.oversized);
        documents += batch.newDocuments.length;

        // Only now that the messages are committed: mark them on the server, then move the cursor past them.
        if (batch.items.length > 0 || batch.oversized.length > 0 || JSON.stringify(batch.cursor) !== JSON.stringify(cursor ?? {})) {
          await step.run(`mark-processed-${i}`, async () => {
            const deps = await getDeps();
            try {
              const marked = await markProcessed(deps, await open(deps), batch);
              await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, cursor: batch.cursor });
              return { marked };
            } catch (err) {
              if (err instanceof NonRetriableError) throw err;
              const f = classifyPollError(err);
              await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: false, error: f.message });
              return rethrow(f);
            }
          });
        }
        const handOn = [...batch.newDocuments, ...batch.pendingDocuments];
        if (handOn.length > 0) {
          await step.run(`start-processing-${i}`, async () => {
            const deps = await getDeps();
            await deps.startProcessing(handOn);
            return { documents: handOn.length };
          });
        }
        cursor = batch.cursor;
        more = batch.more;
        if (!more) break;
      }

      const summary = await step.run("record-result", async () => {
        const deps = await getDeps();
        const error = problemsOf(items, oversized);
        await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: true, error });
        return {
          stored: items.filter((i) => i.status === "stored").length,
          duplicates: items.filter((i) => i.status === "duplicate").length,
          unreadable: items.filter((i) => i.status === "error").length,
          oversized: oversized.length,
          documents,
          messageIds: items.filter((i) => i.status === "stored").map((i) => i.messageId),
        };
      });

      // A backlog larger than one run: continue in a fresh run (keeps each run's history small).
      if (more) {
        const after = cursor && typeof cursor.lastUid === "number" ? `${cursor.uidValidity}-${cursor.lastUid}` : `${event.id ?? "graph"}-more`;
        await step.sendEvent("continue-backlog", mailboxPoll.create({ workspaceId, mailboxId }, { id: `mailbox-poll-${mailboxId}-after-${after}` }));
      }
      return { ...summary, continued: more };
    },
  );

  return { scheduleMailboxPolls, pollMailbox };
}

export const { scheduleMailboxPolls, pollMailbox } = createMailboxPollFunctions();
