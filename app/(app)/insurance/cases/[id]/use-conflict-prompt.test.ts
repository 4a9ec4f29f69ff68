import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { conflictingUseReason, type UseConflict } from "@/lib/insurance/quote-vehicle";
import { BulkUseConflictPrompt, rowList, UseConflictPrompt } from "./use-conflict-prompt";

const useConflict: UseConflict = { rowNumber: 5, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" };
const render = () =>
  renderToStaticMarkup(
    h(UseConflictPrompt, {
      pick: { rowId: "r4", sourceId: "4", code: "020600319", useConflict, reason: conflictingUseReason(useConflict) },
      pending: false,
      onConfirm: () => {},
      onPickAnother: () => {},
    }),
  );

describe("UseConflictPrompt", () => {
  it("names the row, the code and both uses before a conflicting pick is saved", () => {
    const html = render();
    expect(html).toContain("Row 5: the broker&#x27;s use &quot;PARTICULAR&quot; differs from the catalog&#x27;s &quot;CARGA&quot; for code 020600319");
    expect(html).toMatch(/Broker&#x27;s use \(row 5\)<\/dt><dd[^>]*>PARTICULAR</);
    expect(html).toMatch(/Catalog&#x27;s use of 020600319<\/dt><dd[^>]*>CARGA</);
  });

  it("asks for an explicit confirmation, or another code", () => {
    const html = render();
    expect(html).toMatch(/data-testid="use-conflict-confirm"[^>]*>Use 020600319 with use PARTICULAR</);
    expect(html).toMatch(/data-testid="use-conflict-pick-another"[^>]*>Pick another code</);
    expect(html).toContain("recorded in the audit log");
  });
});

describe("BulkUseConflictPrompt", () => {
  const skipped = [
    { rowId: "r1", sourceId: "1", useConflict: { rowNumber: 5, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" } },
    { rowId: "r3", sourceId: "3", useConflict: { rowNumber: 7, code: "020800219", broker: "PARTICULAR", catalog: "SERVICIO PUBLICO" } },
  ].map((r) => ({ ...r, reason: conflictingUseReason(r.useConflict) }));
  const html = renderToStaticMarkup(h(BulkUseConflictPrompt, { rows: skipped, pending: false, onConfirm: () => {}, onLeave: () => {} }));

  it("lists every row bulk accept left, with its code and both uses", () => {
    expect(html).toContain("Rows 1 and 3 were not accepted: the proposed code&#x27;s catalog use differs from the broker&#x27;s.");
    const rows = [...html.matchAll(/<tr data-testid="bulk-use-conflict-row"[^>]*>(.*?)<\/tr>/g)].map((m) => m[1].replace(/<[^>]+>/g, "|").replace(/\|+/g, "|"));
    expect(rows).toEqual(["|1 |(sheet row 5)|020600319|PARTICULAR|CARGA|", "|3 |(sheet row 7)|020800219|PARTICULAR|SERVICIO PUBLICO|"]);
  });

  it("asks for one confirmation of exactly these rows, or leaves them for review", () => {
    expect(html).toMatch(/data-testid="bulk-use-conflict-confirm"[^>]*>Accept these 2 rows with the broker&#x27;s use</);
    expect(html).toMatch(/data-testid="bulk-use-conflict-leave"[^>]*>Leave them for review</);
    expect(html).toContain("recorded in the audit log for every row");
  });

  it("counts every row of a set larger than the list it shows, and confirms all of them", () => {
    const big = renderToStaticMarkup(h(BulkUseConflictPrompt, { rows: skipped, total: 7_500, pending: false, onConfirm: () => {}, onLeave: () => {} }));
    expect(big).toContain("Rows 1, 3 and 7,498 more were not accepted");
    expect(big).toMatch(/data-testid="bulk-use-conflict-listed"[^>]*>The first 2 of the 7,500 rows are listed here; confirming accepts all 7,500/);
    expect(big).toMatch(/data-testid="bulk-use-conflict-confirm"[^>]*>Accept these 7,500 rows with the broker&#x27;s use</);
    expect(big).not.toContain("bulk-use-conflict-changed");
    const changed = renderToStaticMarkup(h(BulkUseConflictPrompt, { rows: skipped, changed: true, pending: false, onConfirm: () => {}, onLeave: () => {} }));
    expect(changed).toMatch(/data-testid="bulk-use-conflict-changed"[^>]*>Nothing was accepted: the rows with this conflict changed since you looked/);
  });

  it("names the rows in words, and says how many more past a dozen", () => {
    expect(rowList([{ sourceId: "4" }])).toBe("Row 4");
    expect(rowList(Array.from({ length: 14 }, (_, i) => ({ sourceId: String(i + 1) })))).toBe("Rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 2 more");
  });
});
