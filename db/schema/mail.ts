import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./tenancy";

// The dev outbox: mail Docket would have sent, stored exactly as composed (raw RFC 2822) and shown in the app.
// Used when no real transport (Gmail, SMTP) is configured. Nothing here was delivered.
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    workspaceId: text("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    from: text("from").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text"),
    html: text("html"),
    headers: jsonb("headers").$type<Record<string, string>>(),
    raw: text("raw").notNull(),
    size: integer("size").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_ws_created_idx").on(t.workspaceId, t.createdAt)],
);

export type OutboxMessage = typeof outboxMessages.$inferSelect;
