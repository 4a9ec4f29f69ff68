import { ImapFlow, type FetchMessageObject } from "imapflow";
import { resolveOutbound, OutboundRefusedError, type OutboundPolicy } from "@/lib/net/outbound";
import { IntakeError } from "./errors";

/**
 * IMAP mailbox connector (imapflow). One call = one poll: connect, open the folder, find messages newer
 * than the UID cursor that match the mode (unseen / received since a date), download their raw MIME
 * (BODY.PEEK, so fetching alone never marks anything read), optionally mark them processed, log out.
 *
 * Idempotent by UID cursor: a message whose UID is at or below `cursor.lastUid` is never returned again
 * while the folder's UIDVALIDITY is unchanged. When UIDVALIDITY changes (the server rebuilt the folder)
 * UIDs are meaningless, the cursor restarts and `uidValidityChanged` tells the caller to rely on
 * Message-ID de-duplication for that poll.
 *
 * For at-least-once handling, poll with `markProcessed: "none"`, store the messages, then call
 * `markImapMessagesProcessed` with their UIDs; or pass `markProcessed` to do both in one call.
 */

export interface ImapConnectionOptions {
  host: string;
  port: number;
  /** true = implicit TLS (port 993). false = plain connection upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  /** TLS options: `ca` (PEM) to trust a private CA or self-signed server certificate; `rejectUnauthorized: false` to skip verification. */
  tls?: { rejectUnauthorized?: boolean; servername?: string; ca?: string };
  /** Connect + greeting budget in ms. Default 30 s. */
  connectionTimeoutMs?: number;
  /** For servers a user typed in: which addresses may be connected to (lib/net/outbound). Unset → any. */
  outbound?: OutboundPolicy;
}

export type ImapMarkProcessed = "seen" | "none" | `move:${string}`;

export interface ImapCursor {
  uidValidity: number;
  lastUid: number;
}

export interface FetchNewMessagesOptions extends ImapConnectionOptions {
  folder: string;
  mode: "unseen" | "since";
  /** Required for mode "since": messages received (INTERNALDATE) at or after this instant. */
  since?: Date | string;
  markProcessed: ImapMarkProcessed;
  cursor?: ImapCursor | null;
  /** At most this many messages per call (the oldest first); the rest come on the next poll. Default 50. */
  maxMessages?: number;
  /** Messages larger than this are not downloaded; they are listed in `oversized`. Default 50 MB. */
  maxMessageBytes?: number;
}

export interface ImapMessage {
  uid: number;
  raw: Buffer;
  /** Server receive time (INTERNALDATE), ISO 8601. */
  receivedAt: string | null;
  size: number;
}

export interface FetchNewMessagesResult {
  messages: ImapMessage[];
  /** Store this and pass it to the next call. */
  cursor: ImapCursor;
  uidValidityChanged: boolean;
  /** Matching messages left for the next call because of `maxMessages`. */
  remaining: number;
  /** Messages skipped because they exceed `maxMessageBytes` (the cursor moves past them). */
  oversized: { uid: number; size: number }[];
}

export const DEFAULT_IMAP_MAX_MESSAGES = 50;
export const DEFAULT_IMAP_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

function who(o: ImapConnectionOptions): string {
  return `${o.user}@${o.host}`;
}

interface ImapErrorLike extends Error {
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  mailboxMissing?: boolean;
  tlsFailed?: boolean;
}

/** Maps imapflow / socket errors to IntakeErrors a person can act on. Never includes the password. */
export function toImapIntakeError(e: unknown, o: ImapConnectionOptions, folder?: string): IntakeError {
  if (e instanceof IntakeError) return e;
  const err = (e ?? {}) as ImapErrorLike;
  const detail = err.responseText || err.message || String(e);
  if (err.authenticationFailed) {
    return new IntakeError("imap_auth", `IMAP login failed for ${who(o)}: ${detail}`, { filename: who(o), cause: e });
  }
  if (folder && (err.mailboxMissing || err.serverResponseCode === "NONEXISTENT")) {
    return new IntakeError("imap_folder", `IMAP folder "${folder}" does not exist in the mailbox of ${who(o)}: ${detail}`, {
      filename: who(o),
      cause: e,
    });
  }
  const connectionCodes = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "CONNECT_TIMEOUT", "GREETING_TIMEOUT", "NoConnection", "EConnectionClosed", "ClosedAfterConnectText", "ClosedAfterConnectTLS", "UPGRADE_TIMEOUT"];
  if (err.tlsFailed || (err.code && connectionCodes.includes(err.code)) || /certificate|self[- ]signed|TLS|SSL/i.test(err.message ?? "")) {
    // What went wrong in words, not the socket's raw error (which names internal addresses and timings).
    const tls = err.tlsFailed || /certificate|self[- ]signed|TLS|SSL/i.test(err.message ?? "");
    const reason = tls
      ? "the secure (TLS) connection failed — check the TLS setting and the server certificate"
      : err.code === "ENOTFOUND" || err.code === "EAI_AGAIN"
        ? "no such host name — check the spelling"
        : err.code === "ECONNREFUSED"
          ? "the server refused the connection — check the port"
          : /TIMEOUT/.test(err.code ?? "")
            ? "the server did not answer in time — check the host, the port and any firewall"
            : "the connection was lost — check the host, the port and the TLS setting";
    return new IntakeError("imap_connection", `Could not connect to the IMAP server ${o.host}:${o.port} for ${o.user}: ${reason}.`, {
      filename: who(o),
      cause: e,
    });
  }
  return new IntakeError("imap_protocol", `IMAP error for ${who(o)}${folder ? ` in folder "${folder}"` : ""}: ${detail}`, {
    filename: who(o),
    cause: e,
  });
}

async function connect(o: ImapConnectionOptions): Promise<ImapFlow> {
  let address = o.host;
  if (o.outbound) {
    try {
      address = await resolveOutbound(o.host, o.outbound, "IMAP server");
    } catch (e) {
      if (e instanceof OutboundRefusedError) throw new IntakeError("imap_connection", e.message, { filename: who(o), cause: e });
      throw e;
    }
  }
  const client = new ImapFlow({
    // the checked address, so a second DNS answer cannot point elsewhere; the name still verifies the certificate
    host: address,
    servername: address === o.host ? undefined : o.host,
    port: o.port,
    secure: o.secure,
    auth: { user: o.user, pass: o.password },
    tls: o.tls,
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: o.connectionTimeoutMs ?? 30_000,
    greetingTimeout: o.connectionTimeoutMs ?? 30_000,
    socketTimeout: 120_000,
  });
  // A socket error after connect would otherwise be an unhandled 'error' event.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw toImapIntakeError(e, o);
  }
  return client;
}

async function withFolder<T>(o: ImapConnectionOptions, folder: string, run: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connect(o);
  try {
    let lock;
    try {
      lock = await client.getMailboxLock(folder);
    } catch (e) {
      throw toImapIntakeError(Object.assign(e as object, { mailboxMissing: true }), o, folder);
    }
    try {
      return await run(client);
    } catch (e) {
      throw toImapIntakeError(e, o, folder);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Checks that the credentials work and the folder exists (for "Test connection" in Settings). */
export async function verifyImapMailbox(o: ImapConnectionOptions & { folder: string }): Promise<{ messages: number; uidValidity: number }> {
  return withFolder(o, o.folder, async (client) => {
    const box = client.mailbox;
    if (!box) throw new Error("no mailbox selected");
    return { messages: box.exists, uidValidity: Number(box.uidValidity) };
  });
}

export async function fetchNewMessages(o: FetchNewMessagesOptions): Promise<FetchNewMessagesResult> {
  const since = o.mode === "since" ? parseSince(o) : null;
  const maxMessages = o.maxMessages ?? DEFAULT_IMAP_MAX_MESSAGES;
  const maxBytes = o.maxMessageBytes ?? DEFAULT_IMAP_MAX_MESSAGE_BYTES;
  const moveTarget = o.markProcessed.startsWith("move:") ? o.markProcessed.slice(5).trim() : null;
  if (o.markProcessed.startsWith("move:") && !moveTarget) {
    throw new IntakeError("imap_folder", `IMAP settings for ${who(o)}: "move:" needs a folder name, e.g. "move:Processed"`);
  }
  if (moveTarget === o.folder) {
    throw new IntakeError("imap_folder", `IMAP settings for ${who(o)}: processed messages cannot be moved into the folder being polled ("${o.folder}")`);
  }

  return withFolder(o, o.folder, async (client) => {
    const box = client.mailbox;
    if (!box) throw new Error("no mailbox selected");
    const uidValidity = Number(box.uidValidity);
    const cursorValid = o.cursor != null && o.cursor.uidValidity === uidValidity;
    const lastUid = cursorValid ? o.cursor!.lastUid : 0;
    const result: FetchNewMessagesResult = {
      messages: [],
      cursor: { uidValidity, lastUid },
      uidValidityChanged: o.cursor != null && !cursorValid,
      remaining: 0,
      oversized: [],
    };
    if (box.exists === 0 || (box.uidNext && lastUid + 1 >= box.uidNext)) return result;

    const query: Record<string, unknown> = { uid: `${lastUid + 1}:*` };
    if (o.mode === "unseen") query.seen = false;
    // SINCE compares dates only; the exact instant is checked against INTERNALDATE below.
    if (since) query.since = since;
    const found = ((await client.search(query, { uid: true })) || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    if (found.length === 0) return result;

    // Sizes and dates first (cheap), then the bodies of the ones that qualify.
    const meta = new Map<number, { size: number; internalDate: Date | null }>();
    for await (const m of client.fetch(found, { uid: true, size: true, internalDate: true }, { uid: true })) {
      meta.set(m.uid, { size: m.size ?? 0, internalDate: toDate(m.internalDate) });
    }
    const eligible = found.filter((uid) => {
      const info = meta.get(uid);
      if (!info) return false;
      return !(since && info.internalDate && info.internalDate.getTime() < since.getTime());
    });
    const batch = eligible.slice(0, maxMessages);
    result.remaining = eligible.length - batch.length;
    // The cursor may move past everything examined up to the last UID of this batch, skipped or not.
    const horizon = result.remaining > 0 ? batch[batch.length - 1] : found[found.length - 1];

    const wanted: number[] = [];
    for (const uid of batch) {
      const size = meta.get(uid)!.size;
      if (size > maxBytes) result.oversized.push({ uid, size });
      else wanted.push(uid);
    }
    if (wanted.length > 0) {
      const downloaded = new Map<number, ImapMessage>();
      for await (const m of client.fetch(wanted, { uid: true, source: true, internalDate: true, size: true }, { uid: true })) {
        downloaded.set(m.uid, toMessage(m));
      }
      for (const uid of wanted) {
        const m = downloaded.get(uid);
        if (m) result.messages.push(m);
      }
    }
    result.cursor = { uidValidity, lastUid: Math.max(lastUid, horizon) };

    const processed = result.messages.map((m) => m.uid);
    if (processed.length > 0) await mark(client, processed, o.markProcessed);
    return result;
  });
}

/** Marks messages processed after the caller has stored them (two-phase polling). */
export async function markImapMessagesProcessed(
  o: ImapConnectionOptions & { folder: string; markProcessed: ImapMarkProcessed; uidValidity: number },
  uids: number[],
): Promise<void> {
  if (uids.length === 0 || o.markProcessed === "none") return;
  await withFolder(o, o.folder, async (client) => {
    const current = Number(client.mailbox ? client.mailbox.uidValidity : 0);
    if (current !== o.uidValidity) {
      throw new IntakeError(
        "imap_protocol",
        `IMAP folder "${o.folder}" of ${who(o)} was rebuilt by the server (UIDVALIDITY changed); the messages were not marked`,
      );
    }
    await mark(client, uids, o.markProcessed);
  });
}

async function mark(client: ImapFlow, uids: number[], how: ImapMarkProcessed): Promise<void> {
  if (how === "none") return;
  if (how === "seen") {
    await client.messageFlagsAdd(uids, ["\\Seen"], { uid: true });
    return;
  }
  const target = how.slice(5).trim();
  const boxes = await client.list();
  if (!boxes.some((b) => b.path === target)) await client.mailboxCreate(target);
  await client.messageFlagsAdd(uids, ["\\Seen"], { uid: true });
  await client.messageMove(uids, target, { uid: true });
}

function parseSince(o: FetchNewMessagesOptions): Date {
  const d = o.since instanceof Date ? o.since : o.since ? new Date(o.since) : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw new IntakeError("imap_protocol", `IMAP settings for ${who(o)}: mode "since" needs a valid date (got ${JSON.stringify(o.since ?? null)})`);
  }
  return d;
}

function toDate(v: Date | string | undefined): Date | null {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function toMessage(m: FetchMessageObject): ImapMessage {
  const raw = m.source ?? Buffer.alloc(0);
  const received = toDate(m.internalDate);
  return { uid: m.uid, raw, receivedAt: received ? received.toISOString() : null, size: m.size ?? raw.length };
}
