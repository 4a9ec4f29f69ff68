import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { DataTable } from "./data-table";
import type { Column } from "./table-markup";

// The server render of a list page: no router there to navigate with, only what the hooks read.
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: () => {} }),
  usePathname: () => "/invoices",
  useSearchParams: () => new URLSearchParams("sort=total.desc"),
}));

interface Row {
  id: string;
  n: number;
}

const columns: Column<Row>[] = [{ id: "total", header: "Total", cell: ({ row }) => `#${row.original.n}` }];
const data = Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, n: i }));
const render = (extra: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { columns, data, total: 120, page: 0, pageSize: 40, sortableKeys: ["total"], firstRows: 15, ...extra }));

describe("DataTable on the server (before hydration)", () => {
  it("draws the first screenful of rows, in order, and one placeholder for the rest", () => {
    const html = render();
    const cells = [...html.matchAll(/<td[^>]*>#(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain("Loading 25 more rows…");
    expect(html).toContain('aria-sort="descending"');
  });

  it("draws every row, and no placeholder, when they fit in the first screenful", () => {
    const html = render({ data: data.slice(0, 10), total: 10 });
    expect([...html.matchAll(/<td[^>]*>#(\d+)<\/td>/g)]).toHaveLength(10);
    expect(html).not.toContain("aria-busy");
  });

  it("with selection, the select-all box starts unticked", () => {
    const html = render({ selectable: true });
    expect(html).toMatch(/<input type="checkbox" aria-label="Select all on this page"(?![^>]*checked)[^>]*>/);
  });
});

describe("DataTable's pager", () => {
  it("says where counting stopped ('10,000+') and keeps Next on; an exact total ends paging on its last page", () => {
    const bounded = render({ total: 10_000, totalExact: false, page: 249 });
    expect(bounded).toContain("9,961–10,000 of 10,000+");
    expect(bounded).toMatch(/Page 250 of 250\+/);
    expect(bounded).toMatch(/<button[^>]*>Next →<\/button>/);
    expect(bounded).not.toMatch(/<button[^>]*disabled=""[^>]*>Next →/);
    const exact = render({ total: 10_000, page: 249 });
    expect(exact).toContain("9,961–10,000 of 10,000<");
    expect(exact).toMatch(/<button[^>]*disabled=""[^>]*>Next →/);
  });
});
