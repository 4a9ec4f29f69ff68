import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ReviewRow } from "./review-row";
import { RowDetail } from "./row-detail";

const row: ReviewRow = {
  id: "r1", sourceId: "4", rowNumber: 7, vehicle: "VW TIGUAN 2025 HIGHLINE 1.4 TURBO AUTOMATICA 4X4", description: "", use: "", error: null,
  machineCode: "010602125", confidence: 0.87, decision: "review", reason: null, learned: false, learnedFrom: null, code: null,
  catalogDescription: null, reviewDecision: null, reviewerName: null, reviewedAt: null,
  candidates: [
    { code: "010602125", score: 0.75, description: "TIGUAN HIGHLINE L4 1.4T AUT.", year: 2025, diffTokens: [], rowOnlyTokens: [] },
    { code: "010602325", score: 0.23, description: "TIGUAN HIGHLINE L4 1.4T DSG", year: 2025, diffTokens: ["DSG"], rowOnlyTokens: [] },
  ],
};

const render = (r: ReviewRow) => renderToStaticMarkup(h(RowDetail, { row: r, canEdit: true, pending: false, onAccept: () => {}, onPick: () => {}, onSearch: () => {} }));

describe("RowDetail", () => {
  // The table says 87 % for the proposed code; its candidate card said 75 % with nothing to tell the two figures apart.
  it("says what the candidates' percentages are and how they relate to the row's confidence shown in the table", () => {
    const html = render(row);
    expect(html).toContain("75%");
    expect(html).toMatch(/share among these candidates/);
    expect(html).toMatch(/row&#x27;s confidence \(87%\)/);
  });

  it("does not mention a row confidence when the matcher gave none", () => {
    expect(render({ ...row, confidence: null })).not.toMatch(/row&#x27;s confidence/);
  });
});
