import { and, asc, desc, eq, getTableColumns, inArray, lte, or, sql, type Placeholder } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { rows, type Db } from "../client";
import { alertDigests, alertRules, alerts, memberships, users, type AlertKind, type AlertState } from "../schema";
import { recordAudit } from "./audit";

// Alert rules per workspace (defaults when never edited) and the alerts they raise. Each rule is one set-based
// INSERT … SELECT … ON CONFLICT (workspace_id, key): a condition already alerted only refreshes last_seen_at, so
// reruns, overlapping runs and restarts never alert twice.

export const ruleDefaults: Record<AlertKind, { enabled: boolean; days: number | null; label: string }> = {
  invoice_due_soon: { enabled: true, days: 7, label: "Invoice due within N days" },
  invoice_overdue: { enabled: true, days: null, label: "Invoice overdue" },
  invoice_duplicate: { enabled: true, days: null, label: "Suspected duplicate invoice" },
  invoice_missing_field: { enabled: true, days: null, label: "Invoice missing a required field" },
  document_expiring: { enabled: true, days: 30, label: "Document expiry / end date within N days" },
  case_waiting: { enabled: true, days: 2, label: "Insurance case waiting longer than N days" },
  campaign_quota_paused: { enabled: true, days: null, label: "Campaign paused by a sending quota" },
};

export async function listRules(db: Db, q: { workspaceId: string }) {
  const saved = await db.select().from(alertRules).where(eq(alertRules.workspaceId, q.workspaceId));
  return (Object.keys(ruleDefaults) as AlertKind[]).map((kind) => {
    const s = saved.find((r) => r.kind === kind);
    return { kind, label: ruleDefaults[kind].label, enabled: s ? s.enabled : ruleDefaults[kind].enabled, days: s ? s.days : ruleDefaults[kind].days, takesDays: ruleDefaults[kind].days !== null };
  });
}

export async function saveRule(db: Db, q: { workspaceId: string; actorId: string; kind: AlertKind; enabled: boolean; days: number | null }) {
  const before = (await listRules(db, q)).find((r) => r.kind === q.kind)!;
  const days = ruleDefaults[q.kind].days === null ? null : q.days;
  await db
    .insert(alertRules)
    .values({ workspaceId: q.workspaceId, kind: q.kind, enabled: q.enabled, days, updatedBy: q.actorId })
    .onConflictDoUpdate({ target: [alertRules.workspaceId, alertRules.kind], set: { enabled: q.enabled, days, updatedBy: q.actorId, updatedAt: new Date() } });
  await recordAudit(db, { workspaceId: q.workspaceId, actorId: q.actorId, action: "alert_rule.updated", entityType: "alert_rule", entityId: q.kind, before: { enabled: before.enabled, days: before.days }, after: { enabled: q.enabled, days } });
}

/** Raise the alerts of one rule for a workspace; returns how many are new. `today` is an ISO date. */
export async function raiseAlerts(db: Db, q: { workspaceId: string; kind: AlertKind; days: number | null; today: string }): Promise<number> {
  const ws = q.workspaceId;
  const n = q.days ?? 0;
  const today = sql`${q.today}::date`;
  const select: Record<AlertKind, ReturnType<typeof sql>> = {
    invoice_due_soon: sql`select 'invoice_due_soon:' || i.id || ':' || i.due_date, 'invoice', i.id,
        'Invoice ' || coalesce(i.invoice_number, '(no number)') || ' from ' || coalesce(i.vendor_name, 'unknown vendor') || ' is due ' || to_char(i.due_date, 'YYYY-MM-DD'),
        coalesce(i.total::text || ' ' || coalesce(i.currency, ''), 'total not read'), '/invoices/' || i.id
      from invoices i where i.workspace_id = ${ws} and i.status <> 'rejected' and i.due_date >= ${today} and i.due_date <= ${today} + ${n}::int`,
    invoice_overdue: sql`select 'invoice_overdue:' || i.id || ':' || i.due_date, 'invoice', i.id,
        'Invoice ' || coalesce(i.invoice_number, '(no number)') || ' from ' || coalesce(i.vendor_name, 'unknown vendor') || ' is overdue since ' || to_char(i.due_date, 'YYYY-MM-DD'),
        coalesce(i.total::text || ' ' || coalesce(i.currency, ''), 'total not read'), '/invoices/' || i.id
      from invoices i where i.workspace_id = ${ws} and i.status <> 'rejected' and i.due_date < ${today}`,
    invoice_duplicate: sql`select 'invoice_duplicate:' || i.id || ':' || i.duplicate_of_id, 'invoice', i.id,
        'Invoice ' || coalesce(i.invoice_number, '(no number)') || ' from ' || coalesce(i.vendor_name, 'unknown vendor') || ' looks like a duplicate',
        'Same vendor, number and total as an earlier invoice', '/invoices/' || i.id
      from invoices i where i.workspace_id = ${ws} and i.status <> 'rejected' and i.duplicate_of_id is not null`,
    invoice_missing_field: sql`select 'invoice_missing_field:' || i.id || ':' || (select string_agg(e->>'field', ',' order by e->>'field') from jsonb_array_elements(i.issues) e where e->>'code' = 'missing'), 'invoice', i.id,
        'Invoice ' || coalesce(i.invoice_number, '(no number)') || ' is missing ' || (select string_agg(e->>'field', ', ' order by e->>'field') from jsonb_array_elements(i.issues) e where e->>'code' = 'missing'),
        'Fill it in on the invoice before approving', '/invoices/' || i.id
      from invoices i where i.workspace_id = ${ws} and i.status = 'needs_review' and exists (select 1 from jsonb_array_elements(i.issues) e where e->>'code' = 'missing')`,
    document_expiring: sql`select distinct on (di.document_id, f->>'value') 'document_expiring:' || di.document_id || ':' || (f->>'value'), 'document', di.document_id,
        d.filename || ' ends on ' || (f->>'value'), (f->>'label') || ', page ' || (f->>'page'), '/documents/' || di.document_id || '?page=' || (f->>'page') || '&hl=' || (f->>'start') || '-' || (f->>'end')
      from document_indexes di join documents d on d.id = di.document_id, jsonb_array_elements(di.facts) f
      where di.workspace_id = ${ws} and f->>'type' = 'expiry_date' and (f->>'value') ~ '^\\d{4}-\\d{2}-\\d{2}$'
        and (f->>'value')::date >= ${today} and (f->>'value')::date <= ${today} + ${n}::int`,
    case_waiting: sql`select 'case_waiting:' || c.id || ':' || c.status, 'case', c.id,
        'Insurance case ' || c.cot_number || ' has waited since ' || to_char(c.created_at, 'YYYY-MM-DD'), 'Status: ' || replace(c.status, '_', ' '), '/insurance/cases/' || c.id
      from insurance_cases c where c.workspace_id = ${ws} and c.status in ('received', 'needs_profile', 'needs_catalog', 'review') and c.created_at < ${today} - ${n}::int`,
    campaign_quota_paused: sql`select 'campaign_quota_paused:' || c.id || ':' || to_char(c.updated_at, 'YYYY-MM-DD"T"HH24:MI'), 'campaign', c.id,
        'Campaign ' || c.name || ' is paused by a sending quota', coalesce(c.status_message, 'It resumes when the limit resets'), '/campaigns/' || c.id
      from campaigns c where c.workspace_id = ${ws} and c.status = 'paused' and c.pause_reason = 'quota'`,
  };
  const r = rows<{ inserted: boolean }>(
    await db.execute(sql`
      insert into alerts (id, workspace_id, kind, key, object_type, object_id, title, detail, href)
      select gen_random_uuid()::text, ${ws}, ${q.kind}, s.key, s.object_type, s.object_id, s.title, s.detail, s.href
      from (${select[q.kind]}) as s(key, object_type, object_id, title, detail, href)
      on conflict (workspace_id, key) do update set last_seen_at = now()
      returning (xmax = 0) as inserted`),
  );
  return r.filter((x) => x.inserted === true || String(x.inserted) === "true").length;
}

/** An alert that counts as active (open, or snoozed until a time now past): the one definition the list and counts share. */
export const isActiveAlert = (now = new Date()) => or(eq(alerts.state, "open"), and(eq(alerts.state, "snoozed"), lte(alerts.snoozedUntil, now)));

/** A workspace's alerts, newest first, each with who last acknowledged, snoozed, resolved or reopened it (name, else email). */
export async function listAlerts(db: Db, q: { workspaceId: string; state?: AlertState | "active"; limit?: number }) {
  return db
    .select({ ...getTableColumns(alerts), actedByName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})` })
    .from(alerts)
    .leftJoin(users, eq(users.id, alerts.actedBy))
    .where(and(eq(alerts.workspaceId, q.workspaceId), !q.state || q.state === "active" ? isActiveAlert() : eq(alerts.state, q.state)))
    .orderBy(desc(alerts.firstSeenAt))
    .limit(q.limit ?? 200);
}

/**
 * The active alerts of a workspace (`workspaceId`: a column, for a correlated count, or an id), counted up to `cap`:
 * the open ones and the snoozed ones whose time is up, each an index scan that stops at the cap. One count over
 * `isActiveAlert` made PostgreSQL gather every open alert first (17 ms a page with 75,000 overdue invoices). The states
 * are literals, not parameters, so that a prepared statement's generic plan still knows snoozed alerts are few (with
 * a parameter it scanned the table: 29 ms).
 */
export function cappedActiveAlertCount(workspaceId: AnyPgColumn | string, cap: number, now: Date | Placeholder = new Date()) {
  const limit = sql.raw(String(Math.max(1, Math.floor(cap))));
  const open = sql`select 1 from ${alerts} where ${eq(alerts.workspaceId, workspaceId)} and ${alerts.state} = 'open' limit ${limit}`;
  const due = sql`select 1 from ${alerts} where ${eq(alerts.workspaceId, workspaceId)} and ${alerts.state} = 'snoozed' and ${lte(alerts.snoozedUntil, now)} limit ${limit}`;
  return sql<number>`least(${limit}, (select count(*) from (${open}) open_alerts) + (select count(*) from (${due}) due_alerts))::int`.mapWith(Number);
}

export async function countActiveAlerts(db: Db, q: { workspaceId: string }) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alerts)
    .where(and(eq(alerts.workspaceId, q.workspaceId), isActiveAlert()));
  return r?.n ?? 0;
}

export async function setAlertState(db: Db, q: { workspaceId: string; actorId: string; alertId: string; state: "acknowledged" | "snoozed" | "resolved" | "open"; snoozedUntil?: Date | null }) {
  const [before] = await db.select().from(alerts).where(and(eq(alerts.workspaceId, q.workspaceId), eq(alerts.id, q.alertId)));
  if (!before) return null;
  const now = new Date();
  await db
    .update(alerts)
    .set({ state: q.state, snoozedUntil: q.state === "snoozed" ? (q.snoozedUntil ?? null) : null, actedBy: q.actorId, actedAt: now })
    .where(and(eq(alerts.workspaceId, q.workspaceId), eq(alerts.id, q.alertId)));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: `alert.${q.state}`,
    entityType: "alert",
    entityId: q.alertId,
    before: { state: before.state },
    after: { state: q.state, ...(q.state === "snoozed" ? { until: q.snoozedUntil?.toISOString() ?? null } : {}), alert: before.title },
  });
  return { ...before, state: q.state };
}

/** Members of a workspace with their email, for the digest. */
export async function digestRecipients(db: Db, q: { workspaceId: string }) {
  return db
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, q.workspaceId), inArray(memberships.role, ["owner", "admin", "member"])))
    .orderBy(asc(users.email));
}

/** Claim today's digest for a member: false when it was already sent (the unique key holds across reruns). */
export async function claimDigest(db: Db, q: { workspaceId: string; userId: string; day: string; alerts: number }) {
  const r = await db.insert(alertDigests).values({ workspaceId: q.workspaceId, userId: q.userId, day: q.day, alerts: q.alerts }).onConflictDoNothing().returning();
  return r.length > 0;
}

export async function recordDigestOutbox(db: Db, q: { workspaceId: string; userId: string; day: string; outboxId: string }) {
  await db.update(alertDigests).set({ outboxId: q.outboxId }).where(and(eq(alertDigests.workspaceId, q.workspaceId), eq(alertDigests.userId, q.userId), eq(alertDigests.day, q.day)));
}

/** Workspaces with at least one invoice, document, case or campaign — the hourly evaluation's list. */
export async function workspacesToEvaluate(db: Db) {
  return rows<{ id: string }>(await db.execute(sql`select w.id from workspaces w where exists (select 1 from memberships m where m.workspace_id = w.id)`)).map((r) => r.id);
}
