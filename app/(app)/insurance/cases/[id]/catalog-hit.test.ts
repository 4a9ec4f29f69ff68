import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CatalogHitItem, type CatalogHit } from "./catalog-hit";

const hit: CatalogHit = {
  code: "020600319", brand: "NISSAN", model: "NP300", version: "CAB. SENC. CHASIS", year: 2019, use: "CARGA", description: "NP300 CAB. SENC. CHASIS", score: 0.82,
  useConflict: null,
};
const render = (x: CatalogHit) => renderToStaticMarkup(h(CatalogHitItem, { hit: x, onPick: () => {} }));

describe("CatalogHitItem", () => {
  it("shows the hit's use", () => {
    const html = render(hit);
    expect(html).toMatch(/data-testid="catalog-hit-use"[^>]*>use CARGA</);
    expect(html).not.toContain("data-use-conflict");
    expect(html).toContain('aria-label="Use 020600319"');
  });

  it("flags a use that contradicts the row's USO before the reviewer picks, naming both values", () => {
    const html = render({ ...hit, useConflict: { rowNumber: 5, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" } });
    expect(html).toContain('data-use-conflict="true"');
    expect(html).toMatch(/data-testid="catalog-hit-use"[^>]*>use CARGA ≠ row&#x27;s PARTICULAR</);
    expect(html).toContain("picking this code asks you to confirm the use");
    expect(html).toContain('aria-label="Use 020600319 (use CARGA differs from the row&#x27;s PARTICULAR)"');
  });

  it("says nothing of a use the catalog does not give", () => {
    expect(render({ ...hit, use: "" })).not.toContain("catalog-hit-use");
  });
});
