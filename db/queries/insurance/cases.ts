import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import {
  brokers,
  type CaseStatus,
  catalogs,
  fleetRows,
  type InsuranceCase,
  insuranceCases,
  insurers,
  messages,
} from "@/db/schema";
import { UserError } from "@/lib/errors";
import { caseProgressOf } from "@/lib/insurance/case-progress";
import { caseMachine } from "@/lib/status/machines";
import { findBrokerByEmail, getBroker, requireBroker } from "./brokers";
import { getCatalog } from "./catalogs";
import { requireInsurer } from "./insurers";
import { getInsuranceSettings, takeCotNumber } from "./settings";

// Insurance cases: numbered on creation (COT), then received → matching → review → exported; every change
// of status goes through `caseMachine`.

export interface CreateCaseInput {
  workspaceId: string;
  actorId: string | null;
  filename: string;
  documentId: string | null;
  messageId?: string | null;
  senderAddress?: string | null;
  brokerId?: string | null;
  insurerId?: string | null;
  receivedAt?: Date;
  now?: Date;
}

/**
 * A new case with the next COT number, all in one transaction: the broker comes from the sender's domain
 * (unless given), the insurer is the given one or the one with an active catalog. The caller sends
 * `app/case.created` after this returns (the transaction has committed by then).
 */
export async function createCase(db: Db, q: CreateCaseInput): Promise<InsuranceCase> {
  const now = q.now ?? new Date();
  const settings = await getInsuranceSettings(db, q);
  let brokerId = q.brokerId ?? null;
  if (brokerId) await requireBroker(db, { workspaceId: q.workspaceId, brokerId });
  else brokerId = (await findBrokerByEmail(db, { workspaceId: q.workspaceId, address: q.senderAddress }))?.id ?? null;
  let insurerId = q.insurerId ?? null;
  if (insurerId) await requireInsurer(db, { workspaceId: q.workspaceId, insurerId });
  else {
    const [withCatalog] = await db
      .select({ id: catalogs.insurerId })
      .from(catalogs)
      .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.status, "active")))
      .orderBy(desc(catalogs.activatedAt))
      .limit(1);
    insurerId = withCatalog?.id ?? (await db.select({ id: insurers.id }).from(insurers).where(eq(insurers.workspaceId, q.workspaceId)).limit(1))[0]?.id ?? null;
  }
  if (q.messageId) {
    const [m] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.id, q.messageId)));
    if (!m) throw new UserError("No such email in this workspace.", "not_found");
  }
  return db.transaction(async (tx) => {
    const year = now.getUTCFullYear();
    const { seq, cotNumber } = await takeCotNumber(tx, { workspaceId: q.workspaceId, year, prefix: settings.cotPrefix });
    const [c] = await tx
      .insert(insuranceCases)
      .values({
        workspaceId: q.workspaceId,
        cotNumber,
        cotYear: year,
        cotSeq: seq,
        status: "received",
        brokerId,
        senderAddress: q.senderAddress ?? null,
        messageId: q.messageId ?? null,
        documentId: q.documentId,
        filename: q.filename,
        insurerId,
        receivedAt: q.receivedAt ?? now,
        createdBy: q.actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "case.created", entityType: "insurance_case", entityId: c.id,
      after: { cotNumber, filename: q.filename, broker: brokerId, sender: q.senderAddress ?? null, message: q.messageId ?? null },
    });
    return c;
  });
}

export async function listCases(db: Db, q: { workspaceId: string; limit?: number; offset?: number }) {
  return db
    .select({
      id: insuranceCases.id,
      cotNumber: insuranceCases.cotNumber,
      status: insuranceCases.status,
      statusMessage: insuranceCases.statusMessage,
      filename: insuranceCases.filename,
      brokerName: brokers.name,
      senderAddress: insuranceCases.senderAddress,
      totalRows: insuranceCases.totalRows,
      matchedRows: insuranceCases.matchedRows,
      autoCount: insuranceCases.autoCount,
      reviewCount: insuranceCases.reviewCount,
      noMatchCount: insuranceCases.noMatchCount,
      correctedCount: insuranceCases.correctedCount,
      receivedAt: insuranceCases.receivedAt,
      exportedAt: insuranceCases.exportedAt,
    })
    .from(insuranceCases)
    .leftJoin(brokers, eq(brokers.id, insuranceCases.brokerId))
    .where(eq(insuranceCases.workspaceId, q.workspaceId))
    .orderBy(desc(insuranceCases.createdAt), desc(insuranceCases.cotSeq))
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0);
}

export async function getCase(db: Db, q: { workspaceId: string; caseId: string }) {
  const [c] = await db.select().from(insuranceCases).where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId)));
  return c ?? null;
}

export async function requireCase(db: Db, q: { workspaceId: string; caseId: string }) {
  const c = await getCase(db, q);
  if (!c) throw new UserError("No such case in this workspace.", "not_found");
  return c;
}

/** The case page's header: the case with its broker, insurer, catalog, profile and email. */
export async function caseDetail(db: Db, q: { workspaceId: string; caseId: string }) {
  const c = await getCase(db, q);
  if (!c) return null;
  const [broker, insurer, catalog, message] = await Promise.all([
    c.brokerId ? getBroker(db, { workspaceId: q.workspaceId, brokerId: c.brokerId }) : null,
    c.insurerId ? db.select().from(insurers).where(and(eq(insurers.workspaceId, q.workspaceId), eq(insurers.id, c.insurerId))).then((r) => r[0] ?? null) : null,
    c.catalogId ? getCatalog(db, { workspaceId: q.workspaceId, catalogId: c.catalogId }) : null,
    c.messageId
      ? db
          .select({ id: messages.id, subject: messages.subject, fromAddress: messages.fromAddress })
          .from(messages)
          .where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.id, c.messageId)))
          .then((r) => r[0] ?? null)
      : null,
  ]);
  return { ...c, broker, insurer, catalog, message };
}

export async function caseProgress(db: Db, q: { workspaceId: string; caseId: string }) {
  return caseProgressOf(await requireCase(db, q));
}

export async function transition(db: Db, c: Pick<InsuranceCase, "id" | "workspaceId" | "status">, to: CaseStatus, patch: Partial<InsuranceCase> = {}) {
  if (c.status !== to) caseMachine.assert(c.status, to);
  await db
    .update(insuranceCases)
    .set({ ...patch, status: to, updatedAt: new Date() })
    .where(and(eq(insuranceCases.workspaceId, c.workspaceId), eq(insuranceCases.id, c.id)));
}

/** Start (again) from the file: a new generation; a run on an older one stops. Returns the generation to send. */
export async function requestRematch(db: Db, q: { workspaceId: string; actorId: string | null; caseId: string; brokerId?: string | null }) {
  const c = await requireCase(db, q);
  if (!c.documentId) throw new UserError("The case's file is gone; create a new case from the spreadsheet.");
  if (q.brokerId) await requireBroker(db, { workspaceId: q.workspaceId, brokerId: q.brokerId });
  caseMachine.assert(c.status, "received");
  const [after] = await db
    .update(insuranceCases)
    .set({
      status: "received",
      statusMessage: null,
      generation: sql`${insuranceCases.generation} + 1`,
      matchedRows: 0,
      ...(q.brokerId ? { brokerId: q.brokerId } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, c.id)))
    .returning();
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: "case.rematch_requested", entityType: "insurance_case", entityId: c.id,
    before: { status: c.status, broker: c.brokerId }, after: { status: "received", broker: after.brokerId, generation: after.generation },
  });
  return after;
}

/** The function could not go on: the case says why (no profile / misfit / no catalog / error). */
export async function holdCase(
  db: Db,
  q: { workspaceId: string; caseId: string; generation: number; status: "needs_profile" | "needs_catalog" | "failed"; message: string; patch?: Partial<InsuranceCase> },
) {
  const c = await requireCase(db, q);
  if (c.generation !== q.generation) return false;
  await transition(db, c, q.status, { statusMessage: q.message, ...q.patch });
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: null, action: `case.${q.status}`, entityType: "insurance_case", entityId: c.id,
    before: { status: c.status }, after: { status: q.status, message: q.message },
  });
  return true;
}

/** A case without a broker gets the one whose profile its spreadsheet fits (only if it still has none). */
export async function attributeCaseBroker(db: Db, q: { workspaceId: string; caseId: string; generation: number; brokerId: string; reason: string }) {
  const [after] = await db
    .update(insuranceCases)
    .set({ brokerId: q.brokerId, updatedAt: new Date() })
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId), eq(insuranceCases.generation, q.generation), isNull(insuranceCases.brokerId)))
    .returning({ id: insuranceCases.id });
  if (!after) return false;
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: null, action: "case.broker_detected", entityType: "insurance_case", entityId: q.caseId,
    before: { broker: null }, after: { broker: q.brokerId, reason: q.reason },
  });
  return true;
}

/** Counts from the rows themselves, and the status they imply (review while any review row is undecided). */
export async function recountCase(db: Db, q: { workspaceId: string; caseId: string }) {
  const [r] = await db
    .select({
      total: count(),
      matched: sql<number>`count(*) filter (where ${fleetRows.matched})::int`,
      auto: sql<number>`count(*) filter (where ${fleetRows.decision} = 'auto')::int`,
      review: sql<number>`count(*) filter (where ${fleetRows.decision} = 'review')::int`,
      noMatch: sql<number>`count(*) filter (where ${fleetRows.decision} = 'no_match')::int`,
      corrected: sql<number>`count(*) filter (where ${fleetRows.reviewDecision} in ('corrected', 'rejected'))::int`,
      pending: sql<number>`count(*) filter (where ${fleetRows.decision} = 'review' and ${fleetRows.reviewDecision} is null)::int`,
    })
    .from(fleetRows)
    .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId)));
  return r;
}

/** All rows matched: counts from the rows, status review (rows wait for a person) or ready. */
export async function finishCaseMatching(db: Db, q: { workspaceId: string; caseId: string; generation: number; now?: Date }) {
  const c = await requireCase(db, q);
  if (c.generation !== q.generation || c.status !== "matching") return null;
  const r = await recountCase(db, q);
  const status: CaseStatus = r.pending > 0 ? "review" : "ready";
  await transition(db, c, status, {
    totalRows: r.total,
    matchedRows: r.matched,
    autoCount: r.auto,
    reviewCount: r.review,
    noMatchCount: r.noMatch,
    correctedCount: r.corrected,
    matchedAt: q.now ?? new Date(),
  });
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: null, action: "case.matched", entityType: "insurance_case", entityId: c.id,
    after: { status, rows: r.total, auto: r.auto, review: r.review, noMatch: r.noMatch, catalog: c.catalogId, profileVersion: c.profileVersion },
  });
  return { status, ...r };
}

export async function refreshCaseStatus(db: Db, c: InsuranceCase) {
  const r = await recountCase(db, { workspaceId: c.workspaceId, caseId: c.id });
  const target: CaseStatus = c.status === "review" || c.status === "ready" ? (r.pending > 0 ? "review" : "ready") : c.status;
  await transition(db, c, target, { autoCount: r.auto, reviewCount: r.review, noMatchCount: r.noMatch, correctedCount: r.corrected });
  return { status: target, ...r };
}
