import { and, asc, count, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { campaignRecipients, sendAttempts } from "@/db/schema";
import type { RecipientStatus } from "@/lib/campaigns/status";

// A campaign's recipients as the campaign page lists them, and its send log.

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

/** One recipient of a campaign of the workspace; `lock` holds its row until the transaction ends. */
export async function getCampaignRecipient(db: Db, q: { workspaceId: string; campaignId: string; recipientId: string; lock?: boolean }) {
  const query = db
    .select()
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.workspaceId, q.workspaceId),
        eq(campaignRecipients.campaignId, q.campaignId),
        eq(campaignRecipients.id, q.recipientId),
      ),
    );
  const [r] = q.lock ? await query.for("update") : await query;
  return r ?? null;
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
