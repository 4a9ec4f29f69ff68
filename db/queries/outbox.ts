import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { outboxMessages } from "../schema";

export interface OutboxInput {
  workspaceId: string | null;
  kind: string;
  from: string;
  to: string;
  subject: string;
  text?: string | null;
  html?: string | null;
  headers?: Record<string, string>;
  raw: Buffer | string;
}

/** Store a message in the dev outbox: shown in the app exactly as it would have been sent, never delivered. */
export async function storeOutboxMessage(db: Db, m: OutboxInput) {
  const raw = typeof m.raw === "string" ? m.raw : m.raw.toString("utf8");
  const [row] = await db
    .insert(outboxMessages)
    .values({
      workspaceId: m.workspaceId,
      kind: m.kind,
      from: m.from,
      to: m.to,
      subject: m.subject,
      text: m.text ?? null,
      html: m.html ?? null,
      headers: m.headers ?? {},
      raw,
      size: Buffer.byteLength(raw),
    })
    .returning({ id: outboxMessages.id });
  return row.id;
}

export async function listOutbox(db: Db, q: { workspaceId: string; limit?: number }) {
  return db
    .select({
      id: outboxMessages.id,
      kind: outboxMessages.kind,
      from: outboxMessages.from,
      to: outboxMessages.to,
      subject: outboxMessages.subject,
      size: outboxMessages.size,
      createdAt: outboxMessages.createdAt,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.workspaceId, q.workspaceId))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(q.limit ?? 100);
}

export async function getOutboxMessage(db: Db, q: { workspaceId: string; id: string }) {
  const [row] = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.workspaceId, q.workspaceId), eq(outboxMessages.id, q.id)));
  return row ?? null;
}
