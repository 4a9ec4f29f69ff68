import type { ImapMailboxConfig } from "@/lib/intake/mailbox-settings";

/**
 * An IMAP mailbox's settings for a test: the `server` (host, port, TLS, user) with what the mailbox form starts from
 * (INBOX, unseen mail, marked seen once read, no move folder, no private CA), then `over`.
 */
export function imapTestConfig(
  server: Pick<ImapMailboxConfig, "host" | "port" | "secure" | "user">,
  over: Partial<ImapMailboxConfig> = {},
): ImapMailboxConfig {
  return { ...server, folder: "INBOX", mode: "unseen", since: null, afterProcessing: "seen", moveTo: null, caCertificate: null, ...over };
}
