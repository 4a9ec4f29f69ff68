import { eq } from "drizzle-orm";
import { storeOutboxMessage } from "@/db/queries/outbox";
import { sendingAccounts, type SendingAccount } from "@/db/schema";
import { env } from "@/lib/env";
import { SendError } from "@/lib/mail/send-error";
import { createGmailTransport, createOutboxTransport, createSmtpTransport, type MailTransport } from "@/lib/mail/transports";
import type { GmailTokens } from "@/lib/mail/gmail";
import { gmailSecretContext, smtpSecretContext, type SendDeps } from "./send-deps";

/** The transport of one sending account, secrets decrypted for this send only. */
export function transportFor(deps: SendDeps, account: SendingAccount, outbox: { subject: string; text?: string; html?: string }): MailTransport {
  const injected = deps.transport?.(account);
  if (injected) return injected;
  if (account.kind === "outbox") {
    return createOutboxTransport({
      store: async (entry) => {
        await storeOutboxMessage(deps.db, {
          workspaceId: account.workspaceId,
          kind: "campaign",
          from: entry.envelope.from,
          to: entry.envelope.to.join(", "),
          subject: outbox.subject,
          text: outbox.text ?? null,
          html: outbox.html ?? null,
          headers: { "Message-ID": entry.messageId },
          raw: entry.raw,
        });
      },
    });
  }
  if (account.kind === "smtp") {
    const c = account.config as { host: string; port: number; secure: boolean; user?: string; allowInvalidCertificates?: boolean; requireTls?: boolean };
    const pass = c.user && account.secretEnc ? deps.box.decrypt(account.secretEnc, smtpSecretContext(account.id)) : undefined;
    return createSmtpTransport({
      host: c.host,
      port: c.port,
      secure: c.secure,
      user: c.user,
      pass,
      allowInvalidCertificates: c.allowInvalidCertificates,
      requireTls: c.requireTls,
      connectionTimeoutMs: 20_000,
      // a server the user typed in: public addresses only, unless the operator allows more
      outbound: env().outbound,
    });
  }
  if (!deps.google) {
    throw new SendError("auth_revoked", "Google is not configured on this server (AUTH_GOOGLE_ID/SECRET); Gmail accounts cannot send.");
  }
  if (!account.secretEnc) throw new SendError("auth_revoked", "This Gmail account has no stored grant. Reconnect Google in Campaigns → Accounts.");
  const tokens = JSON.parse(deps.box.decrypt(account.secretEnc, gmailSecretContext(account.id))) as GmailTokens;
  return createGmailTransport({
    tokens,
    clientId: deps.google.clientId,
    clientSecret: deps.google.clientSecret,
    tokenUrl: deps.google.tokenUrl,
    baseUrl: deps.google.gmailBaseUrl,
    now: deps.now,
    onTokensRefreshed: async (t) => {
      const next: GmailTokens = { accessToken: t.accessToken, expiresAt: t.expiresAt, refreshToken: t.refreshToken ?? tokens.refreshToken };
      await deps.db
        .update(sendingAccounts)
        .set({ secretEnc: deps.box.encrypt(JSON.stringify(next), gmailSecretContext(account.id)), status: "active", lastError: null })
        .where(eq(sendingAccounts.id, account.id));
    },
  });
}
