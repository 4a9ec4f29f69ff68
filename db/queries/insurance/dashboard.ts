import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { brokers, insuranceCases } from "@/db/schema";

// The Insurance dashboard's figures.

export async function insuranceDashboard(db: Db, q: { workspaceId: string; since: Date }) {
  const inRange = and(eq(insuranceCases.workspaceId, q.workspaceId), gte(insuranceCases.receivedAt, q.since));
  const [perWeek, shares, timing] = await Promise.all([
    db
      .select({
        week: sql<string>`to_char(date_trunc('week', ${insuranceCases.receivedAt}), 'YYYY-MM-DD')`,
        broker: sql<string>`coalesce(${brokers.name}, 'Unknown sender')`,
        n: sql<number>`count(*)::int`,
      })
      .from(insuranceCases)
      .leftJoin(brokers, eq(brokers.id, insuranceCases.brokerId))
      .where(inRange)
      .groupBy(sql`1`, sql`2`)
      .orderBy(sql`1`, sql`2`),
    db
      .select({
        auto: sql<number>`coalesce(sum(${insuranceCases.autoCount}), 0)::int`,
        review: sql<number>`coalesce(sum(${insuranceCases.reviewCount}), 0)::int`,
        noMatch: sql<number>`coalesce(sum(${insuranceCases.noMatchCount}), 0)::int`,
      })
      .from(insuranceCases)
      .where(inRange),
    db
      .select({
        exported: sql<number>`count(*)::int`,
        medianHours: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (${insuranceCases.exportedAt} - ${insuranceCases.receivedAt})) / 3600.0)`,
        avgHours: sql<number | null>`avg(extract(epoch from (${insuranceCases.exportedAt} - ${insuranceCases.receivedAt})) / 3600.0)`,
      })
      .from(insuranceCases)
      .where(and(inRange, sql`${insuranceCases.exportedAt} is not null`)),
  ]);
  const t = timing[0];
  return {
    perWeek,
    shares: shares[0],
    exported: t.exported,
    medianHours: t.medianHours === null ? null : Number(t.medianHours),
    avgHours: t.avgHours === null ? null : Number(t.avgHours),
  };
}
