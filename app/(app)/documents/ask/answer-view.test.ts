import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnswerView, type Answer } from "./answer-view";

const citation = { documentId: "d1", filename: "EN16931_Einfach.pdf", page: 1, quote: "Zahlbetrag 529,87", start: 10, end: 27 };

describe("an answer as the ask page shows it", () => {
  it("shows the model's sentences, numbers the quotes they point at, and does not call the answer offline", () => {
    const answer: Answer = { found: true, answer: "The amount due is 529.87 EUR [1]", value: null, latencyMs: 900, engine: "openai", citations: [citation] };
    const html = renderToString(createElement(AnswerView, { answer }));
    expect(html).toContain("The amount due is 529.87 EUR [1]");
    expect(html).toContain("[<!-- -->1<!-- -->]");
    expect(html).toContain("Answered by the AI model");
    expect(html).not.toContain("Offline answer");
    expect(html).toContain('href="/documents/d1?page=1&amp;hl=10-27"');
  });

  it("an offline answer shows its value and quote once (the answer string repeats them) and says it is offline", () => {
    const answer: Answer = { found: true, answer: "529,87 — “Zahlbetrag 529,87” (EN16931_Einfach.pdf, page 1)", value: "529.87", latencyMs: 12, engine: "offline", citations: [citation] };
    const html = renderToString(createElement(AnswerView, { answer }));
    expect(html).toContain("529.87");
    expect(html).not.toContain("(EN16931_Einfach.pdf, page 1)");
    expect(html).toContain("Offline answer");
  });

  it("not found says so, with no citation", () => {
    const html = renderToString(createElement(AnswerView, { answer: { found: false, answer: "Not found in your documents.", value: null, latencyMs: 5, engine: "offline", citations: [] } }));
    expect(html).toContain("Not found in your documents.");
    expect(html).not.toContain('data-testid="citation"');
  });
});
