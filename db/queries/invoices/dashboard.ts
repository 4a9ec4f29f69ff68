import { and, eq, gte, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invoices } from "@/db/schema";

// The Invoices dashboard's figures.

export async function invoiceCharts(db: Db, q: { workspaceId: string; since: string }) {
  const ws = eq(invoices.workspaceId, q.workspaceId);
  const [byVendor, byMonth, statusShare, confidence] = await Promise.all([
    db
      .select({ vendor: invoices.vendorName, currency: invoices.currency, total: sql<string>`sum(${invoices.total})::text` })
      .from(invoices)
      .where(and(ws, ne(invoices.status, "rejected"), isNotNull(invoices.total)))
      .groupBy(invoices.vendorName, invoices.currency)
      .orderBy(sql`sum(${invoices.total}) desc`)
      .limit(12),
    db
      .select({ month: sql<string>`to_char(${invoices.issueDate}, 'YYYY-MM')`, currency: invoices.currency, total: sql<string>`sum(${invoices.total})::text` })
      .from(invoices)
      .where(and(ws, ne(invoices.status, "rejected"), isNotNull(invoices.issueDate), gte(invoices.issueDate, q.since)))
      .groupBy(sql`1`, invoices.currency)
      .orderBy(sql`1`),
    db.select({ status: invoices.status, n: sql<number>`count(*)::int` }).from(invoices).where(ws).groupBy(invoices.status),
    db
      .select({ bucket: sql<number>`least(floor(${invoices.minConfidence} * 10), 9)::int`, n: sql<number>`count(*)::int` })
      .from(invoices)
      .where(ws)
      .groupBy(sql`1`)
      .orderBy(sql`1`),
  ]);
  return { byVendor, byMonth, statusShare, confidence };
}

// ---- export ----------------------------------------------------------------------------------------
