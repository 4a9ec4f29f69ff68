import { and, eq, gte, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";

// The dashboards' "per day" series, for any table with a workspace and a time column.

/**
 * How many of the workspace's rows of `table` fall on each day (`YYYY-MM-DD`) by `columns.at`, from `since` on,
 * oldest day first; a day with none is absent.
 */
export function countPerDay(db: Db, table: PgTable, columns: { workspaceId: AnyPgColumn; at: AnyPgColumn }, q: { workspaceId: string; since: Date }) {
  return db
    .select({
      day: sql<string>`to_char(date_trunc('day', ${columns.at}), 'YYYY-MM-DD')`,
      count: sql<number>`count(*)::int`,
    })
    .from(table)
    .where(and(eq(columns.workspaceId, q.workspaceId), gte(columns.at, q.since)))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}
