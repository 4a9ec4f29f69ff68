import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { campaignRecipients, suppressions } from "@/db/schema";
import { recipientMachine } from "@/lib/campaigns/status";
import { notFound, UserError } from "@/lib/errors";

// Addresses never to write to again (unsubscribed, bounced, added by hand) and who was already contacted.

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
          // not one being sent: the sender checks the list right before sending and skips it itself
          inArray(campaignRecipients.status, recipientMachine.from("skipped", ["pending", "failed"])),
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

/** The recipient's current suppression, if any (checked right before sending). */
export async function isSuppressed(db: Db, q: { workspaceId: string; email: string }) {
  const [s] = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, q.workspaceId), eq(suppressions.email, q.email)));
  return s?.reason ?? null;
}
