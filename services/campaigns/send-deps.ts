import { createHmac } from "node:crypto";
import type { Db } from "@/db/client";
import { type SendingAccount } from "@/db/schema";
import type { BlobStore } from "@/lib/blob";
import { appMasterSecret, appSecretBox } from "@/lib/crypto/app-secret";
import type { SecretBox } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";
import { type MailTransport } from "@/lib/mail/transports";
import { runtimeDeps } from "@/services/runtime";

// What sending a campaign needs, wired once: database, blobs, clock, the secret box for account credentials,
// the unsubscribe-link key and Google's endpoints. Tests hand the send functions their own (createSendCampaignFunctions).

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

/** Production wiring: the runner's database and clock when embedded, else the app's. */
export async function sendDeps(): Promise<SendDeps> {
  const e = env();
  const { getBlobStore } = await import("@/lib/blob");
  return {
    ...(await runtimeDeps()),
    blobs: await getBlobStore(),
    box: campaignSecretBox(),
    publicUrl: e.publicUrl,
    unsubscribeSecret: unsubscribeSecret(),
    google:
      e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET
        ? { clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET, tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL, gmailBaseUrl: e.GMAIL_API_BASE_URL }
        : null,
  };
}
