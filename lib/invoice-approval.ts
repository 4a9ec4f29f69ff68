// What stands between an invoice and "approved": its failed checks (arithmetic, line sums, dates, currency) and a
// suspected duplicate. The one rule the single approve, the keyboard path, the bulk action and the export share.
// A person may still approve past them, but only by saying so (and why); that is recorded with the approval.

export interface ApprovalFacts {
  issues: { field: string; code: string; message: string }[];
  duplicateOfId: string | null;
}

export interface ApprovalBlocker {
  code: string;
  message: string;
}

export function approvalBlockers(inv: ApprovalFacts): ApprovalBlocker[] {
  const blockers = inv.issues.map((i) => ({ code: i.code, message: i.message }));
  if (inv.duplicateOfId && !blockers.some((b) => b.code === "duplicate")) {
    blockers.push({ code: "duplicate", message: "Possible duplicate of another invoice." });
  }
  return blockers;
}

/** The sentence shown when approval is refused: what failed and what to do. */
export function approvalRefusal(blockers: ApprovalBlocker[]): string {
  const list = blockers.map((b) => b.message).join(" ");
  return `This invoice fails ${blockers.length === 1 ? "a check" : `${blockers.length} checks`}: ${list} Fix the fields, or approve anyway and say why.`;
}
