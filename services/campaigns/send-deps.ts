import { createHmac } from "node:crypto";
import type { Db } from "@/db/client";
import { type SendingAccount } from "@/db/schema";
import type { BlobStore } from "@/lib/blob";
import { appMasterSecret, appSecretBox } from "@/lib/crypto/app-secret";
import type { SecretBox } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";
import { type MailTransport } from "@/lib/mail/transports";
import { activeRunner } from "@/lib/runner/registry";

// What sending a campaign needs, wired once: database, blobs, clock, the secret box for account credentials,
// the unsubscribe-link key and Google's endpoints. Tests replace parts through `sendDepsOverrides`.

/** Sending-account credentials use the app's one master secret and secret box (lib/crypto/app-secret). */
export const campaignMasterSecret = appMasterSecret;
export const campaignSecretBox = appSecretBox;

/** The HMAC key of unsubscribe links, derived from the master secret (never the master itself). */
export function unsubscribeSecret(): string {
  return createHmac("sha256", campaignMasterSecret()).update("docket/campaigns/unsubscribe/v1").digest("base64url");
}

/** What each stored credential is encrypted for (a ciphertext moved to another account does not decrypt). */
export const smtpSecretContext = (accountId: string) => `sending_account:${accountId}:smtp_password`;
export const gmailSecretContext = (accountId: string) => `sending_account:${accountId}:gmail_tokens`;

export interface SendDeps {
  db: Db;
  blobs: BlobStore;
  now: () => number;
  box: SecretBox;
  publicUrl: string;
  unsubscribeSecret: string;
  google: { clientId: string; clientSecret: string; tokenUrl: string; gmailBaseUrl: string } | null;
  /** Tests: a transport standing in for the account's real one (e.g. a provider that fails at random). */
  transport?: (account: SendingAccount) => MailTransport | null;
}

/** Tests replace parts of the wiring here (e.g. `transport`); production leaves it empty. */
export const sendDepsOverrides: Partial<SendDeps> = {};

/** Production wiring: the runner's database and clock when embedded, else the app's. */
export async function sendDeps(): Promise<SendDeps> {
  const runner = activeRunner();
  const e = env();
  const db = runner ? runner.database.db : await (await import("@/db")).getDb();
  const { getBlobStore } = await import("@/lib/blob");
  return {
    db,
    blobs: await getBlobStore(),
    now: () => activeRunner()?.clockNow ?? Date.now(),
    box: campaignSecretBox(),
    publicUrl: e.publicUrl,
    unsubscribeSecret: unsubscribeSecret(),
    google:
      e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET
        ? { clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET, tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL, gmailBaseUrl: e.GMAIL_API_BASE_URL }
        : null,
    ...sendDepsOverrides,
  };
}
