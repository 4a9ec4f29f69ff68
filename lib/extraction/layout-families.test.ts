import { describe, expect, it } from "vitest";
import { CASES } from "./fixtures/layout-families";
import { readInvoicesOffline } from "./offline";
import { pageFromRows } from "./testing";

// Country layouts of invoices (fr, de, nl, it, pt, es, en/ch) read by general label and layout rules.
describe("invoice layouts by country convention", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const pages = c.pages ? c.pages.map((rows, i) => pageFromRows(rows, i + 1)) : [pageFromRows(c.rows)];
      const r = readInvoicesOffline(pages);
      expect(r.classification.kind, r.classification.evidence.join("; ")).toBe(c.kind ?? "invoice");
      expect(r.invoices).toHaveLength(1);
      const inv = r.invoices[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(c.want)) expect(inv[k], k).toBe(v);
    });
  }
});
