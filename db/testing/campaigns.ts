import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { campaignAttachments, campaignRecipients, campaigns, sendAttempts, sendingAccounts, suppressions } from "@/db/schema";
import { createSecretBox, type SecretBox } from "@/lib/crypto/secrets";
import { parseRecipientCsv } from "@/lib/campaigns/recipient-file";
import { importRecipients } from "@/lib/campaigns/recipients";
import type { GoogleOAuthConfig } from "@/app/api/google/gmail-connect";
import { createCampaign } from "@/db/queries/campaigns/campaigns";
import { createSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { addSuppression } from "@/db/queries/campaigns/suppressions";

// Test support for the isolation suite: one victim workspace's campaign data, and a snapshot of it that any
// successful cross-workspace write would change.

export interface CampaignWorld {
  accountId: string;
  campaignId: string;
  recipientId: string;
  recipientEmail: string;
  suppressedEmail: string;
  google: GoogleOAuthConfig;
  box: SecretBox;
  before: Awaited<ReturnType<typeof campaignSnapshot>>;
}

export async function campaignWorld(db: Db, q: { workspaceId: string; ownerId: string }): Promise<CampaignWorld> {
  const account = await createSendingAccount(db, { workspaceId: q.workspaceId, actorId: q.ownerId, kind: "outbox", name: "Victim outbox", fromAddress: "victim@victim.test" });
  const imported = importRecipients(parseRecipientCsv("email,name\nlead@customer.test,Lead\n"), { mapping: { email: "email", name: "name" } });
  const c = await createCampaign(db, {
    workspaceId: q.workspaceId,
    actorId: q.ownerId,
    accountId: account.id,
    name: "Victim campaign",
    timeZone: "UTC",
    subject: "Hi {{name}}",
    textBody: "Secret offer",
    onEmpty: "skip",
    imported,
  });
  const [r] = await db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, c.id));
  await db.update(campaignRecipients).set({ status: "failed", error: "550 no such user" }).where(eq(campaignRecipients.id, r.id));
  await addSuppression(db, { workspaceId: q.workspaceId, email: "gone@customer.test", reason: "unsubscribed", campaignId: c.id });
  const google: GoogleOAuthConfig = {
    clientId: "client",
    clientSecret: "secret",
    authorizeUrl: "https://accounts.example/authorize",
    tokenUrl: "https://accounts.example/token",
    redirectUri: "http://localhost/api/google/callback",
    stateSecret: "state-secret-for-tests-0123456789",
  };
  return {
    accountId: account.id,
    campaignId: c.id,
    recipientId: r.id,
    recipientEmail: r.email,
    suppressedEmail: "gone@customer.test",
    google,
    box: createSecretBox({ masterSecret: "isolation-suite-master-secret-0123456789" }),
    before: await campaignSnapshot(db, q.workspaceId),
  };
}

export async function campaignSnapshot(db: Db, workspaceId: string) {
  return {
    accounts: (await db.select().from(sendingAccounts).where(eq(sendingAccounts.workspaceId, workspaceId))).map(
      (a) => `${a.id}:${a.name}:${a.fromAddress}:${a.perHour}/${a.perDay}:${a.status}:${JSON.stringify(a.config)}`,
    ),
    campaigns: (await db.select().from(campaigns).where(eq(campaigns.workspaceId, workspaceId))).map(
      (c) => `${c.id}:${c.name}:${c.status}:${c.subject}:${c.runGeneration}`,
    ),
    recipients: (await db.select().from(campaignRecipients).where(eq(campaignRecipients.workspaceId, workspaceId))).map((r) => `${r.email}:${r.status}`),
    attachments: (await db.select().from(campaignAttachments).where(eq(campaignAttachments.workspaceId, workspaceId))).length,
    attempts: (await db.select().from(sendAttempts).where(eq(sendAttempts.workspaceId, workspaceId))).length,
    suppressions: (await db.select().from(suppressions).where(eq(suppressions.workspaceId, workspaceId))).map((s) => s.email).sort(),
  };
}
