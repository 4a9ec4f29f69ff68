import type { Db } from "@/db/client";
import { createSendingAccount, getSendingAccount, updateSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { assertPublicServer } from "@/lib/net/outbound";
import { campaignSecretBox, smtpSecretContext } from "./send-deps";

export interface SmtpAccountForm {
  accountId?: string;
  name: string;
  fromAddress: string;
  fromName?: string;
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  /** Empty on update = keep the stored password. */
  password?: string;
  allowInvalidCertificates?: boolean;
  limits?: Partial<{ perHour: number; perDay: number; minGapSec: number; maxGapSec: number }>;
}

/** The SMTP server typed in must be a public address (or allowed by the operator); sending checks again when it connects. */
export async function checkSmtpServer(host: string): Promise<void> {
  await assertPublicServer(host, "SMTP server", env().outbound);
}

/** Add or change an SMTP sending account (its server checked first: `checkSmtpServer`); the password is stored encrypted. */
export async function saveSmtpAccount(db: Db, q: { workspaceId: string; actorId: string }, input: SmtpAccountForm) {
  const config = {
    host: input.host,
    port: input.port,
    secure: input.secure,
    user: input.user || undefined,
    allowInvalidCertificates: input.allowInvalidCertificates ?? false,
  };
  const box = campaignSecretBox();
  if (input.accountId) {
    const existing = await getSendingAccount(db, { workspaceId: q.workspaceId, accountId: input.accountId });
    if (!existing || existing.kind !== "smtp") throw new UserError("No such SMTP account in this workspace.", "not_found");
    const a = await updateSendingAccount(db, {
      ...q,
      accountId: existing.id,
      name: input.name,
      fromAddress: input.fromAddress,
      fromName: input.fromName ?? null,
      config,
      limits: input.limits,
      ...(input.password ? { secretEnc: box.encrypt(input.password, smtpSecretContext(existing.id)), status: "active" as const, lastError: null } : {}),
    });
    return { accountId: a.id };
  }
  if (input.user && !input.password) throw new UserError("Enter the SMTP password for this user.");
  const a = await createSendingAccount(db, {
    ...q,
    kind: "smtp",
    name: input.name,
    fromAddress: input.fromAddress,
    fromName: input.fromName ?? null,
    config,
    limits: input.limits,
    encryptFor: input.password ? (accountId) => box.encrypt(input.password!, smtpSecretContext(accountId)) : undefined,
  });
  return { accountId: a.id };
}
