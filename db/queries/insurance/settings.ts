import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { cotCounters, insuranceSettings } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { formatCotNumber } from "@/lib/insurance/cot";

// Insurance settings of a workspace (COT prefix, match thresholds) and the gapless COT number counter.

export const DEFAULT_SETTINGS = { cotPrefix: "COT", autoThreshold: 0.9, reviewThreshold: 0.5 };

export async function getInsuranceSettings(db: Db, q: { workspaceId: string }) {
  const [s] = await db.select().from(insuranceSettings).where(eq(insuranceSettings.workspaceId, q.workspaceId));
  return s ?? { workspaceId: q.workspaceId, ...DEFAULT_SETTINGS, updatedBy: null, updatedAt: null };
}

export async function saveInsuranceSettings(
  db: Db,
  q: { workspaceId: string; actorId: string; cotPrefix: string; autoThreshold: number; reviewThreshold: number },
) {
  const cotPrefix = q.cotPrefix.trim().toUpperCase();
  try {
    formatCotNumber({ prefix: cotPrefix, year: 2026, seq: 1 });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  if (!(q.reviewThreshold >= 0 && q.reviewThreshold < q.autoThreshold && q.autoThreshold <= 1)) {
    throw new UserError("Thresholds must satisfy 0 ≤ review < auto-accept ≤ 1.");
  }
  const before = await getInsuranceSettings(db, q);
  const values = { workspaceId: q.workspaceId, cotPrefix, autoThreshold: q.autoThreshold, reviewThreshold: q.reviewThreshold, updatedBy: q.actorId, updatedAt: new Date() };
  await db.insert(insuranceSettings).values(values).onConflictDoUpdate({ target: insuranceSettings.workspaceId, set: values });
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "insurance.settings_changed",
    entityType: "insurance_settings",
    entityId: q.workspaceId,
    before: { cotPrefix: before.cotPrefix, autoThreshold: before.autoThreshold, reviewThreshold: before.reviewThreshold },
    after: { cotPrefix, autoThreshold: q.autoThreshold, reviewThreshold: q.reviewThreshold },
  });
  return values;
}

/**
 * The next COT number of the workspace for `year`, taken inside the caller's transaction: the counter row is
 * bumped with `… set last = last + 1 returning`, so concurrent creations queue on the row lock and a rolled-back
 * creation gives its number back (gapless).
 */
export async function takeCotNumber(tx: Db, q: { workspaceId: string; year: number; prefix: string }) {
  const [row] = await tx
    .insert(cotCounters)
    .values({ workspaceId: q.workspaceId, year: q.year, last: 1 })
    .onConflictDoUpdate({ target: [cotCounters.workspaceId, cotCounters.year], set: { last: sql`${cotCounters.last} + 1` } })
    .returning({ last: cotCounters.last });
  return { seq: row.last, cotNumber: formatCotNumber({ prefix: q.prefix, year: q.year, seq: row.last }) };
}
