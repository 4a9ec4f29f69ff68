import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { type Campaign, campaignAttachments, campaignRecipients, campaigns, sendingAccounts } from "@/db/schema";
import { limitsOf } from "@/lib/campaigns/account-limits";
import { nextSendAt, type PacingDecision } from "@/lib/campaigns/pacing";
import type { ImportResult } from "@/lib/campaigns/recipients";
import type { RecipientStatus } from "@/lib/campaigns/status";
import { notFound, UserError } from "@/lib/errors";
import { getSendingAccount } from "./sending-accounts";
import { recentAccountSends } from "./sends";

// Campaigns: create from an imported list, read with their counts and progress, edit the draft's template.

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

/** A campaign of the workspace; `lock` holds its row until the transaction ends. */
export async function getCampaign(db: Db, q: { workspaceId: string; campaignId: string; lock?: boolean }) {
  const query = db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, q.workspaceId), eq(campaigns.id, q.campaignId)));
  const [row] = q.lock ? await query.for("update") : await query;
  return row ?? null;
}

export async function requireCampaign(db: Db, q: { workspaceId: string; campaignId: string; lock?: boolean }) {
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
