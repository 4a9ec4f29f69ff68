import { z } from "zod";
import { env } from "@/lib/env";
import type { GraphMailConfig } from "@/lib/intake/graph";
import type { FetchNewMessagesOptions, ImapCursor, ImapMarkProcessed } from "@/lib/intake/imap";

// A connected mailbox's settings (IMAP, Microsoft Graph) as users type them and as the connectors take them. The
// secret is never part of them.

const trimmed = (label: string, max = 500) => z.string().trim().min(1, `${label} is required.`).max(max, `${label} is too long.`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const httpsUrl = (label: string) =>
  optionalText(300).refine((v) => v === null || /^https?:\/\/[^\s/]+/i.test(v), `${label} must be an http(s) URL.`);

export const imapMailboxConfigSchema = z
  .object({
    host: trimmed("Host", 253).refine((h) => !/[\s/:]/.test(h), "Host must be a host name or IP address, without a scheme or port."),
    port: z.coerce.number().int("Port must be a whole number.").min(1, "Port must be 1–65535.").max(65535, "Port must be 1–65535."),
    /** true = implicit TLS (usually port 993); false = plain connection upgraded with STARTTLS when offered. */
    secure: z.boolean(),
    user: trimmed("User", 320),
    folder: trimmed("Folder", 200).default("INBOX"),
    mode: z.enum(["unseen", "since"]),
    /** For mode "since": messages received on or after this date (YYYY-MM-DD) or instant (ISO 8601). */
    since: optionalText(40),
    afterProcessing: z.enum(["seen", "move", "leave"]),
    moveTo: optionalText(200),
    /** PEM of a private CA or self-signed server certificate to trust (public data, not a secret). */
    caCertificate: optionalText(20_000),
  })
  .superRefine((c, ctx) => {
    if (c.mode === "since") {
      if (!c.since || Number.isNaN(new Date(c.since).getTime())) {
        ctx.addIssue({ code: "custom", path: ["since"], message: 'Mode "since a date" needs a valid date, e.g. 2026-01-01.' });
      }
    }
    if (c.afterProcessing === "move") {
      if (!c.moveTo) ctx.addIssue({ code: "custom", path: ["moveTo"], message: 'Say which folder to move processed messages to, e.g. "Processed".' });
      else if (c.moveTo === c.folder) {
        ctx.addIssue({ code: "custom", path: ["moveTo"], message: "Processed messages cannot be moved into the folder being polled." });
      }
    }
    if (c.caCertificate && !c.caCertificate.includes("-----BEGIN CERTIFICATE-----")) {
      ctx.addIssue({ code: "custom", path: ["caCertificate"], message: "The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----." });
    }
  });

export const graphMailboxConfigSchema = z.object({
  tenantId: trimmed("Tenant id", 200),
  clientId: trimmed("Client id", 200),
  /** User id or principal name of the mailbox, e.g. ap@contoso.com. */
  mailbox: trimmed("Mailbox address", 320),
  folder: trimmed("Folder", 200).default("inbox"),
  /** National clouds only (and tests); default https://login.microsoftonline.com. */
  authorityUrl: httpsUrl("Authority URL"),
  /** National clouds only (and tests); default https://graph.microsoft.com. */
  graphUrl: httpsUrl("Graph URL"),
});

export type ImapMailboxConfig = z.output<typeof imapMailboxConfigSchema>;

export type GraphMailboxConfig = z.output<typeof graphMailboxConfigSchema>;

export type MailboxKind = "imap" | "graph";

export type MailboxSettings =
  | { kind: "imap"; config: ImapMailboxConfig }
  | { kind: "graph"; config: GraphMailboxConfig };

/** The context the secret is encrypted under: a ciphertext copied to another mailbox does not decrypt. */
export const mailboxSecretContext = (mailboxId: string) => `mailbox:${mailboxId}:secret`;

/** Only the known, non-secret keys of a stored config (defensive: a secret must never be in `config`). */
export function cleanConfig(kind: MailboxKind, config: Record<string, unknown>): ImapMailboxConfig | GraphMailboxConfig {
  const keys =
    kind === "imap"
      ? ["host", "port", "secure", "user", "folder", "mode", "since", "afterProcessing", "moveTo", "caCertificate"]
      : ["tenantId", "clientId", "mailbox", "folder", "authorityUrl", "graphUrl"];
  return Object.fromEntries(keys.map((k) => [k, config[k] ?? null])) as unknown as ImapMailboxConfig | GraphMailboxConfig;
}

export function parseSettings(s: MailboxSettings): MailboxSettings {
  return s.kind === "imap"
    ? { kind: "imap", config: imapMailboxConfigSchema.parse(s.config) }
    : { kind: "graph", config: graphMailboxConfigSchema.parse(s.config) };
}

/** Settings whose change makes the stored cursor meaningless (another server, account, folder or mode). */
export function cursorIdentity(kind: MailboxKind, config: Record<string, unknown>): string {
  const keys = kind === "imap" ? ["host", "port", "user", "folder", "mode", "since"] : ["tenantId", "mailbox", "folder", "graphUrl"];
  return JSON.stringify(keys.map((k) => config[k] ?? null));
}

/** IMAP connection + poll options from stored settings. */
export function imapPollOptions(
  config: ImapMailboxConfig,
  password: string,
  extra: { cursor?: ImapCursor | null; maxMessages?: number; connectionTimeoutMs?: number } = {},
): FetchNewMessagesOptions & { markProcessedAfterStore: ImapMarkProcessed } {
  const markProcessedAfterStore: ImapMarkProcessed =
    config.afterProcessing === "seen" ? "seen" : config.afterProcessing === "move" ? `move:${config.moveTo}` : "none";
  return {
    host: config.host,
    port: config.port,
    secure: config.secure,
    user: config.user,
    password,
    tls: config.caCertificate ? { ca: config.caCertificate } : undefined,
    connectionTimeoutMs: extra.connectionTimeoutMs,
    // a server the user typed in: public addresses only, unless the operator allows more
    outbound: env().outbound,
    folder: config.folder,
    mode: config.mode,
    since: config.mode === "since" ? (config.since ?? undefined) : undefined,
    // Fetch only: messages are marked after they are stored (markImapMessagesProcessed).
    markProcessed: "none",
    markProcessedAfterStore,
    cursor: extra.cursor ?? null,
    maxMessages: extra.maxMessages,
  };
}

/** Microsoft Graph connector options from stored settings. */
export function graphMailConfig(config: GraphMailboxConfig, clientSecret: string, extra: { timeoutMs?: number } = {}): GraphMailConfig {
  return {
    tenantId: config.tenantId,
    clientId: config.clientId,
    clientSecret,
    mailbox: config.mailbox,
    folder: config.folder,
    authorityUrl: config.authorityUrl ?? undefined,
    graphUrl: config.graphUrl ?? undefined,
    timeoutMs: extra.timeoutMs,
    outbound: env().outbound,
  };
}
