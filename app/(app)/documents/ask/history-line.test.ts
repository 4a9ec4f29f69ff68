import { describe, expect, it } from "vitest";
import { historyLine } from "./history-line";

describe("an earlier question's line in the ask history", () => {
  it("a model's answer shows its own sentences and says the model wrote it — not the offline value or 'passages'", () => {
    const l = historyLine({ found: true, engine: "openai", value: "529.87", answer: "The amount due is 529.87 EUR [1]", droppedClaims: 1 });
    expect(l.text).toBe("The amount due is 529.87 EUR [1]");
    expect(l.by).toBe("Written by the AI model from quoted passages (1 unsupported claim dropped)");
    expect(`${l.text} ${l.by}`).not.toMatch(/Answered with passages/);
  });

  it("an offline answer shows the value read from a passage, or says it quotes one", () => {
    expect(historyLine({ found: true, engine: "offline", value: "2025-03-31", answer: "31/03/2025 — “Vence: 31/03/2025” (p.pdf, page 1)", droppedClaims: 0 })).toEqual({ text: "2025-03-31", by: "Read offline from a passage" });
    expect(historyLine({ found: true, engine: "offline", value: null, answer: "“El deducible es del 10 %.” (p.pdf, page 3)", droppedClaims: 0 })).toEqual({ text: "“El deducible es del 10 %.” (p.pdf, page 3)", by: "Quoted offline from a passage" });
  });

  it("not found says so, whoever answered", () => {
    expect(historyLine({ found: false, engine: "openai", value: null, answer: "Not found in your documents.", droppedClaims: 0 })).toEqual({ text: "Not found in your documents.", by: "AI model" });
    expect(historyLine({ found: false, engine: "offline", value: null, answer: "Not found in your documents.", droppedClaims: 0 }).by).toBe("Offline");
  });
});
