import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { campaigns, type SendingAccount, type SendingAccountKind, sendingAccounts } from "@/db/schema";
import { checkedLimits, limitsOf } from "@/lib/campaigns/account-limits";
import type { PacingLimits } from "@/lib/campaigns/pacing";
import { notFound, UserError } from "@/lib/errors";

// Sending accounts (dev outbox, SMTP, Gmail) with their pacing limits.

export async function listSendingAccounts(db: Db, q: { workspaceId: string }) {
  return db
    .select({
      id: sendingAccounts.id,
      kind: sendingAccounts.kind,
      name: sendingAccounts.name,
      fromAddress: sendingAccounts.fromAddress,
      fromName: sendingAccounts.fromName,
      config: sendingAccounts.config,
      perHour: sendingAccounts.perHour,
      perDay: sendingAccounts.perDay,
      minGapSec: sendingAccounts.minGapSec,
      maxGapSec: sendingAccounts.maxGapSec,
      status: sendingAccounts.status,
      lastError: sendingAccounts.lastError,
      createdAt: sendingAccounts.createdAt,
    })
    .from(sendingAccounts)
    .where(eq(sendingAccounts.workspaceId, q.workspaceId))
    .orderBy(asc(sendingAccounts.createdAt));
}

export async function getSendingAccount(db: Db, q: { workspaceId: string; accountId: string }) {
  const [row] = await db
    .select()
    .from(sendingAccounts)
    .where(and(eq(sendingAccounts.workspaceId, q.workspaceId), eq(sendingAccounts.id, q.accountId)));
  return row ?? null;
}

export interface SendingAccountInput {
  workspaceId: string;
  actorId: string | null;
  kind: SendingAccountKind;
  name: string;
  fromAddress: string;
  fromName?: string | null;
  config?: Record<string, unknown>;
  /** Already encrypted (the caller owns the master key). */
  secretEnc?: string | null;
  limits?: Partial<PacingLimits>;
  /** Encrypts the secret once the row id is known (the id is bound into the ciphertext's context). */
  encryptFor?: (accountId: string) => string;
}

export async function createSendingAccount(db: Db, input: SendingAccountInput): Promise<SendingAccount> {
  const limits = checkedLimits(input.limits ?? {}, input.kind);
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(sendingAccounts)
    .values({
      id,
      workspaceId: input.workspaceId,
      kind: input.kind,
      name: input.name,
      fromAddress: input.fromAddress,
      fromName: input.fromName ?? null,
      config: input.config ?? {},
      secretEnc: input.encryptFor ? input.encryptFor(id) : (input.secretEnc ?? null),
      ...limits,
      createdBy: input.actorId,
    })
    .returning();
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    action: "sending_account.created",
    entityType: "sending_account",
    entityId: row.id,
    after: { kind: row.kind, name: row.name, fromAddress: row.fromAddress, ...limits },
  });
  return row;
}

export async function updateSendingAccount(
  db: Db,
  input: {
    workspaceId: string;
    actorId: string | null;
    accountId: string;
    name?: string;
    fromAddress?: string;
    fromName?: string | null;
    config?: Record<string, unknown>;
    secretEnc?: string | null;
    limits?: Partial<PacingLimits>;
    status?: SendingAccount["status"];
    lastError?: string | null;
  },
) {
  const before = await getSendingAccount(db, input);
  if (!before) notFound("sending account");
  const limits = input.limits ? checkedLimits({ ...limitsOf(before), ...input.limits }, before.kind) : undefined;
  const patch = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.fromAddress !== undefined && { fromAddress: input.fromAddress }),
    ...(input.fromName !== undefined && { fromName: input.fromName }),
    ...(input.config !== undefined && { config: input.config }),
    ...(input.secretEnc !== undefined && { secretEnc: input.secretEnc }),
    ...(input.status !== undefined && { status: input.status }),
    ...(input.lastError !== undefined && { lastError: input.lastError }),
    ...limits,
    updatedAt: new Date(),
  };
  const [after] = await db
    .update(sendingAccounts)
    .set(patch)
    .where(and(eq(sendingAccounts.workspaceId, input.workspaceId), eq(sendingAccounts.id, input.accountId)))
    .returning();
  const visible = (a: SendingAccount) => ({ name: a.name, fromAddress: a.fromAddress, status: a.status, ...limitsOf(a) });
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    action: "sending_account.updated",
    entityType: "sending_account",
    entityId: input.accountId,
    before: visible(before),
    after: { ...visible(after), ...(input.secretEnc !== undefined && { secret: "replaced" }) },
  });
  return after;
}

export async function deleteSendingAccount(db: Db, q: { workspaceId: string; actorId: string; accountId: string }) {
  const account = await getSendingAccount(db, q);
  if (!account) notFound("sending account");
  const [used] = await db
    .select({ n: count() })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.accountId, q.accountId)));
  if (used.n > 0) {
    throw new UserError(`${account.name} is used by ${used.n} campaign(s); it keeps their send log. Cancel or keep it instead.`, "conflict");
  }
  await db.delete(sendingAccounts).where(and(eq(sendingAccounts.workspaceId, q.workspaceId), eq(sendingAccounts.id, q.accountId)));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "sending_account.deleted",
    entityType: "sending_account",
    entityId: q.accountId,
    before: { kind: account.kind, name: account.name },
  });
}

/** The workspace's dev outbox account, created the first time it is needed. */
export async function ensureOutboxAccount(db: Db, q: { workspaceId: string; actorId: string | null; fromAddress?: string }) {
  const [existing] = await db
    .select()
    .from(sendingAccounts)
    .where(and(eq(sendingAccounts.workspaceId, q.workspaceId), eq(sendingAccounts.kind, "outbox")))
    .orderBy(asc(sendingAccounts.createdAt))
    .limit(1);
  if (existing) return existing;
  return createSendingAccount(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    kind: "outbox",
    name: "Dev outbox (not delivered)",
    fromAddress: q.fromAddress ?? "outreach@docket.local",
  });
}
