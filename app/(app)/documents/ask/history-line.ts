// An earlier question's line in the ask history: what the answer said and what produced it. The model's answer is
// its own sentences (the offline value kept beside it is not what the model said); an offline answer is the value
// read from a passage, or the quoted passage itself.

export interface HistoryEntry {
  found: boolean;
  engine: "offline" | "openai";
  value: string | null;
  answer: string;
  droppedClaims: number;
}

export function historyLine(q: HistoryEntry): { text: string; by: string } {
  if (!q.found) return { text: q.answer, by: q.engine === "openai" ? "AI model" : "Offline" };
  if (q.engine === "openai") {
    const dropped = q.droppedClaims ? ` (${q.droppedClaims} unsupported claim${q.droppedClaims === 1 ? "" : "s"} dropped)` : "";
    return { text: q.answer, by: `Written by the AI model from quoted passages${dropped}` };
  }
  return q.value ? { text: q.value, by: "Read offline from a passage" } : { text: q.answer, by: "Quoted offline from a passage" };
}
