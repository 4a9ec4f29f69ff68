import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { matchAliases, users } from "@/db/schema";

// Learned corrections (row key → code) per broker, applied on the next matching.

export interface LearnedAlias {
  id: string;
  code: string | null;
}

/** Learned corrections for a broker (and the workspace-wide ones for cases without a broker), by row key. */
export async function loadAliases(db: Db, q: { workspaceId: string; brokerId: string | null }) {
  const list = await db
    .select({ id: matchAliases.id, rowKey: matchAliases.rowKey, code: matchAliases.code })
    .from(matchAliases)
    .where(and(eq(matchAliases.workspaceId, q.workspaceId), q.brokerId ? eq(matchAliases.brokerId, q.brokerId) : isNull(matchAliases.brokerId)));
  return new Map<string, LearnedAlias>(list.map((a) => [a.rowKey, { id: a.id, code: a.code }]));
}

export async function listAliases(db: Db, q: { workspaceId: string; brokerId?: string }) {
  return db
    .select({
      id: matchAliases.id,
      brokerId: matchAliases.brokerId,
      label: matchAliases.label,
      code: matchAliases.code,
      createdAt: matchAliases.createdAt,
      createdByName: users.name,
      timesApplied: matchAliases.timesApplied,
    })
    .from(matchAliases)
    .leftJoin(users, eq(users.id, matchAliases.createdBy))
    .where(and(eq(matchAliases.workspaceId, q.workspaceId), q.brokerId ? eq(matchAliases.brokerId, q.brokerId) : undefined))
    .orderBy(desc(matchAliases.createdAt))
    .limit(200);
}
