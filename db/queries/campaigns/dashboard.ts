import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sendAttempts } from "@/db/schema";

// The Campaigns dashboard's figures.

/** Sends per day per account (accepted by the provider) and failed attempts, since `since`. */
export async function sendsPerDay(db: Db, q: { workspaceId: string; since: Date }) {
  const day = sql<string>`to_char(date_trunc('day', ${sendAttempts.reservedAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      accountId: sendAttempts.accountId,
      sent: sql<number>`count(*) filter (where ${sendAttempts.status} = 'sent')::int`,
      failed: sql<number>`count(*) filter (where ${sendAttempts.status} = 'failed' and ${sendAttempts.errorKind} <> 'released')::int`,
    })
    .from(sendAttempts)
    .where(and(eq(sendAttempts.workspaceId, q.workspaceId), gte(sendAttempts.reservedAt, q.since)))
    .groupBy(sql`1`, sendAttempts.accountId)
    .orderBy(sql`1`);
  return rows;
}
