import { defineMachine } from "./machine";

// Each status field's allowed transitions, one table per entity, made into machines by `defineMachine`
// (lib/status/machine.ts). Code that changes a status asks its machine first; the UI shows the same labels.
// A failed item can always be retried; nothing is stuck without a way out. Campaigns and recipients have theirs
// beside their pause reasons in lib/campaigns/status.ts.

export const documentMachine = defineMachine(
  "document",
  {
    // ready without being read: a spreadsheet that became an insurance case is done as a document
    queued: ["processing", "failed", "ready"],
    processing: ["ready", "needs_review", "failed", "queued"],
    ready: ["processing"],
    needs_review: ["processing", "ready"],
    failed: ["queued", "processing"],
  },
  { queued: "queued", processing: "processing", ready: "ready", needs_review: "needs review", failed: "failed" },
);

export const invoiceMachine = defineMachine(
  "invoice",
  {
    needs_review: ["ready", "approved", "rejected"],
    ready: ["needs_review", "approved", "rejected"],
    approved: ["needs_review"],
    rejected: ["needs_review"],
  },
  { needs_review: "needs review", ready: "ready", approved: "approved", rejected: "rejected" },
);

export const caseMachine = defineMachine(
  "case",
  {
    received: ["matching", "needs_profile", "needs_catalog", "failed", "received"],
    needs_profile: ["received"],
    needs_catalog: ["received"],
    matching: ["review", "ready", "needs_profile", "needs_catalog", "failed", "received"],
    review: ["ready", "exported", "received"],
    ready: ["review", "exported", "received"],
    exported: ["review", "ready", "exported", "received"],
    failed: ["received"],
  },
  {
    received: "received",
    needs_profile: "waiting for a broker profile",
    needs_catalog: "waiting for a catalog",
    matching: "matching",
    review: "in review",
    ready: "ready to export",
    exported: "exported",
    failed: "failed",
  },
);

/**
 * A fleet row's state, derived from its columns by `fleetRowState`: pending until matched, then the
 * machine's decision (auto / review / no_match), then the reviewer's (accepted / corrected / rejected). Matching
 * again puts every row back to pending (accepted codes are carried over as accepted).
 */
export const fleetRowMachine = defineMachine(
  "fleet row",
  {
    pending: ["auto", "review", "no_match", "accepted"],
    auto: ["accepted", "corrected", "rejected", "pending"],
    review: ["accepted", "corrected", "rejected", "pending"],
    no_match: ["corrected", "rejected", "pending"],
    // a reviewer may answer a row again (the same answer included)
    accepted: ["accepted", "corrected", "rejected", "pending"],
    corrected: ["accepted", "corrected", "rejected", "pending"],
    rejected: ["accepted", "corrected", "rejected", "pending"],
  },
  {
    pending: "waiting to be matched",
    auto: "auto-accepted",
    review: "in review",
    no_match: "without a match",
    accepted: "accepted",
    corrected: "corrected",
    rejected: "rejected",
  },
);

export type FleetRowState = (typeof fleetRowMachine.statuses)[number];

/** The state of a fleet row from its columns: matched yet, the machine's decision, the reviewer's decision. */
export function fleetRowState(r: { matched: boolean; decision: "auto" | "review" | "no_match" | null; reviewDecision: "accepted" | "corrected" | "rejected" | null }): FleetRowState {
  if (r.reviewDecision) return r.reviewDecision;
  if (!r.matched || !r.decision) return "pending";
  return r.decision;
}

/** A background run of the embedded runner: a failed run can be retried (from where it failed); cancelled and completed are final. */
export const runMachine = defineMachine(
  "run",
  {
    queued: ["running", "sleeping", "waiting", "completed", "failed", "cancelled"],
    running: ["running", "sleeping", "waiting", "completed", "failed", "cancelled"],
    sleeping: ["running", "sleeping", "waiting", "completed", "failed", "cancelled"],
    waiting: ["running", "sleeping", "waiting", "completed", "failed", "cancelled"],
    completed: [],
    failed: ["queued", "running"],
    cancelled: [],
  },
  { queued: "queued", running: "running", sleeping: "sleeping", waiting: "waiting", completed: "completed", failed: "failed", cancelled: "cancelled" },
);
