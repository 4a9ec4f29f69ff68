// How far a case's matching is, as the case page and its live progress show it.

export interface CaseCounters {
  status: string;
  statusMessage: string | null;
  totalRows: number;
  matchedRows: number;
  autoCount: number;
  reviewCount: number;
  noMatchCount: number;
  correctedCount: number;
}

export function caseProgressOf<C extends CaseCounters>(c: C) {
  return {
    status: c.status as C["status"],
    statusMessage: c.statusMessage,
    total: c.totalRows,
    done: c.matchedRows,
    counts: { auto: c.autoCount, review: c.reviewCount, noMatch: c.noMatchCount, corrected: c.correctedCount },
    working: c.status === "received" || c.status === "matching",
  };
}
