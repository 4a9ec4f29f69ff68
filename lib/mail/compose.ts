import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import type Mail from "nodemailer/lib/mailer";

// Builds the raw RFC 2822 / MIME message for one outgoing email with nodemailer's MailComposer.
// The same bytes go to every transport: SMTP (as `raw`), the Gmail API (base64url `raw`) and the dev
// outbox (stored as-is), so what a user previews in the outbox is exactly what would be delivered.

export type MailAddress = string | { name?: string; address: string };

export interface MailAttachment {
  filename: string;
  /** e.g. "application/pdf"; detected from the file name when omitted. */
  contentType?: string;
  content: Buffer | Uint8Array | string;
}

export interface UnsubscribeOptions {
  /** https URL of the public unsubscribe page (with its signed token). */
  url?: string;
  /** mailto address that also unsubscribes, e.g. "unsubscribe@example.com?subject=unsubscribe". */
  mailto?: string;
  /** Adds `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058). Default true when `url` is set. */
  oneClick?: boolean;
}

export interface ComposeInput {
  from: MailAddress;
  to: MailAddress | MailAddress[];
  cc?: MailAddress | MailAddress[];
  replyTo?: MailAddress;
  subject: string;
  text?: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Extra headers. Values must be single-line. */
  headers?: Record<string, string>;
  unsubscribe?: UnsubscribeOptions;
  /** Full Message-ID including angle brackets, e.g. from `deterministicMessageId`. Random when omitted. */
  messageId?: string;
  date?: Date;
  /** Fixes the MIME boundaries, so the same input gives byte-identical output (tests, idempotent retries). */
  boundarySeed?: string;
}

export interface ComposeLimits {
  /** Total attachment bytes allowed. Default 25 MiB (Gmail's limit for a message's attachments). */
  maxAttachmentBytes?: number;
}

export interface ComposedMessage {
  raw: Buffer;
  messageId: string;
  /** SMTP envelope: bare addresses. */
  envelope: { from: string; to: string[] };
}

export class ComposeError extends Error {
  override name = "ComposeError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export const DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const HEADER_NAME = /^[!-9;-~]+$/; // printable ASCII except ':' (RFC 5322 ftext)
const RESERVED_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "bcc",
  "reply-to",
  "subject",
  "message-id",
  "date",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "list-unsubscribe",
  "list-unsubscribe-post",
]);

function assertSingleLine(value: string, field: string): void {
  if (/[\r\n]/.test(value)) throw new ComposeError(`${field} must be a single line (it contains a line break)`, field);
}

function addressOf(a: MailAddress): string {
  return (typeof a === "string" ? a : a.address).trim();
}

function bareAddress(a: MailAddress, field: string): string {
  const raw = addressOf(a);
  // "Name <addr>" strings → addr
  const m = /<([^<>]+)>\s*$/.exec(raw);
  const addr = (m ? m[1] : raw).trim();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(addr)) throw new ComposeError(`${field}: "${raw}" is not an email address`, field);
  return addr;
}

function checkAddressList(list: MailAddress | MailAddress[] | undefined, field: string): string[] {
  if (list === undefined) return [];
  const arr = Array.isArray(list) ? list : [list];
  return arr.map((a) => {
    if (typeof a !== "string") {
      if (a.name !== undefined) assertSingleLine(a.name, `${field} name`);
    } else {
      assertSingleLine(a, field);
    }
    return bareAddress(a, field);
  });
}

/** A stable Message-ID from parts that identify one logical message (e.g. campaign id + recipient id). */
export function deterministicMessageId(parts: readonly string[], domain: string): string {
  const d = domain.trim().toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(d) || !d.includes(".")) {
    throw new ComposeError(`Message-ID domain "${domain}" is not a domain name`, "messageId");
  }
  const hash = createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
  return `<${hash}@${d}>`;
}

/** The `List-Unsubscribe` (+ `-Post`) header values for an unsubscribe URL and/or mailto. */
export function unsubscribeHeaders(opts: UnsubscribeOptions): Record<string, string> {
  const parts: string[] = [];
  if (opts.url) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new ComposeError(`unsubscribe url "${opts.url}" is not a valid URL`, "unsubscribe.url");
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") {
      throw new ComposeError(`unsubscribe url must be http(s), got ${u.protocol}`, "unsubscribe.url");
    }
    parts.push(`<${u.toString()}>`);
  }
  if (opts.mailto) {
    const m = opts.mailto.replace(/^mailto:/i, "").trim();
    assertSingleLine(m, "unsubscribe.mailto");
    if (!/^[^\s@<>]+@[^\s@<>?]+(\?[^\s<>]*)?$/.test(m)) {
      throw new ComposeError(`unsubscribe mailto "${opts.mailto}" is not an email address`, "unsubscribe.mailto");
    }
    parts.push(`<mailto:${m}>`);
  }
  if (parts.length === 0) throw new ComposeError("unsubscribe needs a url or a mailto", "unsubscribe");
  const headers: Record<string, string> = { "List-Unsubscribe": parts.join(", ") };
  if (opts.url && opts.oneClick !== false) headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  return headers;
}

export async function composeMessage(input: ComposeInput, limits: ComposeLimits = {}): Promise<ComposedMessage> {
  const fromList = checkAddressList(input.from, "from");
  const to = checkAddressList(input.to, "to");
  const cc = checkAddressList(input.cc, "cc");
  checkAddressList(input.replyTo, "replyTo");
  if (to.length === 0) throw new ComposeError("to: at least one recipient is required", "to");
  assertSingleLine(input.subject, "subject");
  if (input.text === undefined && input.html === undefined) {
    throw new ComposeError("a message needs a text or an html body", "body");
  }
  if (input.messageId !== undefined && !/^<[^<>\s@]+@[^<>\s@]+>$/.test(input.messageId)) {
    throw new ComposeError(`messageId "${input.messageId}" must look like <id@domain>`, "messageId");
  }

  const maxBytes = limits.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  let total = 0;
  const attachments: Mail.Attachment[] = (input.attachments ?? []).map((a, i) => {
    if (!a.filename || !a.filename.trim()) throw new ComposeError(`attachment ${i + 1} has no file name`, "attachments");
    assertSingleLine(a.filename, `attachment ${i + 1} filename`);
    const content = typeof a.content === "string" ? Buffer.from(a.content, "utf8") : Buffer.from(a.content);
    total += content.length;
    if (total > maxBytes) {
      throw new ComposeError(
        `attachments exceed ${Math.round(maxBytes / 1024 / 1024)} MiB in total (at "${a.filename}")`,
        "attachments",
      );
    }
    return { filename: a.filename, contentType: a.contentType, content };
  });

  // `foldLines` is honoured by MimeNode for prepared headers but missing from @types/nodemailer.
  const headers: Record<string, string | { prepared: true; foldLines: boolean; value: string }> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new ComposeError(`header name "${name}" is not valid`, `headers.${name}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new ComposeError(`header "${name}" is set by the composer; use the dedicated option`, `headers.${name}`);
    }
    assertSingleLine(value, `headers.${name}`);
    headers[name] = value;
  }
  if (input.unsubscribe) {
    for (const [name, value] of Object.entries(unsubscribeHeaders(input.unsubscribe))) {
      // Already encoded (angle-bracketed URIs): write verbatim, folded at commas when long.
      headers[name] = { prepared: true, foldLines: true, value };
    }
  }

  const seed = input.boundarySeed
    ? createHash("sha256").update(input.boundarySeed).digest("hex").slice(0, 16)
    : undefined;

  const mail: Mail.Options & { baseBoundary?: string } = {
    from: input.from,
    to: input.to,
    cc: input.cc,
    replyTo: input.replyTo,
    subject: input.subject,
    text: input.text,
    html: input.html,
    attachments,
    headers: headers as Mail.Headers,
    messageId: input.messageId,
    date: input.date,
    baseBoundary: seed,
  };
  const node = new MailComposer(mail).compile();
  const raw = await node.build();
  const messageId = node.messageId();
  return { raw, messageId, envelope: { from: fromList[0], to: [...to, ...cc] } };
}
