import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { brokerProfiles, fleetRows, insuranceCases, matchAliases, users } from "@/db/schema";
import { fleetInput } from "@/lib/insurance/fleet-input";
import { fleetRowKey, type MatchResult } from "@/lib/insurance/matcher";
import type { CanonicalRow, ProfileError, ProfileRow } from "@/lib/insurance/profile";
import { recountCase, requireCase, transition } from "./cases";

// A case's fleet rows: created from the profile's rows, matched in batches, listed with the review filters.

const ROW_BATCH = 1000;

/** The profile's rows become the case's fleet rows (replacing an earlier attempt's); the case starts matching. */
function carriedAcceptance(prev: { code: string | null; catalogDescription: string | null; reviewedBy: string | null; reviewedAt: Date | null } | undefined) {
  if (!prev?.code) return {};
  return { reviewDecision: "accepted" as const, code: prev.code, catalogDescription: prev.catalogDescription, reviewedBy: prev.reviewedBy, reviewedAt: prev.reviewedAt };
}

export async function startCaseRows(
  db: Db,
  q: {
    workspaceId: string;
    caseId: string;
    generation: number;
    catalogId: string;
    profileId: string;
    profileVersion: number;
    rows: readonly ProfileRow[];
    errors: readonly ProfileError[];
  },
) {
  const c = await requireCase(db, q);
  if (c.generation !== q.generation) return false;
  // Rows the profile rejected are kept (never matched) so the reviewer sees them in place, with the reason.
  const bad = new Map<number, { rowNumber: number; sourceId: string; message: string }>();
  for (const e of q.errors) {
    const prev = bad.get(e.rowNumber);
    const msg = `${e.field}: ${e.message}`;
    bad.set(e.rowNumber, { rowNumber: e.rowNumber, sourceId: e.sourceId ?? String(e.rowNumber), message: prev ? `${prev.message}; ${msg}` : msg });
  }
  const all = [
    ...q.rows.map((r) => ({ rowNumber: r.rowNumber, sourceId: r.sourceId, raw: r.raw, canonical: r.canonical, error: null as string | null })),
    ...[...bad.values()].map((b) => ({ rowNumber: b.rowNumber, sourceId: b.sourceId, raw: {}, canonical: {} as CanonicalRow, error: b.message })),
  ].sort((a, b) => a.rowNumber - b.rowNumber);
  await db.transaction(async (tx) => {
    // A rematch keeps what reviewers accepted: the same row (id and words) carries its acceptance into the new
    // generation, and saveMatchResults keeps it only if the matcher proposes the same code again.
    const accepted = await tx
      .select({ sourceId: fleetRows.sourceId, canonical: fleetRows.canonical, code: fleetRows.code, catalogDescription: fleetRows.catalogDescription, reviewedBy: fleetRows.reviewedBy, reviewedAt: fleetRows.reviewedAt })
      .from(fleetRows)
      .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id), eq(fleetRows.reviewDecision, "accepted")));
    const carried = new Map(accepted.map((r) => [`${r.sourceId}\u0000${fleetRowKey(fleetInput(r.canonical))}`, r]));
    await tx.delete(fleetRows).where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id)));
    for (let i = 0; i < all.length; i += ROW_BATCH) {
      await tx.insert(fleetRows).values(
        all.slice(i, i + ROW_BATCH).map((r, k) => ({
          workspaceId: q.workspaceId,
          caseId: c.id,
          position: i + k + 1,
          rowNumber: r.rowNumber,
          sourceId: r.sourceId,
          raw: r.raw,
          canonical: r.canonical,
          error: r.error,
          matched: r.error !== null,
          decision: r.error !== null ? ("no_match" as const) : null,
          reason: r.error !== null ? `row not read: ${r.error}` : null,
          ...carriedAcceptance(r.error === null ? carried.get(`${r.sourceId}\u0000${fleetRowKey(fleetInput(r.canonical))}`) : undefined),
        })),
      );
    }
    await transition(tx, c, "matching", {
      statusMessage: null,
      catalogId: q.catalogId,
      profileId: q.profileId,
      profileVersion: q.profileVersion,
      totalRows: all.length,
      matchedRows: bad.size,
      autoCount: 0,
      reviewCount: 0,
      noMatchCount: bad.size,
      correctedCount: 0,
      rowErrors: q.errors.map((e) => ({ rowNumber: e.rowNumber, field: e.field, message: e.message })),
    });
    await tx
      .update(brokerProfiles)
      .set({ usageCount: sql`${brokerProfiles.usageCount} + 1`, lastUsedAt: new Date() })
      .where(and(eq(brokerProfiles.workspaceId, q.workspaceId), eq(brokerProfiles.id, q.profileId)));
  });
  return true;
}

/** The next rows to match, in file order. */
export async function rowsToMatch(db: Db, q: { workspaceId: string; caseId: string; limit: number }) {
  return db
    .select({ id: fleetRows.id, position: fleetRows.position, rowNumber: fleetRows.rowNumber, canonical: fleetRows.canonical })
    .from(fleetRows)
    .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId), eq(fleetRows.matched, false)))
    .orderBy(asc(fleetRows.position))
    .limit(q.limit);
}

export interface RowMatch {
  id: string;
  result: MatchResult;
  aliasId: string | null;
  catalogDescription: string | null;
}

/** Save one batch of match results (one statement) and move the case's progress on. */
export async function saveMatchResults(db: Db, q: { workspaceId: string; caseId: string; generation: number; matches: readonly RowMatch[] }) {
  if (!q.matches.length) return true;
  const c = await requireCase(db, q);
  if (c.generation !== q.generation || c.status !== "matching") return false;
  const values = q.matches.map((m) => {
    const r = m.result;
    const accepted = r.decision === "auto" ? r.code : null;
    return sql`(${m.id}, ${r.code}, ${r.confidence}::real, ${r.decision}, ${JSON.stringify(r.candidates)}::jsonb, ${JSON.stringify(r.attributes)}::jsonb, ${r.reason ?? null}, ${Boolean(r.learned)}::boolean, ${m.aliasId}, ${accepted}, ${accepted ? m.catalogDescription : null})`;
  });
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update ${fleetRows} as f set
        matched = true, machine_code = v.machine_code, confidence = v.confidence, decision = v.decision,
        candidates = v.candidates, attributes = v.attributes, reason = v.reason, learned = v.learned, alias_id = v.alias_id,
        code = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.code else v.code end,
        catalog_description = case when f.review_decision = 'accepted' and f.code = v.machine_code then coalesce(v.catalog_description, f.catalog_description) else v.catalog_description end,
        review_decision = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.review_decision else null end,
        reviewed_by = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.reviewed_by else null end,
        reviewed_at = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.reviewed_at else null end
      from (values ${sql.join(values, sql`, `)}) as v(id, machine_code, confidence, decision, candidates, attributes, reason, learned, alias_id, code, catalog_description)
      where f.id = v.id and f.workspace_id = ${q.workspaceId} and f.case_id = ${q.caseId}`);
    const n = (d: string) => q.matches.filter((m) => m.result.decision === d).length;
    await tx
      .update(insuranceCases)
      .set({
        matchedRows: sql`${insuranceCases.matchedRows} + ${q.matches.length}`,
        autoCount: sql`${insuranceCases.autoCount} + ${n("auto")}`,
        reviewCount: sql`${insuranceCases.reviewCount} + ${n("review")}`,
        noMatchCount: sql`${insuranceCases.noMatchCount} + ${n("no_match")}`,
        updatedAt: new Date(),
      })
      .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId)));
    const used = q.matches.filter((m) => m.aliasId).map((m) => m.aliasId!);
    if (used.length) {
      await tx
        .update(matchAliases)
        .set({ timesApplied: sql`${matchAliases.timesApplied} + 1` })
        .where(and(eq(matchAliases.workspaceId, q.workspaceId), inArray(matchAliases.id, used)));
    }
  });
  return true;
}

export const ROW_FILTERS = ["all", "pending", "auto", "review", "no_match", "corrected"] as const;

export type RowFilter = (typeof ROW_FILTERS)[number];

function filterWhere(f: RowFilter): SQL | undefined {
  switch (f) {
    case "pending":
      return sql`${fleetRows.decision} = 'review' and ${fleetRows.reviewDecision} is null`;
    case "auto":
      return eq(fleetRows.decision, "auto");
    case "review":
      return eq(fleetRows.decision, "review");
    case "no_match":
      return eq(fleetRows.decision, "no_match");
    case "corrected":
      return inArray(fleetRows.reviewDecision, ["corrected", "rejected"]);
    default:
      return undefined;
  }
}

/** One page of a case's rows for the review table (server-side filter and paging), with who taught learned codes. */
export async function listFleetRows(db: Db, q: { workspaceId: string; caseId: string; filter?: RowFilter; page?: number; pageSize?: number }) {
  const pageSize = Math.min(Math.max(q.pageSize ?? 100, 10), 500);
  const page = Math.max(q.page ?? 1, 1);
  const where = and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId), filterWhere(q.filter ?? "all"));
  const [rows, [{ n }], counts] = await Promise.all([
    db
      .select({
        row: fleetRows,
        aliasBy: users.name,
        aliasByEmail: users.email,
        aliasAt: matchAliases.createdAt,
      })
      .from(fleetRows)
      .leftJoin(matchAliases, and(eq(matchAliases.id, fleetRows.aliasId), eq(matchAliases.workspaceId, q.workspaceId)))
      .leftJoin(users, eq(users.id, matchAliases.createdBy))
      .where(where)
      .orderBy(asc(fleetRows.position))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(fleetRows).where(where),
    recountCase(db, q),
  ]);
  const reviewerIds = [...new Set(rows.map((r) => r.row.reviewedBy).filter((x): x is string => Boolean(x)))];
  const reviewers = reviewerIds.length ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, reviewerIds)) : [];
  return {
    rows: rows.map(({ row, aliasBy, aliasByEmail, aliasAt }) => ({
      ...row,
      learnedFrom: row.learned ? { by: aliasBy ?? aliasByEmail ?? "a former member", at: aliasAt } : null,
      reviewerName: reviewers.find((u) => u.id === row.reviewedBy)?.name ?? reviewers.find((u) => u.id === row.reviewedBy)?.email ?? null,
    })),
    total: n,
    page,
    pageSize,
    counts,
  };
}
