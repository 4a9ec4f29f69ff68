import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { SendingWindow } from "../../lib/campaigns/pacing";
import type { SkippedRow } from "../../lib/campaigns/recipients";
import { CAMPAIGN_STATUSES, RECIPIENT_STATUSES, type PauseReason } from "../../lib/campaigns/status";
import { users } from "./auth";
import { workspaces } from "./tenancy";

// Campaigns (outreach): the accounts mail goes out through, campaigns with their template and schedule,
// one row per recipient (the per-recipient log), every send attempt per account (the pacing ledger the
// sender counts under a row lock), and the workspace's suppression list.

export const sendingAccountKinds = ["outbox", "smtp", "gmail"] as const;
export type SendingAccountKind = (typeof sendingAccountKinds)[number];

export const sendingAccounts = pgTable(
  "sending_accounts",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: sendingAccountKinds }).notNull(),
    name: text("name").notNull(),
    fromAddress: text("from_address").notNull(),
    fromName: text("from_name"),
    /** Non-secret settings: SMTP host/port/secure/user; Gmail granted scope. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** SMTP password or Gmail tokens (JSON), encrypted with lib/crypto/secrets; null for the outbox. */
    secretEnc: text("secret_enc"),
    perHour: integer("per_hour").notNull().default(4),
    perDay: integer("per_day").notNull().default(25),
    minGapSec: integer("min_gap_sec").notNull().default(60),
    maxGapSec: integer("max_gap_sec").notNull().default(300),
    /** "needs_reconnect" after Google revoked the grant or SMTP refused the login. */
    status: text("status", { enum: ["active", "needs_reconnect"] }).notNull().default("active"),
    lastError: text("last_error"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sending_accounts_ws_idx").on(t.workspaceId)],
);

export const campaigns = pgTable(
  "campaigns",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => sendingAccounts.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    pauseReason: text("pause_reason").$type<PauseReason>(),
    /** Last machine decision shown on the page ("Paused: …", the failing error). */
    statusMessage: text("status_message"),
    subject: text("subject").notNull(),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    onEmpty: text("on_empty", { enum: ["skip", "fallback"] }).notNull().default("skip"),
    fallbacks: jsonb("fallbacks").$type<Record<string, string>>().notNull().default({}),
    /** Placeholder keys of the recipient list (ImportResult.columns). */
    columns: jsonb("columns").$type<string[]>().notNull().default([]),
    sourceFilename: text("source_filename"),
    /** Rows of the uploaded list that were not imported, with their reasons. */
    importSkipped: jsonb("import_skipped").$type<SkippedRow[]>().notNull().default([]),
    importTotalRows: integer("import_total_rows").notNull().default(0),
    timeZone: text("time_zone").notNull().default("UTC"),
    /** The app's address as the user who started sending reached it: where unsubscribe links point (no configured URL). */
    linkBase: text("link_base"),
    startAt: timestamp("start_at", { withTimezone: true }),
    sendingWindow: jsonb("sending_window").$type<SendingWindow | null>(),
    /** Auto-resume time after a quota pause. */
    resumeAt: timestamp("resume_at", { withTimezone: true }),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** When the sender plans its next send and why (pacing reason), written before it sleeps. */
    nextSendAt: timestamp("next_send_at", { withTimezone: true }),
    waitReason: text("wait_reason"),
    /** Increases each time a send run is started (start, resume, continuation): deterministic event ids. */
    runGeneration: integer("run_generation").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("campaigns_ws_idx").on(t.workspaceId, t.createdAt), index("campaigns_account_idx").on(t.accountId, t.status)],
);

export const campaignAttachments = pgTable(
  "campaign_attachments",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    blobKey: text("blob_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_attachments_campaign_idx").on(t.campaignId)],
);

export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    rowNumber: integer("row_number").notNull(),
    email: text("email").notNull(),
    name: text("name"),
    company: text("company"),
    fields: jsonb("fields").$type<Record<string, string>>().notNull(),
    status: text("status", { enum: RECIPIENT_STATUSES }).notNull().default("pending"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    /** Earliest retry after a transient failure. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** RFC 5322 Message-ID, deterministic per campaign + recipient. */
    messageId: text("message_id"),
    providerMessageId: text("provider_message_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("campaign_recipients_campaign_email_idx").on(t.campaignId, t.email),
    index("campaign_recipients_next_idx").on(t.campaignId, t.status, t.rowNumber),
    index("campaign_recipients_ws_email_idx").on(t.workspaceId, t.email),
  ],
);

export const sendAttemptStatuses = ["reserved", "in_flight", "sent", "failed", "uncertain"] as const;
export type SendAttemptStatus = (typeof sendAttemptStatuses)[number];

/**
 * One try at sending one message through one account. A reservation is taken under the account's row lock
 * and counts toward the account's caps at once; `failed` (provably not delivered) attempts stop counting.
 */
export const sendAttempts = pgTable(
  "send_attempts",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => sendingAccounts.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** Null for a test send to the user themself (it still counts toward the account's caps). */
    recipientId: text("recipient_id").references(() => campaignRecipients.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["campaign", "test"] }).notNull().default("campaign"),
    attempt: integer("attempt").notNull(),
    status: text("status", { enum: sendAttemptStatuses }).notNull().default("reserved"),
    reservedAt: timestamp("reserved_at", { withTimezone: true }).notNull(),
    /** The reserve step that made it (run id + step): the step run again after a crash gets the same reservation. */
    reservationKey: text("reservation_key"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    providerMessageId: text("provider_message_id"),
    error: text("error"),
    errorKind: text("error_kind"),
  },
  (t) => [
    index("send_attempts_account_idx").on(t.accountId, t.reservedAt),
    uniqueIndex("send_attempts_recipient_attempt_idx").on(t.recipientId, t.attempt),
    index("send_attempts_ws_idx").on(t.workspaceId, t.reservedAt),
    uniqueIndex("send_attempts_reservation_key_idx").on(t.campaignId, t.reservationKey),
  ],
);

export const suppressions = pgTable(
  "suppressions",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    reason: text("reason", { enum: ["unsubscribed", "bounced", "manual"] }).notNull(),
    campaignId: text("campaign_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.email] })],
);

export type SendingAccount = typeof sendingAccounts.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type CampaignRecipient = typeof campaignRecipients.$inferSelect;
export type CampaignAttachment = typeof campaignAttachments.$inferSelect;
export type SendAttempt = typeof sendAttempts.$inferSelect;
export type Suppression = typeof suppressions.$inferSelect;
