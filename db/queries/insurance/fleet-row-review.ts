import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { auditEvents, fleetRows, matchAliases } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { catalogLabel } from "@/lib/insurance/catalog-keys";
import { fleetInput } from "@/lib/insurance/fleet-input";
import { fleetRowKey } from "@/lib/insurance/matcher";
import { conflictingUseReason, quoteVehicle, type UseConflict } from "@/lib/insurance/quote-vehicle";
import { caseMachine, fleetRowMachine, fleetRowState } from "@/lib/status/machines";
import { refreshCaseStatus, requireCase } from "./cases";
import { catalogEntriesByCode, catalogEntryByCode } from "./catalogs";

// The reviewer's decisions on fleet rows: accept the machine's codes, or correct one (learned as an alias).

async function requireReviewable(db: Db, q: { workspaceId: string; caseId: string }) {
  const c = await requireCase(db, q);
  if (c.status !== "review" && c.status !== "ready" && c.status !== "exported") {
    throw new UserError(`Case ${c.cotNumber} is ${caseMachine.labels[c.status]}; rows can be reviewed once matching has finished.`, "conflict");
  }
  return c;
}

/** A row bulk accept left undecided: its proposed code's catalog use contradicts the broker's use. */
export interface UseConflictSkipped {
  rowId: string;
  /** The row's number as the review table shows it. */
  sourceId: string;
  useConflict: UseConflict;
  reason: string;
}

/** A reviewer's confirmation, in a bulk accept, of one row's use conflict: the row, its proposed code and both values. */
export interface ConfirmedRowUse {
  rowId: string;
  code: string;
  broker: string;
  catalog: string;
}

/**
 * Accept the machine's code for rows (bulk accept). Rows without a code, and rows already decided, are left
 * alone. With no ids: every undecided review row of the case that has a proposed code.
 * A row whose proposed code's catalog use contradicts the broker's use (PARTICULAR row, CARGA code) is not accepted
 * unless `confirmUse` names that row with its very code and values (the reviewer saw that conflict and confirmed it);
 * the rows left so come back in `useConflicts`, each with its reason, and a confirmation is recorded in the audit.
 */
export async function acceptFleetRows(
  db: Db,
  q: { workspaceId: string; actorId: string; caseId: string; rowIds?: string[]; confirmUse?: readonly ConfirmedRowUse[] },
): Promise<{ accepted: number; status: string; useConflicts: UseConflictSkipped[] }> {
  const c = await requireReviewable(db, q);
  const where = and(
    eq(fleetRows.workspaceId, q.workspaceId),
    eq(fleetRows.caseId, c.id),
    isNull(fleetRows.reviewDecision),
    sql`${fleetRows.machineCode} is not null`,
    q.rowIds ? inArray(fleetRows.id, q.rowIds.length ? q.rowIds : ["-"]) : eq(fleetRows.decision, "review"),
  );
  const confirmed = new Map((q.confirmUse ?? []).map((u) => [u.rowId, u]));
  const now = new Date();
  return db.transaction(async (tx) => {
    const found = await tx
      .select({ id: fleetRows.id, sourceId: fleetRows.sourceId, rowNumber: fleetRows.rowNumber, canonical: fleetRows.canonical, code: fleetRows.machineCode, decision: fleetRows.decision })
      .from(fleetRows)
      .where(where)
      .orderBy(asc(fleetRows.position));
    if (!found.length) return { accepted: 0, status: c.status, useConflicts: [] };
    for (const t of found) fleetRowMachine.assert(fleetRowState({ matched: true, decision: t.decision, reviewDecision: null }), "accepted");
    const entries = await catalogEntriesByCode(tx, { workspaceId: q.workspaceId, catalogId: c.catalogId, codes: found.map((t) => t.code!) });
    const useConflicts: UseConflictSkipped[] = [];
    const targets: Array<(typeof found)[number] & { useConflictConfirmed?: string }> = [];
    for (const t of found) {
      const conflict = quoteVehicle({ rowNumber: t.rowNumber, canonical: t.canonical }, entries.get(t.code!)).useConflict;
      if (!conflict) {
        targets.push(t);
        continue;
      }
      const ok = confirmed.get(t.id);
      if (ok && ok.code === conflict.code && ok.broker === conflict.broker && ok.catalog === conflict.catalog) {
        targets.push({ ...t, useConflictConfirmed: conflictingUseReason(conflict) });
      } else useConflicts.push({ rowId: t.id, sourceId: t.sourceId, useConflict: conflict, reason: conflictingUseReason(conflict) });
    }
    if (!targets.length) return { accepted: 0, status: c.status, useConflicts };
    const byCode = new Map<string, typeof targets>();
    for (const t of targets) byCode.set(t.code!, [...(byCode.get(t.code!) ?? []), t]);
    for (const [code, rows] of byCode) {
      const e = entries.get(code);
      await tx
        .update(fleetRows)
        .set({ reviewDecision: "accepted", code, catalogDescription: e ? catalogLabel(e) : null, reviewedBy: q.actorId, reviewedAt: now })
        .where(inArray(fleetRows.id, rows.map((t) => t.id)));
    }
    await tx.insert(auditEvents).values(
      targets.map((t) => ({
        workspaceId: q.workspaceId,
        actorId: q.actorId,
        actorType: "user" as const,
        action: "fleet_row.accepted",
        entityType: "fleet_row",
        entityId: t.id,
        before: { code: null, machineCode: t.code, decision: t.decision },
        after: { code: t.code, case: c.cotNumber, ...(t.useConflictConfirmed ? { useConflictConfirmed: t.useConflictConfirmed } : {}) },
        at: now,
      })),
    );
    const s = await refreshCaseStatus(tx, c);
    return { accepted: targets.length, status: s.status, useConflicts };
  });
}

/** The values a reviewer saw and confirmed: the broker's use and the catalog's use of the picked code. */
export interface ConfirmedUse {
  broker: string;
  catalog: string;
}

export type CorrectFleetRowResult =
  | { saved: true; decision: "accepted" | "corrected" | "rejected"; aliasId: string | null; status: string }
  /** Nothing saved: the picked code's catalog use contradicts the broker's; confirm these values or pick another code. */
  | { saved: false; useConflict: UseConflict; reason: string };

/**
 * A reviewer's answer for one row: a catalog code (corrected) or "no code" (rejected). It is remembered for
 * this broker: the same description gets this answer next time, shown as learned from this correction.
 * A code whose catalog use contradicts the broker's use (PARTICULAR row, CARGA code) is saved only when `confirmUse`
 * names those very values (the reviewer saw the conflict and confirmed it); otherwise nothing is saved and the
 * conflict comes back with its reason. The confirmation is recorded in the audit event.
 */
export async function correctFleetRow(
  db: Db,
  q: { workspaceId: string; actorId: string; caseId: string; rowId: string; code: string | null; confirmUse?: ConfirmedUse | null },
): Promise<CorrectFleetRowResult> {
  const c = await requireReviewable(db, q);
  const [row] = await db.select().from(fleetRows).where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id), eq(fleetRows.id, q.rowId)));
  if (!row) throw new UserError("No such row in this case.", "not_found");
  if (row.error) throw new UserError(`Row ${row.rowNumber} could not be read (${row.error}); fix the file or the profile and match again.`);
  let description: string | null = null;
  let useConflict: UseConflict | null = null;
  if (q.code !== null) {
    if (!c.catalogId) throw new UserError("This case has no catalog to pick a code from.");
    const e = await catalogEntryByCode(db, { workspaceId: q.workspaceId, catalogId: c.catalogId, code: q.code });
    if (!e) throw new UserError(`Code ${q.code} is not in the case's catalog.`);
    description = catalogLabel(e);
    useConflict = quoteVehicle({ rowNumber: row.rowNumber, canonical: row.canonical }, e).useConflict;
    if (useConflict && !(q.confirmUse && q.confirmUse.broker === useConflict.broker && q.confirmUse.catalog === useConflict.catalog)) {
      return { saved: false, useConflict, reason: conflictingUseReason(useConflict) };
    }
  }
  const decision = q.code === null ? ("rejected" as const) : q.code === row.machineCode ? ("accepted" as const) : ("corrected" as const);
  fleetRowMachine.assert(fleetRowState(row), decision);
  const key = fleetRowKey(fleetInput(row.canonical));
  const label = [row.canonical.brand, row.canonical.model, row.canonical.year, row.canonical.version, row.canonical.description].filter(Boolean).join(" ");
  const now = new Date();
  return db.transaction(async (tx) => {
    await tx
      .update(fleetRows)
      .set({ reviewDecision: decision, code: q.code, catalogDescription: description, reviewedBy: q.actorId, reviewedAt: now })
      .where(eq(fleetRows.id, row.id));
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: `fleet_row.${decision}`, entityType: "fleet_row", entityId: row.id,
      before: { code: row.code, machineCode: row.machineCode, decision: row.decision, confidence: row.confidence, review: row.reviewDecision },
      after: { code: q.code, case: c.cotNumber, ...(useConflict ? { useConflictConfirmed: conflictingUseReason(useConflict) } : {}) },
    });
    let aliasId: string | null = null;
    if (decision !== "accepted" && key) {
      const existing = await tx
        .select({ id: matchAliases.id, code: matchAliases.code })
        .from(matchAliases)
        .where(
          and(
            eq(matchAliases.workspaceId, q.workspaceId),
            c.brokerId ? eq(matchAliases.brokerId, c.brokerId) : isNull(matchAliases.brokerId),
            eq(matchAliases.rowKey, key),
          ),
        );
      if (existing[0]) {
        await tx.update(matchAliases).set({ code: q.code, createdBy: q.actorId, createdAt: now, label }).where(eq(matchAliases.id, existing[0].id));
        aliasId = existing[0].id;
      } else {
        const [a] = await tx
          .insert(matchAliases)
          .values({ workspaceId: q.workspaceId, brokerId: c.brokerId, rowKey: key, label, code: q.code, createdBy: q.actorId, createdAt: now })
          .returning({ id: matchAliases.id });
        aliasId = a.id;
      }
      await recordAudit(tx, {
        workspaceId: q.workspaceId, actorId: q.actorId, action: "match_alias.learned", entityType: "match_alias", entityId: aliasId,
        before: existing[0] ? { code: existing[0].code } : null, after: { label, code: q.code, broker: c.brokerId },
      });
    }
    const s = await refreshCaseStatus(tx, c);
    return { saved: true as const, decision, aliasId, status: s.status };
  });
}
