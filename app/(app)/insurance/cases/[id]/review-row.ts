// The rows of a case as the review table shows them (built by the case page from the fleet rows and their matches).

export interface ReviewCandidate {
  code: string;
  score: number;
  description: string;
  year: number;
  diffTokens: string[];
  rowOnlyTokens: string[];
  /** Found by meaning (catalog embeddings) rather than by the offline index. */
  via?: "embedding";
}

export interface ReviewRow {
  id: string;
  sourceId: string;
  rowNumber: number;
  vehicle: string;
  description: string;
  error: string | null;
  machineCode: string | null;
  confidence: number | null;
  decision: "auto" | "review" | "no_match" | null;
  candidates: ReviewCandidate[];
  reason: string | null;
  learned: boolean;
  learnedFrom: { by: string; at: string | null } | null;
  code: string | null;
  catalogDescription: string | null;
  reviewDecision: "accepted" | "corrected" | "rejected" | null;
  reviewerName: string | null;
  reviewedAt: string | null;
}
