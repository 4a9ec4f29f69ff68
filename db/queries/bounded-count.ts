import { sql, type SQL } from "drizzle-orm";

// A list's total, counted only so far past the page as anyone pages: an exact count(*) reads every matching row on
// every page view (100,000 invoices: ~15 ms of PostgreSQL per list page, the largest part of its database time), while
// a count that stops at the page's offset + COUNT_AHEAD reads at most that many. Below the bound the total is exact;
// at it, the list says "10,000+" and its pager lets the reader go on.

/** How many rows past a page's first row a list counts before it says "N+". */
export const COUNT_AHEAD = 10_000;

export interface BoundedTotal {
  /** Exact when `exact`; otherwise the number of rows counted, and there are more. */
  total: number;
  exact: boolean;
}

/** `select count(*)` of `from where`, stopping one row past `offset + ahead` (alias-free SQL fragments). */
export function boundedCountSql(from: SQL, where: SQL, offset: number, ahead = COUNT_AHEAD): SQL {
  return sql`(select count(*)::int from (select 1 from ${from} where ${where} limit ${offset + ahead + 1}) counted)`;
}

/** What `boundedCountSql` read, as the list shows it. */
export function boundedTotal(counted: number, offset: number, ahead = COUNT_AHEAD): BoundedTotal {
  const bound = offset + ahead;
  return counted > bound ? { total: bound, exact: false } : { total: counted, exact: true };
}
