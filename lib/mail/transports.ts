import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { ComposedMessage } from "./compose";
import { createGmailTransport, type GmailTransportOptions } from "./gmail";
import { OutboundRefusedError, resolveOutbound, type OutboundPolicy } from "@/lib/net/outbound";
import { SendError } from "./send-error";

export { SendError, isSendError, type SendErrorKind } from "./send-error";
export { createGmailTransport, type GmailTransportOptions, type GmailTokens } from "./gmail";

// Every way Docket sends mail implements MailTransport. A transport sends one already-composed raw
// message (see compose.ts) and either returns the provider's id or throws a classified SendError.

export type OutgoingMessage = ComposedMessage;

export interface SendResult {
  /** Gmail message id, the Message-ID for SMTP, or the outbox id. Store it: it proves the send happened. */
  providerMessageId: string;
  /** Envelope recipients the provider accepted. */
  accepted: string[];
}

export interface MailTransport {
  readonly kind: "smtp" | "gmail" | "outbox";
  send(msg: OutgoingMessage): Promise<SendResult>;
  /** Releases connections (SMTP pool); safe to call more than once. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------- SMTP

export interface SmtpConfig {
  host: string;
  port: number;
  /** true = implicit TLS (465); false = plain, upgraded with STARTTLS when offered (587/25). */
  secure: boolean;
  user?: string;
  pass?: string;
  /** For self-signed test/dev servers only. */
  allowInvalidCertificates?: boolean;
  /** Fail STARTTLS-less servers instead of sending in clear text. */
  requireTls?: boolean;
  connectionTimeoutMs?: number;
  /** Local host name used in EHLO. */
  name?: string;
  /** For servers a user typed in: which addresses may be connected to (lib/net/outbound). Unset → any (SMTP_URL). */
  outbound?: OutboundPolicy;
}

/** Parses `smtp://user:pass@host:587` / `smtps://…:465` (the SMTP_URL form) into SmtpConfig. */
export function parseSmtpUrl(url: string): SmtpConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error("SMTP URL is not a valid URL (expected smtp://user:pass@host:port or smtps://…)");
  }
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") {
    throw new Error(`SMTP URL must start with smtp:// or smtps://, got ${u.protocol}//`);
  }
  if (!u.hostname) throw new Error("SMTP URL has no host");
  const secure = u.protocol === "smtps:";
  const port = u.port ? Number(u.port) : secure ? 465 : 587;
  return {
    host: u.hostname,
    port,
    secure,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    pass: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

const PRE_DATA_COMMANDS = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/;
const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "ECONNREFUSED", "ECONNRESET"]);

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** Maps a nodemailer/SMTP failure to a SendError kind. Exported for tests and for the IMAP/SMTP checks UI. */
export function classifySmtpError(err: unknown): SendError {
  const e = (err ?? {}) as NodemailerError;
  const message = e.response || e.message || String(err);
  const status = e.responseCode;
  const code = e.code;
  const detail = { status, reason: code, cause: err };
  if (code === "EAUTH" || code === "ENOAUTH" || code === "EOAUTH2" || status === 535 || status === 534) {
    return new SendError("auth_revoked", `SMTP login refused: ${message}`, detail);
  }
  // Gmail: "550 5.4.5 Daily user sending limit exceeded", "421 4.7.0 Try again later", "4.7.28 … rate limited";
  // other MTAs: "rate limit", "too many messages". A bare 4.7.x (e.g. "454 4.7.0 TLS not available") is not quota.
  if (
    /\b(5\.4\.5|4\.7\.28)\b|sending (quota|limit)|rate.?limit|limit exceeded|too many (messages|emails|recipients)|try again later/i.test(
      message,
    )
  ) {
    return new SendError("quota", `SMTP server is rate-limiting: ${message}`, detail);
  }
  if (status !== undefined) {
    if (status >= 400 && status < 500) return new SendError("transient", `SMTP temporary failure: ${message}`, detail);
    if (status >= 500) return new SendError("permanent", `SMTP rejected the message: ${message}`, detail);
  }
  if (code && NETWORK_CODES.has(code)) {
    const mayHaveSent = !e.command || !PRE_DATA_COMMANDS.test(e.command);
    return new SendError("transient", `SMTP connection problem: ${message}`, { ...detail, mayHaveSent });
  }
  if (code === "EENVELOPE" || code === "EMESSAGE") {
    return new SendError("permanent", `SMTP rejected the message: ${message}`, detail);
  }
  return new SendError("transient", `SMTP send failed: ${message}`, { ...detail, mayHaveSent: true });
}

export function createSmtpTransport(config: SmtpConfig): MailTransport {
  if (!config.host) throw new Error("SMTP host is required");
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
    throw new Error(`SMTP port must be 1–65535, got ${config.port}`);
  }
  if ((config.user && !config.pass) || (!config.user && config.pass)) {
    throw new Error("SMTP user and password must be given together");
  }
  const options: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls,
    auth: config.user ? { user: config.user, pass: config.pass } : undefined,
    tls: config.allowInvalidCertificates ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: config.connectionTimeoutMs ?? 30_000,
    greetingTimeout: config.connectionTimeoutMs ?? 30_000,
    socketTimeout: 60_000,
    name: config.name,
  };
  let transporter: ReturnType<typeof nodemailer.createTransport<SMTPTransport.SentMessageInfo>> | null = null;
  const open = async () => {
    if (transporter) return transporter;
    if (config.outbound) {
      let address: string;
      try {
        address = await resolveOutbound(config.host, config.outbound, "SMTP server");
      } catch (err) {
        if (err instanceof OutboundRefusedError) throw new SendError("auth_revoked", err.message);
        throw err;
      }
      // connect to the checked address; the name still verifies the certificate
      if (address !== config.host) Object.assign(options, { host: address, servername: config.host });
    }
    transporter = nodemailer.createTransport(options);
    return transporter;
  };
  let closed = false;

  return {
    kind: "smtp",
    async send(msg) {
      if (closed) throw new SendError("permanent", "SMTP transport is closed");
      const smtp = await open();
      let info: SMTPTransport.SentMessageInfo;
      try {
        info = await smtp.sendMail({ envelope: msg.envelope, raw: msg.raw });
      } catch (err) {
        throw classifySmtpError(err);
      }
      const accepted = info.accepted.map((a) => (typeof a === "string" ? a : a.address));
      if (accepted.length === 0) {
        throw new SendError("permanent", `SMTP server accepted no recipients: ${info.response}`);
      }
      return { providerMessageId: msg.messageId, accepted };
    },
    async close() {
      closed = true;
      transporter?.close();
    },
  };
}

// ----------------------------------------------------------------------------------------- dev outbox

export interface OutboxEntry {
  id: string;
  messageId: string;
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

export interface OutboxSendResult extends SendResult {
  /** The exact bytes that would have been delivered, for the outbox view. Never delivered. */
  raw: Buffer;
  delivered: false;
}

export interface OutboxTransport extends MailTransport {
  readonly kind: "outbox";
  send(msg: OutgoingMessage): Promise<OutboxSendResult>;
}

export interface OutboxOptions {
  /** Persists the entry (the DB part lives elsewhere). Errors propagate as transient SendErrors. */
  store?: (entry: OutboxEntry) => Promise<void> | void;
  generateId?: () => string;
}

export function createOutboxTransport(opts: OutboxOptions = {}): OutboxTransport {
  const gen = opts.generateId ?? (() => `outbox-${randomUUID()}`);
  return {
    kind: "outbox",
    async send(msg) {
      const id = gen();
      const entry: OutboxEntry = { id, messageId: msg.messageId, envelope: msg.envelope, raw: msg.raw };
      if (opts.store) {
        try {
          await opts.store(entry);
        } catch (err) {
          throw new SendError("transient", `could not store the message in the outbox: ${(err as Error).message}`, {
            cause: err,
          });
        }
      }
      return { providerMessageId: id, accepted: [...msg.envelope.to], raw: msg.raw, delivered: false };
    },
    async close() {},
  };
}

// ---------------------------------------------------------------------------------------------- factory

export type TransportConfig =
  | ({ kind: "smtp" } & SmtpConfig)
  | ({ kind: "gmail" } & GmailTransportOptions)
  | ({ kind: "outbox" } & OutboxOptions);

export function createTransport(config: TransportConfig): MailTransport {
  switch (config.kind) {
    case "smtp":
      return createSmtpTransport(config);
    case "gmail":
      return createGmailTransport(config);
    case "outbox":
      return createOutboxTransport(config);
  }
}
