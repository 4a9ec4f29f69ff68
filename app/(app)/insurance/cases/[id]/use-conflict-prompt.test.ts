import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { conflictingUseReason, type UseConflict } from "@/lib/insurance/quote-vehicle";
import { UseConflictPrompt } from "./use-conflict-prompt";

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
