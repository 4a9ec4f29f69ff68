import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { createSmtpTransport, parseSmtpUrl, type MailTransport } from "@/lib/mail/transports";
import { runtimeDeps } from "@/services/runtime";

// What the daily digest function needs, wired once for production.

export interface DigestDeps {
  db: Db;
  from: string;
  baseUrl: string;
  /** A transport for one workspace's digests (closed after them), or undefined for the dev outbox. */
  transport: () => MailTransport | undefined;
}

export async function digestDeps(): Promise<DigestDeps> {
  const e = env();
  return {
    db: (await runtimeDeps()).db,
    from: e.DOCKET_MAIL_FROM,
    baseUrl: e.publicUrl,
    transport: () => (e.SMTP_URL ? createSmtpTransport(parseSmtpUrl(e.SMTP_URL)) : undefined),
  };
}
