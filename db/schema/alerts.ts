import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { workspaces } from "./tenancy";

// Scheduled checks: rules per workspace (edited in Settings → Alerts) and the alerts they raise. An alert's `key`
// names the condition (e.g. `invoice_overdue:<invoice id>:<due date>`); (workspace, key) is unique so the same
// condition never alerts twice, across reruns and restarts (inserts use ON CONFLICT DO NOTHING/UPDATE last_seen).

export const alertKinds = [
  "invoice_due_soon",
  "invoice_overdue",
  "invoice_duplicate",
  "invoice_missing_field",
  "document_expiring",
  "case_waiting",
  "campaign_quota_paused",
] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertStates = ["open", "acknowledged", "snoozed", "resolved"] as const;
export type AlertState = (typeof alertStates)[number];

export const alertRules = pgTable(
  "alert_rules",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: alertKinds }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** N in "within N days" / "waiting longer than N days"; unused by rules without a threshold. */
    days: integer("days"),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("alert_rules_ws_kind_idx").on(t.workspaceId, t.kind)],
);

export const alerts = pgTable(
  "alerts",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: alertKinds }).notNull(),
    /** The condition's identity: never two alerts with the same key in a workspace. */
    key: text("key").notNull(),
    objectType: text("object_type", { enum: ["invoice", "document", "case", "campaign"] }).notNull(),
    objectId: text("object_id").notNull(),
    title: text("title").notNull(),
    detail: text("detail"),
    /** Relative link to the object in the app. */
    href: text("href").notNull(),
    state: text("state", { enum: alertStates }).notNull().default("open"),
    snoozedUntil: timestamp("snoozed_until", { withTimezone: true }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    actedBy: text("acted_by").references(() => users.id, { onDelete: "set null" }),
    actedAt: timestamp("acted_at", { withTimezone: true }),
    meta: jsonb("meta").$type<Record<string, string | number | null>>().notNull().default({}),
  },
  (t) => [uniqueIndex("alerts_ws_key_idx").on(t.workspaceId, t.key), index("alerts_ws_state_idx").on(t.workspaceId, t.state, t.firstSeenAt)],
);

/** One digest per member per day: the row is claimed before the mail goes out. */
export const alertDigests = pgTable(
  "alert_digests",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    alerts: integer("alerts").notNull(),
    outboxId: text("outbox_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.day] })],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
