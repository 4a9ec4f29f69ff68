import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { documents } from "./documents";
import { workspaces } from "./tenancy";

// Mail intake shared by every module (invoices, insurance): mailboxes polled in the background, the messages
// they (or uploads and manual entry) bring in, and which documents each message carried.

export const mailboxKinds = ["imap", "graph"] as const;

export const mailboxes = pgTable(
  "mailboxes",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: mailboxKinds }).notNull(),
    name: text("name").notNull(),
    /** Which module takes what arrives here. */
    purpose: text("purpose", { enum: ["invoices", "insurance"] }).notNull().default("invoices"),
    /** Non-secret settings: host, port, user, folder, mode, tenant, mailbox… */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** Password / client secret, encrypted at rest (lib/crypto/secrets). */
    secretEnc: text("secret_enc").notNull(),
    cursor: jsonb("cursor").$type<Record<string, unknown> | null>(),
    enabled: boolean("enabled").notNull().default(true),
    pollEveryMinutes: integer("poll_every_minutes").notNull().default(5),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("mailboxes_ws_idx").on(t.workspaceId)],
);

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["upload", "manual", "imap", "graph"] }).notNull(),
    mailboxId: text("mailbox_id").references(() => mailboxes.id, { onDelete: "set null" }),
    /** RFC 5322 Message-ID (with angle brackets): the per-workspace de-duplication key. */
    messageId: text("message_id").notNull(),
    fromAddress: text("from_address"),
    fromName: text("from_name"),
    to: jsonb("to").$type<{ address: string; name: string }[]>().notNull().default([]),
    subject: text("subject").notNull().default(""),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    text: text("text"),
    html: text("html"),
    /** The raw message (.eml) in the blob store, when there is one. */
    rawBlobKey: text("raw_blob_key"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messages_ws_message_id_idx").on(t.workspaceId, t.messageId),
    index("messages_ws_created_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const messageDocuments = pgTable(
  "message_documents",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The attachment's name in this message (the same file may arrive under several names). */
    filename: text("filename").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.documentId] }), index("message_documents_doc_idx").on(t.documentId)],
);

export type Mailbox = typeof mailboxes.$inferSelect;
export type Message = typeof messages.$inferSelect;
