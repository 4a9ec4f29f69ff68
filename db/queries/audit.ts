import { and, desc, eq, gte, ilike, lte, or, sql, type SQL } from "drizzle-orm";
import { rows as resultRows, type Db } from "../client";
import { auditEvents, users } from "../schema";
import { countPerDay } from "./per-day";

export interface AuditInput {
  workspaceId: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Record a human change (actorId set) or a machine decision (actorId null). */
export async function recordAudit(db: Db, e: AuditInput) {
  await recordAudits(db, [e]);
}

/** Records the changes of one set-based write in one insert. */
export async function recordAudits(db: Db, es: readonly AuditInput[]) {
  if (!es.length) return;
  await db.insert(auditEvents).values(
    es.map((e) => ({
      workspaceId: e.workspaceId,
      actorId: e.actorId,
      actorType: e.actorId ? ("user" as const) : ("system" as const),
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}

/** Who made a change, in a refusal's words: their id, their name (or "Someone") and " at 13:52 UTC" (or ""). */
export interface Editor {
  actorId: string | null;
  who: string;
  when: string;
}

/** An audited change's author as a refusal names them (a former member by email, an unknown one as "Someone"). */
export function editorOf(e: { actorId: string | null; name: string | null; email: string | null; at: Date | null } | undefined): Editor {
  return {
    actorId: e?.actorId ?? null,
    who: e ? (e.name ?? e.email ?? "Someone") : "Someone",
    when: e?.at ? ` at ${e.at.toISOString().slice(11, 16)} UTC` : "",
  };
}

/**
 * Who made an entity's last audited change matching `which` (an invoice's field, a fleet row's decision): named in
 * the refusal of an edit made from a page that had not shown their change yet ("Ana Ruiz changed … at 13:52 UTC").
 */
export async function lastEditor(db: Db, q: { workspaceId: string; entityType: string; entityId: string; which: SQL }): Promise<Editor> {
  const [last] = await db
    .select({ actorId: auditEvents.actorId, name: users.name, email: users.email, at: auditEvents.at })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.workspaceId, q.workspaceId), eq(auditEvents.entityType, q.entityType), eq(auditEvents.entityId, q.entityId), q.which))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(1);
  return editorOf(last);
}

export interface AuditFilter {
  workspaceId: string;
  entityType?: string;
  /** One entity's history (uses the (workspace, entity type, entity id) index). */
  entityId?: string;
  actorId?: string;
  actorType?: "user" | "system";
  q?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export async function listAudit(db: Db, f: AuditFilter) {
  const where: SQL[] = [eq(auditEvents.workspaceId, f.workspaceId)];
  if (f.entityType) where.push(eq(auditEvents.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditEvents.entityId, f.entityId));
  if (f.actorId) where.push(eq(auditEvents.actorId, f.actorId));
  if (f.actorType) where.push(eq(auditEvents.actorType, f.actorType));
  if (f.from) where.push(gte(auditEvents.at, f.from));
  if (f.to) where.push(lte(auditEvents.at, f.to));
  if (f.q) {
    const like = `%${f.q}%`;
    where.push(or(ilike(auditEvents.action, like), ilike(auditEvents.entityId, like))!);
  }
  const limit = Math.min(f.limit ?? 50, 200);
  const rows = await db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorEmail: users.email,
      actorName: users.name,
      before: auditEvents.before,
      after: auditEvents.after,
      at: auditEvents.at,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(...where))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit + 1)
    .offset(f.offset ?? 0);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function auditEntityTypes(db: Db, workspaceId: string) {
  // The distinct types by hopping through the (workspace, entity type, entity id) index, one lookup per type, instead
  // of reading every event of the workspace (a recursive "loose index scan"; PostgreSQL does not skip by itself).
  const r = await db.execute(sql`
    with recursive t(entity_type) as (
      select min(entity_type) from audit_events where workspace_id = ${workspaceId}
      union all
      select (select min(a.entity_type) from audit_events a where a.workspace_id = ${workspaceId} and a.entity_type > t.entity_type)
      from t where t.entity_type is not null
    )
    select entity_type from t where entity_type is not null order by 1`);
  return resultRows<{ entity_type: string }>(r).map((x) => x.entity_type);
}

export async function auditPerDay(db: Db, q: { workspaceId: string; since: Date }) {
  return countPerDay(db, auditEvents, { workspaceId: auditEvents.workspaceId, at: auditEvents.at }, q);
}
