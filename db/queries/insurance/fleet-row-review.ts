import { createHash } from "node:crypto";
import { and, asc, eq, gt, inArray, isNotNull, isNull, like, ne, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Editor, editorOf, lastEditor, recordAudit } from "@/db/queries/audit";
import { auditEvents, fleetRows, matchAliases, users } from "@/db/schema";
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

/**
 * The rows with a use conflict a bulk accept left, as one set: how many, and a digest of every row with its code and
 * both values. The reviewer's confirmation sends these back, so it accepts exactly the set they saw, however large,
 * without sending the rows.
 */
export interface UseConflictSet {
  count: number;
  digest: string;
}

/** How many of the rows a bulk accept left the answer lists (the set's count and digest cover them all). */
export const USE_CONFLICTS_LISTED = 500;

function useConflictSet(rows: readonly UseConflictSkipped[]): UseConflictSet {
  const lines = rows.map(({ rowId, useConflict: u }) => [rowId, u.code, u.broker, u.catalog].join("\t")).sort();
  return { count: rows.length, digest: createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 32) };
}

/** A row a bulk accept left because someone else decided it after the reviewer's page was read, and what they did. */
export interface RowChangedMeanwhile {
  rowId: string;
  sourceId: string;
  /** "Ana Ruiz changed row 3's code to 020600319 at 13:52 UTC" */
  what: string;
}

/** "Ana Ruiz changed row 3's code to 020600319 at 13:52 UTC" (or accepted its proposed code, or marked it as not in the catalog). */
function rowDecidedBy(by: Editor, r: { sourceId: string; reviewDecision: string | null; code: string | null }) {
  const what =
    r.reviewDecision === "accepted"
      ? `accepted row ${r.sourceId}'s proposed code ${r.code}`
      : r.reviewDecision === "rejected"
        ? `marked row ${r.sourceId} as not in the catalog`
        : r.code
          ? `changed row ${r.sourceId}'s code to ${r.code}`
          : `changed row ${r.sourceId}`;
  return `${by.who} ${what}${by.when}`;
}

export interface AcceptFleetRowsResult {
  accepted: number;
  status: string;
  /** The rows left for their use conflict (the first USE_CONFLICTS_LISTED of them, in file order). */
  useConflicts: UseConflictSkipped[];
  /** All the rows left for their use conflict, to confirm as one set; null when none. */
  useConflictSet: UseConflictSet | null;
  /** A confirmation was sent, but the set of conflicting rows is no longer the one confirmed: none of them was accepted. */
  useConflictsChanged: boolean;
  /** Rows left because someone else decided them after the reviewer's page was read (`since`). */
  changedMeanwhile: RowChangedMeanwhile[];
}

/**
 * Accept the machine's code for rows (bulk accept). Rows without a code, and rows already decided, are left
 * alone. With no ids: every undecided review row of the case that has a proposed code. The rows are locked until
 * the accept commits, so a reviewer's decision in flight is waited for and then left standing, never written over.
 * `since` is when the reviewer's page was read: rows someone else decided after it are named in `changedMeanwhile`
 * (one row accepted on its own, the a key, is refused with their name, their code and the time).
 * A row whose proposed code's catalog use contradicts the broker's use (PARTICULAR row, CARGA code) is not accepted
 * unless `confirmUse` is the very set of such rows (count and digest) this accept answered before: the reviewer saw
 * those conflicts and confirmed them. The rows left so come back in `useConflicts`, each with its reason, and a
 * confirmation is recorded in the audit of every row.
 */
export async function acceptFleetRows(
  db: Db,
  q: { workspaceId: string; actorId: string; caseId: string; rowIds?: string[]; confirmUse?: UseConflictSet; since?: Date },
): Promise<AcceptFleetRowsResult> {
  const c = await requireReviewable(db, q);
  const scope = and(
    eq(fleetRows.workspaceId, q.workspaceId),
    eq(fleetRows.caseId, c.id),
    isNotNull(fleetRows.machineCode),
    q.rowIds ? inArray(fleetRows.id, q.rowIds.length ? q.rowIds : ["-"]) : eq(fleetRows.decision, "review"),
  );
  const now = new Date();
  return db.transaction(async (tx) => {
    const found = await tx
      .select({ id: fleetRows.id, sourceId: fleetRows.sourceId, rowNumber: fleetRows.rowNumber, canonical: fleetRows.canonical, code: fleetRows.machineCode, decision: fleetRows.decision })
      .from(fleetRows)
      .where(and(scope, isNull(fleetRows.reviewDecision)))
      .orderBy(asc(fleetRows.position))
      .for("update");
    const changedMeanwhile = q.since ? await decidedByOthersSince(tx, { scope, actorId: q.actorId, since: q.since }) : [];
    if (changedMeanwhile.length && q.rowIds?.length === 1) {
      throw new UserError(
        `${changedMeanwhile[0].what} while you were reviewing; the proposed code was not accepted. The page now shows theirs: accept or pick again to replace it.`,
        "conflict",
      );
    }
    const none = { accepted: 0, status: c.status, useConflicts: [], useConflictSet: null, useConflictsChanged: false, changedMeanwhile };
    if (!found.length) return none;
    for (const t of found) fleetRowMachine.assert(fleetRowState({ matched: true, decision: t.decision, reviewDecision: null }), "accepted");
    const entries = await catalogEntriesByCode(tx, { workspaceId: q.workspaceId, catalogId: c.catalogId, codes: found.map((t) => t.code!) });
    const conflicts: UseConflictSkipped[] = [];
    const targets: Array<(typeof found)[number] & { useConflictConfirmed?: string }> = [];
    for (const t of found) {
      const conflict = quoteVehicle({ rowNumber: t.rowNumber, canonical: t.canonical }, entries.get(t.code!)).useConflict;
      if (conflict) conflicts.push({ rowId: t.id, sourceId: t.sourceId, useConflict: conflict, reason: conflictingUseReason(conflict) });
      else targets.push(t);
    }
    const set = conflicts.length ? useConflictSet(conflicts) : null;
    const confirmed = Boolean(set && q.confirmUse && q.confirmUse.count === set.count && q.confirmUse.digest === set.digest);
    if (confirmed) {
      const byId = new Map(found.map((t) => [t.id, t]));
      for (const u of conflicts) targets.push({ ...byId.get(u.rowId)!, useConflictConfirmed: u.reason });
    }
    const left = confirmed ? [] : conflicts;
    const answer = {
      useConflicts: left.slice(0, USE_CONFLICTS_LISTED),
      useConflictSet: confirmed ? null : set,
      useConflictsChanged: Boolean(q.confirmUse) && !confirmed,
      changedMeanwhile,
    };
    if (!targets.length) return { ...none, ...answer };
    const byCode = new Map<string, typeof targets>();
    for (const t of targets) {
      const same = byCode.get(t.code!);
      if (same) same.push(t);
      else byCode.set(t.code!, [t]);
    }
    // in slices: any number of rows stays under the protocol's limit of bound parameters (65,535 a statement)
    for (const [code, rows] of byCode) {
      const e = entries.get(code);
      for (const ids of slices(rows.map((t) => t.id), 10_000)) {
        await tx
          .update(fleetRows)
          .set({ reviewDecision: "accepted", code, catalogDescription: e ? catalogLabel(e) : null, reviewedBy: q.actorId, reviewedAt: now })
          .where(inArray(fleetRows.id, ids));
      }
    }
    for (const some of slices(targets, 2_000)) {
      await tx.insert(auditEvents).values(
        some.map((t) => ({
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
    }
    const s = await refreshCaseStatus(tx, c);
    return { accepted: targets.length, status: s.status, ...answer };
  });
}

function slices<T>(all: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/** The rows in `scope` someone other than the actor decided after `since`, with who, what and when (file order). */
async function decidedByOthersSince(db: Db, q: { scope: ReturnType<typeof and>; actorId: string; since: Date }): Promise<RowChangedMeanwhile[]> {
  const rows = await db
    .select({
      rowId: fleetRows.id,
      sourceId: fleetRows.sourceId,
      reviewDecision: fleetRows.reviewDecision,
      code: fleetRows.code,
      actorId: fleetRows.reviewedBy,
      name: users.name,
      email: users.email,
      at: fleetRows.reviewedAt,
    })
    .from(fleetRows)
    .leftJoin(users, eq(users.id, fleetRows.reviewedBy))
    .where(and(q.scope, isNotNull(fleetRows.reviewDecision), gt(fleetRows.reviewedAt, q.since), or(isNull(fleetRows.reviewedBy), ne(fleetRows.reviewedBy, q.actorId))))
    .orderBy(asc(fleetRows.position));
  return rows.map((r) => ({ rowId: r.rowId, sourceId: r.sourceId, what: rowDecidedBy(editorOf(r), r) }));
}

/** The values a reviewer saw and confirmed: the broker's use and the catalog's use of the picked code. */
export interface ConfirmedUse {
  broker: string;
  catalog: string;
}

/** What the review page showed of a row when the reviewer answered it: its code and the review decision (none yet: null). */
export interface SeenFleetRow {
  code: string | null;
  review: "accepted" | "corrected" | "rejected" | null;
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
 * `seen` is the row as the reviewer's page showed it: when someone else answered the row since, the answer is refused
 * (naming them, their answer and the time) instead of silently writing over theirs.
 */
export async function correctFleetRow(
  db: Db,
  q: { workspaceId: string; actorId: string; caseId: string; rowId: string; code: string | null; confirmUse?: ConfirmedUse | null; seen?: SeenFleetRow },
): Promise<CorrectFleetRowResult> {
  const c = await requireReviewable(db, q);
  return db.transaction(async (tx) => {
    // locked until the answer commits: two reviewers answering one row take turns, and the second sees the first's
    const [row] = await tx
      .select()
      .from(fleetRows)
      .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id), eq(fleetRows.id, q.rowId)))
      .for("update");
    if (!row) throw new UserError("No such row in this case; it may have been matched again since the page was loaded. Reload the page.", "not_found");
    if (row.error) throw new UserError(`Row ${row.rowNumber} could not be read (${row.error}); fix the file or the profile and match again.`);
    const decision = q.code === null ? ("rejected" as const) : q.code === row.machineCode ? ("accepted" as const) : ("corrected" as const);
    const same = row.code === q.code && row.reviewDecision === decision;
    if (q.seen && !same && (q.seen.code !== row.code || q.seen.review !== row.reviewDecision)) {
      const by = await lastEditor(tx, { workspaceId: q.workspaceId, entityType: "fleet_row", entityId: row.id, which: like(auditEvents.action, "fleet_row.%") });
      // the reviewer's own earlier answer that their page had not shown yet is theirs to replace
      if (by.actorId !== q.actorId) {
        const yours = q.code === null ? `"not in the catalog"` : `code ${q.code}`;
        throw new UserError(
          `${rowDecidedBy(by, row)} while you were reviewing; your ${yours} was not saved. The page now shows theirs: pick again to replace it.`,
          "conflict",
        );
      }
    }
    let description: string | null = null;
    let useConflict: UseConflict | null = null;
    if (q.code !== null) {
      if (!c.catalogId) throw new UserError("This case has no catalog to pick a code from.");
      const e = await catalogEntryByCode(tx, { workspaceId: q.workspaceId, catalogId: c.catalogId, code: q.code });
      if (!e) throw new UserError(`Code ${q.code} is not in the case's catalog.`);
      description = catalogLabel(e);
      useConflict = quoteVehicle({ rowNumber: row.rowNumber, canonical: row.canonical }, e).useConflict;
      if (useConflict && !(q.confirmUse && q.confirmUse.broker === useConflict.broker && q.confirmUse.catalog === useConflict.catalog)) {
        return { saved: false as const, useConflict, reason: conflictingUseReason(useConflict) };
      }
    }
    fleetRowMachine.assert(fleetRowState(row), decision);
    const key = fleetRowKey(fleetInput(row.canonical));
    const label = [row.canonical.brand, row.canonical.model, row.canonical.year, row.canonical.version, row.canonical.description].filter(Boolean).join(" ");
    const now = new Date();
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
