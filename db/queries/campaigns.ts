import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { nextSendAt, validatePacingLimits, type AccountKind, type PacingDecision, type PacingLimits, type SendingWindow } from "@/lib/campaigns/pacing";
import type { ImportResult } from "@/lib/campaigns/recipients";
import { assertTransition, PAUSE_REASON_MESSAGES, type CampaignStatus, type PauseReason, type RecipientStatus } from "@/lib/campaigns/status";
import { UserError } from "@/lib/errors";
import type { Db } from "../client";
import {
  campaignAttachments,
  campaignRecipients,
  campaigns,
  sendAttempts,
  sendingAccounts,
  suppressions,
  type Campaign,
  type SendingAccount,
  type SendingAccountKind,
} from "../schema";
import { recordAudit } from "./audit";

// Every read and write of the campaigns module. Each function takes an explicit workspaceId (the isolation
// boundary) except the sender's own steps, which start from a campaign id the sender was given by its event
// and still check the workspace on every row they touch. Times the sender writes come from the caller's
// clock (`now`), never from SQL now(), so the embedded runner's manual clock drives them in tests.


const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Attempts that count toward an account's caps: everything not provably undelivered. */
const COUNTING = ["reserved", "in_flight", "sent", "uncertain"] as const;

function notFound(what: string): never {
  throw new UserError(`No such ${what} in this workspace.`, "not_found");
}

// ———————————————————————————————————————————————————————————————— sending accounts

export function limitsOf(a: Pick<SendingAccount, "perHour" | "perDay" | "minGapSec" | "maxGapSec">): PacingLimits {
  return { perHour: a.perHour, perDay: a.perDay, minGapSec: a.minGapSec, maxGapSec: a.maxGapSec };
}

export function pacingKind(kind: SendingAccountKind): AccountKind {
  return kind === "gmail" ? "gmail" : kind;
}

/** Pacing limits checked against the account kind's bounds; a bad value is a UserError naming the field. */
export function checkedLimits(input: Partial<PacingLimits>, kind: SendingAccountKind): PacingLimits {
  try {
    return validatePacingLimits(input, pacingKind(kind));
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

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

// ———————————————————————————————————————————————————————————————— suppressions

export async function suppressedSet(db: Db, q: { workspaceId: string }) {
  const r = await db.select({ email: suppressions.email }).from(suppressions).where(eq(suppressions.workspaceId, q.workspaceId));
  return new Set(r.map((x) => x.email));
}

/** Addresses this workspace has already sent a campaign message to. */
export async function alreadyContactedSet(db: Db, q: { workspaceId: string }) {
  const r = await db
    .selectDistinct({ email: campaignRecipients.email })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.workspaceId, q.workspaceId), eq(campaignRecipients.status, "sent")));
  return new Set(r.map((x) => x.email));
}

export async function listSuppressions(db: Db, q: { workspaceId: string; limit?: number }) {
  return db
    .select()
    .from(suppressions)
    .where(eq(suppressions.workspaceId, q.workspaceId))
    .orderBy(desc(suppressions.createdAt))
    .limit(q.limit ?? 500);
}

/**
 * Puts an address on the suppression list and skips it in every campaign of the workspace that has not sent
 * to it yet. Idempotent: a second unsubscribe is a no-op that still answers "you are unsubscribed".
 */
export async function addSuppression(
  db: Db,
  q: { workspaceId: string; email: string; reason: "unsubscribed" | "bounced" | "manual"; campaignId?: string | null; actorId?: string | null; now?: Date },
) {
  const email = q.email.trim().toLowerCase();
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(suppressions)
      .values({ workspaceId: q.workspaceId, email, reason: q.reason, campaignId: q.campaignId ?? null, createdAt: now })
      .onConflictDoNothing()
      .returning();
    const skipped = await tx
      .update(campaignRecipients)
      .set({ status: "skipped", error: q.reason === "unsubscribed" ? "Unsubscribed" : `On the suppression list (${q.reason})`, updatedAt: now })
      .where(
        and(
          eq(campaignRecipients.workspaceId, q.workspaceId),
          eq(campaignRecipients.email, email),
          inArray(campaignRecipients.status, ["pending", "failed"]),
        ),
      )
      .returning({ id: campaignRecipients.id });
    if (inserted.length) {
      await recordAudit(tx, {
        workspaceId: q.workspaceId,
        actorId: q.actorId ?? null,
        action: `suppression.${q.reason}`,
        entityType: "suppression",
        entityId: email,
        after: { campaignId: q.campaignId ?? null, skippedRecipients: skipped.length },
      });
    }
    return { added: inserted.length > 0, skippedRecipients: skipped.length };
  });
}

export async function removeSuppression(db: Db, q: { workspaceId: string; actorId: string; email: string }) {
  const email = q.email.trim().toLowerCase();
  const [s] = await db.select().from(suppressions).where(and(eq(suppressions.workspaceId, q.workspaceId), eq(suppressions.email, email)));
  if (!s) notFound("suppressed address");
  if (s.reason !== "manual") {
    throw new UserError(`${email} unsubscribed (or bounced) themselves; only addresses added by hand can be removed.`, "conflict");
  }
  await db.delete(suppressions).where(and(eq(suppressions.workspaceId, q.workspaceId), eq(suppressions.email, email)));
  await recordAudit(db, { workspaceId: q.workspaceId, actorId: q.actorId, action: "suppression.removed", entityType: "suppression", entityId: email });
}

// ———————————————————————————————————————————————————————————————— campaigns

export interface CampaignTemplateInput {
  subject: string;
  textBody?: string | null;
  htmlBody?: string | null;
  onEmpty: "skip" | "fallback";
  fallbacks?: Record<string, string>;
}

export interface CreateCampaignInput extends CampaignTemplateInput {
  workspaceId: string;
  actorId: string;
  accountId: string;
  name: string;
  timeZone: string;
  imported: ImportResult;
  sourceFilename?: string | null;
}

/** A draft campaign with its recipients (one insert per 1,000 rows, in one transaction). */
export async function createCampaign(db: Db, input: CreateCampaignInput): Promise<Campaign> {
  const account = await getSendingAccount(db, { workspaceId: input.workspaceId, accountId: input.accountId });
  if (!account) notFound("sending account");
  if (input.imported.recipients.length === 0) {
    throw new UserError("The list has no recipients left to send to; check the skipped rows and the column mapping.");
  }
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(campaigns)
      .values({
        workspaceId: input.workspaceId,
        accountId: input.accountId,
        name: input.name,
        subject: input.subject,
        textBody: input.textBody ?? null,
        htmlBody: input.htmlBody ?? null,
        onEmpty: input.onEmpty,
        fallbacks: input.fallbacks ?? {},
        columns: input.imported.columns,
        sourceFilename: input.sourceFilename ?? null,
        importSkipped: input.imported.skipped,
        importTotalRows: input.imported.totalRows,
        timeZone: input.timeZone,
        createdBy: input.actorId,
      })
      .returning();
    const rows = input.imported.recipients.map((r) => ({
      workspaceId: input.workspaceId,
      campaignId: c.id,
      rowNumber: r.rowNumber,
      email: r.email,
      name: r.name ?? null,
      company: r.company ?? null,
      fields: r.fields,
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(campaignRecipients).values(rows.slice(i, i + 1000));
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      action: "campaign.created",
      entityType: "campaign",
      entityId: c.id,
      after: { name: c.name, accountId: c.accountId, recipients: rows.length, skippedRows: input.imported.skipped.length },
    });
    return c;
  });
}

export async function getCampaign(db: Db, q: { workspaceId: string; campaignId: string }) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)));
  return row ?? null;
}

export async function requireCampaign(db: Db, q: { workspaceId: string; campaignId: string }) {
  return (await getCampaign(db, q)) ?? notFound("campaign");
}

export type RecipientCounts = Record<RecipientStatus, number> & { total: number };

async function countsFor(db: Db, where: SQL) {
  const r = await db
    .select({ campaignId: campaignRecipients.campaignId, status: campaignRecipients.status, n: count() })
    .from(campaignRecipients)
    .where(where)
    .groupBy(campaignRecipients.campaignId, campaignRecipients.status);
  const out = new Map<string, RecipientCounts>();
  for (const x of r) {
    const c = out.get(x.campaignId) ?? { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0, total: 0 };
    c[x.status] = x.n;
    c.total += x.n;
    out.set(x.campaignId, c);
  }
  return out;
}

const emptyCounts = (): RecipientCounts => ({ pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0, total: 0 });

export async function listCampaigns(db: Db, q: { workspaceId: string }) {
  const rows = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      pauseReason: campaigns.pauseReason,
      statusMessage: campaigns.statusMessage,
      startAt: campaigns.startAt,
      nextSendAt: campaigns.nextSendAt,
      timeZone: campaigns.timeZone,
      createdAt: campaigns.createdAt,
      finishedAt: campaigns.finishedAt,
      accountName: sendingAccounts.name,
      accountKind: sendingAccounts.kind,
    })
    .from(campaigns)
    .innerJoin(sendingAccounts, eq(sendingAccounts.id, campaigns.accountId))
    .where(eq(campaigns.workspaceId, q.workspaceId))
    .orderBy(desc(campaigns.createdAt));
  const counts = await countsFor(db, eq(campaignRecipients.workspaceId, q.workspaceId));
  return rows.map((r) => ({ ...r, counts: counts.get(r.id) ?? emptyCounts() }));
}

export async function campaignCounts(db: Db, q: { workspaceId: string; campaignId: string }) {
  const m = await countsFor(db, and(eq(campaignRecipients.workspaceId, q.workspaceId), eq(campaignRecipients.campaignId, q.campaignId))!);
  return m.get(q.campaignId) ?? emptyCounts();
}

/** What the campaign page polls: status, counts, and when the next send happens and why. */
export async function campaignProgress(db: Db, q: { workspaceId: string; campaignId: string; now?: Date }) {
  const c = await requireCampaign(db, q);
  const counts = await campaignCounts(db, q);
  const account = (await getSendingAccount(db, { workspaceId: q.workspaceId, accountId: c.accountId }))!;
  let decision: PacingDecision | null = null;
  if (c.status === "sending" || c.status === "scheduled") {
    const now = q.now ?? new Date();
    decision = nextSendAt({
      limits: limitsOf(account),
      recentSends: await recentAccountSends(db, { accountId: account.id, now: now.getTime() }),
      now,
      window: c.sendingWindow,
      notBefore: c.startAt,
      seed: account.id,
    });
  }
  return {
    id: c.id,
    status: c.status,
    pauseReason: c.pauseReason,
    statusMessage: c.statusMessage,
    timeZone: c.timeZone,
    nextSendAt: c.nextSendAt,
    waitReason: c.waitReason,
    resumeAt: c.resumeAt,
    counts,
    decision,
    limits: limitsOf(account),
    account: { id: account.id, name: account.name, kind: account.kind, status: account.status },
  };
}

export interface RecipientFilter {
  workspaceId: string;
  campaignId: string;
  status?: RecipientStatus;
  q?: string;
  limit?: number;
  offset?: number;
}

export async function listCampaignRecipients(db: Db, f: RecipientFilter) {
  const where: SQL[] = [eq(campaignRecipients.workspaceId, f.workspaceId), eq(campaignRecipients.campaignId, f.campaignId)];
  if (f.status) where.push(eq(campaignRecipients.status, f.status));
  if (f.q) {
    const like = `%${f.q}%`;
    where.push(or(ilike(campaignRecipients.email, like), ilike(campaignRecipients.name, like), ilike(campaignRecipients.company, like))!);
  }
  const limit = Math.min(f.limit ?? 50, 10_000);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(campaignRecipients)
      .where(and(...where))
      .orderBy(asc(campaignRecipients.rowNumber))
      .limit(limit)
      .offset(f.offset ?? 0),
    db.select({ n: count() }).from(campaignRecipients).where(and(...where)),
  ]);
  return { rows, total: total.n };
}

export async function getCampaignRecipient(db: Db, q: { workspaceId: string; campaignId: string; recipientId: string }) {
  const [r] = await db
    .select()
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.workspaceId, q.workspaceId),
        eq(campaignRecipients.campaignId, q.campaignId),
        eq(campaignRecipients.id, q.recipientId),
      ),
    );
  return r ?? null;
}

export async function listCampaignAttachments(db: Db, q: { workspaceId: string; campaignId: string }) {
  return db
    .select()
    .from(campaignAttachments)
    .where(and(eq(campaignAttachments.workspaceId, q.workspaceId), eq(campaignAttachments.campaignId, q.campaignId)))
    .orderBy(asc(campaignAttachments.createdAt));
}

export async function addCampaignAttachment(
  db: Db,
  q: { workspaceId: string; campaignId: string; filename: string; contentType: string; size: number; blobKey: string },
) {
  const [row] = await db.insert(campaignAttachments).values(q).returning();
  return row;
}

function editable(c: Campaign) {
  if (c.status !== "draft") throw new UserError(`Only a draft can be edited; this campaign is ${c.status}. Pause is not enough: cancel and copy it instead.`, "conflict");
}

export async function updateCampaignTemplate(db: Db, q: { workspaceId: string; actorId: string; campaignId: string } & CampaignTemplateInput & { name?: string }) {
  const c = await requireCampaign(db, q);
  editable(c);
  const [after] = await db
    .update(campaigns)
    .set({
      subject: q.subject,
      textBody: q.textBody ?? null,
      htmlBody: q.htmlBody ?? null,
      onEmpty: q.onEmpty,
      fallbacks: q.fallbacks ?? {},
      ...(q.name && { name: q.name }),
      updatedAt: new Date(),
    })
    // still a draft at the moment of writing: a schedule that landed since the check above wins
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId), eq(campaigns.status, "draft")))
    .returning();
  if (!after) editable(await requireCampaign(db, q));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "campaign.template_updated",
    entityType: "campaign",
    entityId: c.id,
    before: { subject: c.subject, onEmpty: c.onEmpty },
    after: { subject: after.subject, onEmpty: after.onEmpty },
  });
  return after;
}

/** Moves a campaign through its state machine under a row lock; returns the campaign after the change. */
async function transition(
  tx: Db,
  q: { workspaceId: string; campaignId: string },
  to: CampaignStatus,
  patch: { [K in keyof typeof campaigns.$inferInsert]?: (typeof campaigns.$inferInsert)[K] | SQL },
  allowFrom?: readonly CampaignStatus[],
) {
  const [c] = await tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)))
    .for("update");
  if (!c) notFound("campaign");
  if (allowFrom && !allowFrom.includes(c.status)) {
    throw new UserError(`This campaign is ${c.status}; it cannot be ${to === "sending" ? "resumed" : to} from there.`, "conflict");
  }
  try {
    assertTransition("campaign", c.status, to);
  } catch (err) {
    throw new UserError((err as Error).message, "conflict");
  }
  const [after] = await tx
    .update(campaigns)
    .set({ status: to, ...patch })
    .where(eq(campaigns.id, c.id))
    .returning();
  return { before: c, after };
}

/** draft → scheduled. The sender starts it at `startAt` (null = now), inside the window if one is set. */
export async function scheduleCampaign(
  db: Db,
  q: {
    workspaceId: string;
    actorId: string;
    campaignId: string;
    startAt: Date | null;
    timeZone: string;
    window: SendingWindow | null;
    now?: Date;
    /** Where the campaign's links (unsubscribe) point: the app's address as the user reached it. */
    linkBase?: string | null;
  },
) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: count() })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, q.campaignId), eq(campaignRecipients.workspaceId, q.workspaceId), eq(campaignRecipients.status, "pending")));
    const { before, after } = await transition(
      tx,
      q,
      "scheduled",
      {
        startAt: q.startAt,
        timeZone: q.timeZone,
        sendingWindow: q.window,
        ...(q.linkBase && { linkBase: q.linkBase }),
        runGeneration: sql`${campaigns.runGeneration} + 1`,
        statusMessage: null,
        updatedAt: now,
      },
      ["draft"],
    );
    if (n === 0) throw new UserError("There is nobody left to send to in this campaign.", "conflict");
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.scheduled",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: before.status },
      after: { status: after.status, startAt: q.startAt?.toISOString() ?? "now", timeZone: q.timeZone, window: q.window },
    });
    return after;
  });
}

export async function pauseCampaign(db: Db, q: { workspaceId: string; actorId: string | null; campaignId: string; reason?: PauseReason; message?: string; resumeAt?: Date | null; now?: Date }) {
  const reason = q.reason ?? "user";
  return db.transaction(async (tx) => {
    const { before, after } = await transition(tx, q, "paused", {
      pauseReason: reason,
      statusMessage: q.message ?? PAUSE_REASON_MESSAGES[reason],
      resumeAt: q.resumeAt ?? null,
      nextSendAt: null,
      updatedAt: q.now ?? new Date(),
    });
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.paused",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: before.status },
      after: { status: after.status, reason, message: after.statusMessage },
    });
    return after;
  });
}

/** paused → sending (or back to scheduled when its start time is still ahead). Bumps the run generation. */
export async function resumeCampaign(db: Db, q: { workspaceId: string; actorId: string | null; campaignId: string; now?: Date; onlyReason?: PauseReason }) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)))
      .for("update");
    if (!c) notFound("campaign");
    if (q.onlyReason && (c.status !== "paused" || c.pauseReason !== q.onlyReason)) return null;
    if (c.pauseReason === "auth_revoked") {
      const account = await getSendingAccount(tx, { workspaceId: q.workspaceId, accountId: c.accountId });
      if (account?.status === "needs_reconnect") {
        throw new UserError("Reconnect Google in Campaigns → Accounts first; the account cannot send until then.", "conflict");
      }
    }
    const to: CampaignStatus = c.startAt && c.startAt.getTime() > now.getTime() ? "scheduled" : "sending";
    const { after } = await transition(
      tx,
      q,
      to,
      { pauseReason: null, statusMessage: null, resumeAt: null, consecutiveFailures: 0, runGeneration: sql`${campaigns.runGeneration} + 1`, updatedAt: now },
      ["paused"],
    );
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.resumed",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: "paused", reason: c.pauseReason },
      after: { status: after.status },
    });
    return after;
  });
}

/** Any non-final state → cancelled; recipients not sent yet become skipped ("campaign cancelled"). */
export async function cancelCampaign(db: Db, q: { workspaceId: string; actorId: string; campaignId: string; now?: Date }) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const { before, after } = await transition(tx, q, "cancelled", { finishedAt: now, nextSendAt: null, updatedAt: now });
    const skipped = await tx
      .update(campaignRecipients)
      .set({ status: "skipped", error: "Campaign cancelled before this message was sent", updatedAt: now })
      .where(and(eq(campaignRecipients.campaignId, q.campaignId), eq(campaignRecipients.workspaceId, q.workspaceId), eq(campaignRecipients.status, "pending")))
      .returning({ id: campaignRecipients.id });
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "campaign.cancelled",
      entityType: "campaign",
      entityId: q.campaignId,
      before: { status: before.status },
      after: { status: after.status, skippedRecipients: skipped.length },
    });
    return after;
  });
}

/**
 * A user decides about a failed recipient, or one held because its send was interrupted ("may have been
 * sent"): "retry" puts it back in the queue, "mark_sent" records that it did arrive.
 */
export async function resolveRecipient(
  db: Db,
  q: { workspaceId: string; actorId: string; campaignId: string; recipientId: string; decision: "retry" | "mark_sent"; now?: Date },
) {
  const now = q.now ?? new Date();
  return db.transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.workspaceId, q.workspaceId),
          eq(campaignRecipients.campaignId, q.campaignId),
          eq(campaignRecipients.id, q.recipientId),
        ),
      )
      .for("update");
    if (!r) notFound("recipient");
    const [owner] = await tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, q.campaignId));
    if (q.decision === "retry" && (owner.status === "completed" || owner.status === "cancelled")) {
      throw new UserError(`This campaign is ${owner.status}; its recipients can no longer be retried.`, "conflict");
    }
    const to: RecipientStatus = q.decision === "retry" ? "pending" : "sent";
    const heldInFlight = r.status === "sending" && (await isHeld(tx, r.id));
    const ok = q.decision === "retry" ? r.status === "failed" || heldInFlight : heldInFlight;
    if (!ok) throw new UserError(`A recipient that is ${r.status} cannot be ${q.decision === "retry" ? "retried" : "marked as sent"}.`, "conflict");
    await tx
      .update(campaignRecipients)
      .set({ status: to, error: q.decision === "retry" ? null : r.error, nextAttemptAt: null, sentAt: to === "sent" ? now : null, updatedAt: now })
      .where(eq(campaignRecipients.id, r.id));
    if (heldInFlight) {
      await tx
        .update(sendAttempts)
        .set({ status: q.decision === "retry" ? "failed" : "sent", finishedAt: now })
        .where(and(eq(sendAttempts.recipientId, r.id), eq(sendAttempts.status, "uncertain")));
    }
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: `campaign.recipient_${q.decision}`,
      entityType: "campaign_recipient",
      entityId: r.id,
      before: { status: r.status, error: r.error },
      after: { status: to },
    });
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, q.campaignId));
    return { campaign: c, recipientStatus: to };
  });
}

async function isHeld(tx: Db, recipientId: string) {
  const [a] = await tx
    .select({ id: sendAttempts.id })
    .from(sendAttempts)
    .where(and(eq(sendAttempts.recipientId, recipientId), eq(sendAttempts.status, "uncertain")))
    .limit(1);
  return Boolean(a);
}

/** A completed campaign with a retried recipient is sending again (completed is final, so reopen as a new generation). */
export async function bumpGeneration(db: Db, q: { workspaceId: string; campaignId: string }) {
  const [c] = await db
    .update(campaigns)
    .set({ runGeneration: sql`${campaigns.runGeneration} + 1` })
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)))
    .returning({ runGeneration: campaigns.runGeneration, status: campaigns.status });
  return c ?? null;
}

// ———————————————————————————————————————————————————————————————— the sender's steps

/**
 * Reservation times of an account's attempts that count toward its caps (last 25 h). Pacing only looks at the
 * `limit` most recent ones (the perDay-th most recent send bounds the next), so pass perDay to bound the read.
 */
export async function recentAccountSends(db: Db, q: { accountId: string; now: number; limit?: number; kind?: "campaign" | "test" }) {
  const r = await db
    .select({ at: sendAttempts.reservedAt })
    .from(sendAttempts)
    .where(
      and(
        eq(sendAttempts.accountId, q.accountId),
        // test sends to oneself have their own small allowance and never use up the campaign caps
        eq(sendAttempts.kind, q.kind ?? "campaign"),
        inArray(sendAttempts.status, [...COUNTING]),
        gt(sendAttempts.reservedAt, new Date(q.now - DAY_MS - HOUR_MS)),
      ),
    )
    .orderBy(desc(sendAttempts.reservedAt))
    .limit(q.limit ?? 100_000);
  return r.map((x) => x.at.getTime());
}

export type Reservation =
  | { kind: "send"; attemptId: string; recipientId: string; attempt: number }
  | { kind: "wait"; until: string; reason: string }
  | { kind: "stop"; status: CampaignStatus }
  | { kind: "done"; status: CampaignStatus; held: number };

/**
 * The sender's decision step. Under the sending account's row lock (so every campaign of the account is
 * serialised here, on PostgreSQL across processes): re-read the campaign, apply the account's pacing to its
 * counted attempts, and either claim the next due recipient (recording the attempt, which counts at once)
 * or say how long to wait. Pause/cancel committed before this step are honoured: it returns "stop".
 */
export async function reserveNextSend(
  db: Db,
  q: {
    workspaceId: string;
    campaignId: string;
    now: number;
    /**
     * Identifies the reserve step (run id + step id). When that step committed a reservation and its worker died
     * before the runner recorded the result, the step runs again and gets the same reservation back, instead of
     * stranding its recipient in "sending" and reserving the next one.
     */
    key?: string;
  },
): Promise<Reservation> {
  const nowDate = new Date(q.now);
  return db.transaction(async (tx) => {
    const [head] = await tx
      .select({ accountId: campaigns.accountId })
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)));
    if (!head) return { kind: "stop", status: "cancelled" };
    const [account] = await tx.select().from(sendingAccounts).where(eq(sendingAccounts.id, head.accountId)).for("update");
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, q.campaignId)).for("update");
    if (c.status === "scheduled") {
      if (c.startAt && c.startAt.getTime() > q.now) {
        await tx.update(campaigns).set({ nextSendAt: c.startAt, waitReason: "scheduled" }).where(eq(campaigns.id, c.id));
        return { kind: "wait", until: c.startAt.toISOString(), reason: "scheduled" };
      }
      assertTransition("campaign", "scheduled", "sending");
      await tx.update(campaigns).set({ status: "sending", startedAt: c.startedAt ?? nowDate, updatedAt: nowDate }).where(eq(campaigns.id, c.id));
      await recordAudit(tx, { workspaceId: c.workspaceId, actorId: null, action: "campaign.started", entityType: "campaign", entityId: c.id, after: { status: "sending" } });
    } else if (c.status !== "sending") {
      return { kind: "stop", status: c.status };
    }
    if (q.key) {
      const [made] = await tx
        .select({ id: sendAttempts.id, recipientId: sendAttempts.recipientId, attempt: sendAttempts.attempt })
        .from(sendAttempts)
        .where(and(eq(sendAttempts.campaignId, c.id), eq(sendAttempts.reservationKey, q.key)));
      if (made?.recipientId) return { kind: "send", attemptId: made.id, recipientId: made.recipientId, attempt: made.attempt };
    }

    // The next due recipient, in list order; one held by another transaction is skipped, not waited for.
    const [next] = await tx
      .select({ id: campaignRecipients.id, attempts: campaignRecipients.attempts })
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.campaignId, c.id),
          eq(campaignRecipients.status, "pending"),
          or(isNull(campaignRecipients.nextAttemptAt), lte(campaignRecipients.nextAttemptAt, nowDate)),
        ),
      )
      .orderBy(asc(campaignRecipients.rowNumber))
      .limit(1)
      .for("update", { skipLocked: true });

    if (!next) {
      const [later] = await tx
        .select({ at: sql<Date | string>`min(${campaignRecipients.nextAttemptAt})` })
        .from(campaignRecipients)
        .where(and(eq(campaignRecipients.campaignId, c.id), eq(campaignRecipients.status, "pending")));
      if (later?.at) {
        const until = new Date(later.at);
        await tx.update(campaigns).set({ nextSendAt: until, waitReason: "retry" }).where(eq(campaigns.id, c.id));
        return { kind: "wait", until: until.toISOString(), reason: "retry" };
      }
      const [{ n: inFlight }] = await tx
        .select({ n: count() })
        .from(campaignRecipients)
        .where(and(eq(campaignRecipients.campaignId, c.id), eq(campaignRecipients.status, "sending")));
      if (inFlight > 0) {
        await tx
          .update(campaigns)
          .set({
            nextSendAt: null,
            waitReason: null,
            statusMessage: `${inFlight} message(s) were interrupted mid-send and may have been delivered. Check the Sent folder, then Retry or Mark as sent in the log.`,
          })
          .where(eq(campaigns.id, c.id));
        return { kind: "done", status: "sending", held: inFlight };
      }
      assertTransition("campaign", "sending", "completed");
      await tx
        .update(campaigns)
        .set({ status: "completed", finishedAt: nowDate, nextSendAt: null, waitReason: null, statusMessage: null, updatedAt: nowDate })
        .where(eq(campaigns.id, c.id));
      await recordAudit(tx, { workspaceId: c.workspaceId, actorId: null, action: "campaign.completed", entityType: "campaign", entityId: c.id, after: { status: "completed" } });
      return { kind: "done", status: "completed", held: 0 };
    }

    const decision = nextSendAt({
      limits: limitsOf(account),
      recentSends: await recentAccountSends(tx, { accountId: account.id, now: q.now, limit: Math.max(account.perDay, account.perHour) + 1 }),
      now: q.now,
      window: c.sendingWindow,
      notBefore: c.startAt,
      seed: account.id,
    });
    if (decision.at.getTime() > q.now) {
      await tx.update(campaigns).set({ nextSendAt: decision.at, waitReason: decision.reason }).where(eq(campaigns.id, c.id));
      return { kind: "wait", until: decision.at.toISOString(), reason: decision.reason };
    }

    const attempt = next.attempts + 1;
    assertTransition("recipient", "pending", "sending");
    await tx
      .update(campaignRecipients)
      .set({ status: "sending", attempts: attempt, nextAttemptAt: null, updatedAt: nowDate })
      .where(eq(campaignRecipients.id, next.id));
    const [a] = await tx
      .insert(sendAttempts)
      .values({ workspaceId: c.workspaceId, accountId: account.id, campaignId: c.id, recipientId: next.id, attempt, reservedAt: nowDate, reservationKey: q.key ?? null })
      .returning({ id: sendAttempts.id });
    await tx.update(campaigns).set({ nextSendAt: null, waitReason: null }).where(eq(campaigns.id, c.id));
    return { kind: "send", attemptId: a.id, recipientId: next.id, attempt };
  });
}

/** Everything the deliver step needs about one reserved attempt. */
export async function loadAttempt(db: Db, q: { attemptId: string }) {
  const [a] = await db.select().from(sendAttempts).where(eq(sendAttempts.id, q.attemptId));
  if (!a) return null;
  const [c] = await db.select().from(campaigns).where(and(eq(campaigns.id, a.campaignId), eq(campaigns.workspaceId, a.workspaceId)));
  const [account] = await db.select().from(sendingAccounts).where(and(eq(sendingAccounts.id, a.accountId), eq(sendingAccounts.workspaceId, a.workspaceId)));
  const [r] = a.recipientId
    ? await db.select().from(campaignRecipients).where(and(eq(campaignRecipients.id, a.recipientId), eq(campaignRecipients.workspaceId, a.workspaceId)))
    : [];
  return { attempt: a, campaign: c, account, recipient: r ?? null };
}

/** Right before the provider call: the attempt is in flight. Returns false when it is no longer reserved. */
export async function markInFlight(db: Db, q: { attemptId: string; messageId: string; now: number }) {
  return db.transaction(async (tx) => {
    const r = await tx
      .update(sendAttempts)
      .set({ status: "in_flight" })
      .where(and(eq(sendAttempts.id, q.attemptId), eq(sendAttempts.status, "reserved")))
      .returning({ recipientId: sendAttempts.recipientId });
    if (!r.length) return false;
    if (r[0].recipientId) {
      await tx.update(campaignRecipients).set({ messageId: q.messageId }).where(eq(campaignRecipients.id, r[0].recipientId));
    }
    return true;
  });
}

/** The provider accepted the message: attempt and recipient are sent, the failure streak resets. */
export async function recordSent(db: Db, q: { attemptId: string; providerMessageId: string; now: number }) {
  const now = new Date(q.now);
  await db.transaction(async (tx) => {
    const [a] = await tx
      .update(sendAttempts)
      .set({ status: "sent", providerMessageId: q.providerMessageId, finishedAt: now, error: null })
      .where(eq(sendAttempts.id, q.attemptId))
      .returning();
    if (!a.recipientId) return;
    await tx
      .update(campaignRecipients)
      .set({ status: "sent", providerMessageId: q.providerMessageId, sentAt: now, error: null, updatedAt: now })
      .where(eq(campaignRecipients.id, a.recipientId));
    await tx.update(campaigns).set({ consecutiveFailures: 0, statusMessage: null }).where(eq(campaigns.id, a.campaignId));
  });
}

export interface FailureOutcome {
  attemptId: string;
  now: number;
  /** Attempt: failed (provably not delivered) or uncertain (may have been). */
  attemptStatus: "failed" | "uncertain";
  recipient: "pending" | "failed" | "hold" | "skipped";
  retryAt?: number;
  error: string;
  errorKind: string;
  countsAsFailure: boolean;
  pause?: { reason: PauseReason; message: string; resumeAt?: number; allCampaignsOfAccount?: boolean } | null;
  accountNeedsReconnect?: boolean;
}

/**
 * Applies the send policy's decision in one transaction: attempt outcome, recipient state, the campaign's
 * failure streak, and a pause (of this campaign or of every active campaign of the account).
 * Returns the campaigns that were paused.
 */
export async function recordFailure(db: Db, o: FailureOutcome) {
  const now = new Date(o.now);
  return db.transaction(async (tx) => {
    const [a] = await tx
      .update(sendAttempts)
      .set({ status: o.attemptStatus, finishedAt: now, error: o.error, errorKind: o.errorKind })
      .where(eq(sendAttempts.id, o.attemptId))
      .returning();
    if (a.recipientId) {
      const status: RecipientStatus = o.recipient === "hold" ? "sending" : o.recipient;
      await tx
        .update(campaignRecipients)
        .set({ status, error: o.error, nextAttemptAt: o.retryAt ? new Date(o.retryAt) : null, updatedAt: now })
        .where(eq(campaignRecipients.id, a.recipientId));
    }
    if (a.recipientId && o.countsAsFailure) {
      await tx
        .update(campaigns)
        .set({ consecutiveFailures: sql`${campaigns.consecutiveFailures} + 1`, statusMessage: `Last send failed: ${o.error}` })
        .where(eq(campaigns.id, a.campaignId));
    }
    if (o.accountNeedsReconnect) {
      await tx.update(sendingAccounts).set({ status: "needs_reconnect", lastError: o.error, updatedAt: now }).where(eq(sendingAccounts.id, a.accountId));
    }
    const paused: string[] = [];
    if (o.pause) {
      const targets = o.pause.allCampaignsOfAccount
        ? await tx
            .select({ id: campaigns.id })
            .from(campaigns)
            .where(and(eq(campaigns.accountId, a.accountId), inArray(campaigns.status, ["scheduled", "sending"])))
        : [{ id: a.campaignId }];
      for (const t of targets) {
        const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, t.id)).for("update");
        if (c.status !== "sending" && c.status !== "scheduled") continue;
        await tx
          .update(campaigns)
          .set({
            status: "paused",
            pauseReason: o.pause.reason,
            statusMessage: o.pause.message,
            resumeAt: o.pause.resumeAt ? new Date(o.pause.resumeAt) : null,
            nextSendAt: null,
            updatedAt: now,
          })
          .where(eq(campaigns.id, c.id));
        await recordAudit(tx, {
          workspaceId: c.workspaceId,
          actorId: null,
          action: "campaign.paused",
          entityType: "campaign",
          entityId: c.id,
          before: { status: c.status },
          after: { status: "paused", reason: o.pause.reason, message: o.pause.message },
        });
        paused.push(c.id);
      }
    }
    return { paused };
  });
}

/** The reservation was taken but nothing was sent (campaign paused meanwhile, recipient unsubscribed…). */
export async function releaseReservation(db: Db, q: { attemptId: string; now: number; recipient: "pending" | "skipped"; reason: string }) {
  const now = new Date(q.now);
  await db.transaction(async (tx) => {
    const [a] = await tx
      .update(sendAttempts)
      .set({ status: "failed", finishedAt: now, error: `Not sent: ${q.reason}`, errorKind: "released" })
      .where(and(eq(sendAttempts.id, q.attemptId), inArray(sendAttempts.status, ["reserved", "in_flight"])))
      .returning();
    if (!a?.recipientId) return;
    await tx
      .update(campaignRecipients)
      .set({
        status: q.recipient,
        error: q.recipient === "skipped" ? q.reason : null,
        // The attempt did not happen: do not count it against the recipient's retries.
        attempts: sql`greatest(${campaignRecipients.attempts} - 1, 0)`,
        updatedAt: now,
      })
      .where(and(eq(campaignRecipients.id, a.recipientId), eq(campaignRecipients.status, "sending")));
  });
}

/**
 * Test send to the user: an attempt that counts toward the account's hourly/daily caps (not the random gap).
 * Returns the attempt id, or the time the caps allow the next send.
 */
/** Test sends to oneself: outside the account's campaign caps, with an allowance of their own against misuse. */
export const TEST_SEND_LIMITS = { perHour: 10, perDay: 50, minGapSec: 0, maxGapSec: 0 };

export async function reserveTestSend(db: Db, q: { workspaceId: string; campaignId: string; now: number }) {
  return db.transaction(async (tx) => {
    const c = await requireCampaign(tx, q);
    const [account] = await tx.select().from(sendingAccounts).where(eq(sendingAccounts.id, c.accountId)).for("update");
    const limits = TEST_SEND_LIMITS;
    const decision = nextSendAt({ limits, recentSends: await recentAccountSends(tx, { accountId: account.id, now: q.now, kind: "test" }), now: q.now });
    if (decision.at.getTime() > q.now) return { ok: false as const, decision, limits };
    const [a] = await tx
      .insert(sendAttempts)
      .values({ workspaceId: q.workspaceId, accountId: account.id, campaignId: c.id, kind: "test", attempt: 1, reservedAt: new Date(q.now) })
      .returning({ id: sendAttempts.id });
    return { ok: true as const, attemptId: a.id };
  });
}

/** Quota pause over: this campaign sends again (only if it is still paused for that reason). */
export async function resumeAfterQuota(db: Db, q: { workspaceId: string; campaignId: string; now: number }) {
  const now = new Date(q.now);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)))
      .for("update");
    if (!c || c.status !== "paused" || c.pauseReason !== "quota") return false;
    if (c.resumeAt && c.resumeAt.getTime() > q.now) return false;
    await tx
      .update(campaigns)
      .set({ status: "sending", pauseReason: null, statusMessage: null, resumeAt: null, updatedAt: now })
      .where(eq(campaigns.id, c.id));
    await recordAudit(tx, {
      workspaceId: c.workspaceId,
      actorId: null,
      action: "campaign.resumed",
      entityType: "campaign",
      entityId: c.id,
      before: { status: "paused", reason: "quota" },
      after: { status: "sending" },
    });
    return true;
  });
}

/**
 * Campaigns paused for the account's quota whose resume time passed more than `graceMs` ago (any workspace): the
 * campaign that got the quota answer resumes itself at that time; these are the others of the account (paused with
 * it) or any whose own run did not come back.
 */
export async function campaignsDueAfterQuota(db: Db, q: { now: number; graceMs: number; limit?: number }) {
  return db
    .select({ id: campaigns.id, workspaceId: campaigns.workspaceId })
    .from(campaigns)
    .where(and(eq(campaigns.status, "paused"), eq(campaigns.pauseReason, "quota"), sql`${campaigns.resumeAt} <= ${new Date(q.now - q.graceMs)}`))
    .limit(q.limit ?? 100);
}

/** Per account of the workspace, how many campaigns are paused for `reason` (one query for the Accounts page). */
export async function pausedCountsByAccount(db: Db, q: { workspaceId: string; reason: PauseReason }) {
  const rs = await db
    .select({ accountId: campaigns.accountId, n: count() })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.status, "paused"), eq(campaigns.pauseReason, q.reason)))
    .groupBy(campaigns.accountId);
  return new Map(rs.map((r) => [r.accountId, r.n]));
}

/** Campaigns of an account paused because Google revoked access: resumed after a reconnect. */
export async function campaignsPausedFor(db: Db, q: { workspaceId: string; accountId: string; reason: PauseReason }) {
  return db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.accountId, q.accountId), eq(campaigns.status, "paused"), eq(campaigns.pauseReason, q.reason)));
}

/** The recipient's current suppression, if any (checked right before sending). */
export async function isSuppressed(db: Db, q: { workspaceId: string; email: string }) {
  const [s] = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, q.workspaceId), eq(suppressions.email, q.email)));
  return s?.reason ?? null;
}

// ———————————————————————————————————————————————————————————————— dashboard and export

/** Sends per day per account (accepted by the provider) and failed attempts, since `since`. */
export async function sendsPerDay(db: Db, q: { workspaceId: string; since: Date }) {
  const day = sql<string>`to_char(date_trunc('day', ${sendAttempts.reservedAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      accountId: sendAttempts.accountId,
      sent: sql<number>`count(*) filter (where ${sendAttempts.status} = 'sent')::int`,
      failed: sql<number>`count(*) filter (where ${sendAttempts.status} = 'failed' and ${sendAttempts.errorKind} <> 'released')::int`,
    })
    .from(sendAttempts)
    .where(and(eq(sendAttempts.workspaceId, q.workspaceId), gte(sendAttempts.reservedAt, q.since)))
    .groupBy(sql`1`, sendAttempts.accountId)
    .orderBy(sql`1`);
  return rows;
}

/** Every recipient of a campaign with its log fields, in list order (for the Excel export). */
export async function campaignLog(db: Db, q: { workspaceId: string; campaignId: string }) {
  return db
    .select({
      rowNumber: campaignRecipients.rowNumber,
      email: campaignRecipients.email,
      name: campaignRecipients.name,
      company: campaignRecipients.company,
      status: campaignRecipients.status,
      attempts: campaignRecipients.attempts,
      error: campaignRecipients.error,
      sentAt: campaignRecipients.sentAt,
      messageId: campaignRecipients.messageId,
      providerMessageId: campaignRecipients.providerMessageId,
    })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.workspaceId, q.workspaceId), eq(campaignRecipients.campaignId, q.campaignId)))
    .orderBy(asc(campaignRecipients.rowNumber));
}



/** Recipients of a campaign whose send was interrupted and may have been delivered (held for a person to check). */
export async function heldRecipientIds(db: Db, q: { workspaceId: string; campaignId: string }) {
  const r = await db
    .select({ id: sendAttempts.recipientId })
    .from(sendAttempts)
    .where(and(eq(sendAttempts.workspaceId, q.workspaceId), eq(sendAttempts.campaignId, q.campaignId), eq(sendAttempts.status, "uncertain")));
  return new Set(r.map((x) => x.id).filter((x): x is string => Boolean(x)));
}

// ———————————————————————————————————————————————————————————————— demo seed

const DEMO_LIST = [
  "Empresa,Correo,Nombre,Puesto,Ciudad",
  "Acme Logistics,ana.lopez@acme-logistics.example,Ana López,Backend Engineer,CDMX",
  "Globex Foods,carlos.ruiz@globex.example,Carlos Ruiz,Data Analyst,Monterrey",
  "Initech,maria@initech.example,María Fernández,Engineering Manager,Guadalajara",
  "Hooli,jdoe@hooli.example,John Doe,Platform Engineer,",
  "Umbrella Health,recruiting@umbrella.example,,Site Reliability Engineer,Puebla",
  "Vandelay Industries,art@vandelay,Art Vandelay,Importer,NYC",
  "Acme Logistics,ANA.LOPEZ@acme-logistics.example,Ana L.,Backend Engineer,CDMX",
].join("\n");

/**
 * Demo data: a draft campaign on the workspace's dev outbox, with a real import report (an invalid address and a
 * duplicate are skipped). Nothing is marked sent: schedule it from the campaign page and watch it run.
 */
export async function seedDemoCampaign(db: Db, ctx: { workspaceId: string; ownerId: string }) {
  const { importRecipients, parseRecipientCsv } = await import("@/lib/campaigns/recipients");
  const account = await ensureOutboxAccount(db, { workspaceId: ctx.workspaceId, actorId: ctx.ownerId, fromAddress: "demo@docket.local" });
  const imported = importRecipients(parseRecipientCsv(DEMO_LIST, { filename: "demo-companies.csv" }), {
    mapping: { email: "Correo", company: "Empresa", name: "Nombre", role: "Puesto" },
  });
  return createCampaign(db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.ownerId,
    accountId: account.id,
    name: "Demo — job applications",
    timeZone: "America/Mexico_City",
    subject: "Application: {{role}} at {{company}}",
    textBody:
      "Hi {{first_name | there}},\n\nI am applying for the {{role}} position at {{company}}. My CV is attached.\n\nBest regards,\nDemo User",
    onEmpty: "skip",
    imported,
    sourceFilename: "demo-companies.csv",
  });
}
