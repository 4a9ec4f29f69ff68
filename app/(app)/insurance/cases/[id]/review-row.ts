import type { MatchCandidate } from "@/lib/insurance/matcher";

// The rows of a case as the review table shows them (built by the case page from the fleet rows and their matches).

export interface ReviewRow {
  id: string;
  sourceId: string;
  rowNumber: number;
  vehicle: string;
  description: string;
  /** The broker's use (USO) as the profile read it; "" when the broker gave none. */
  use: string;
  error: string | null;
  machineCode: string | null;
  confidence: number | null;
  decision: "auto" | "review" | "no_match" | null;
  candidates: MatchCandidate[];
  reason: string | null;
  learned: boolean;
  learnedFrom: { by: string; at: string | null } | null;
  code: string | null;
  catalogDescription: string | null;
  reviewDecision: "accepted" | "corrected" | "rejected" | null;
  reviewerName: string | null;
  reviewedAt: string | null;
}
