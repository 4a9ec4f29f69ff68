import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StaticTable } from "./static-table";
import type { ColumnDef } from "@tanstack/react-table";
import type { Column } from "./table-markup";

interface Broker {
  id: string;
  name: string;
  cases: number;
}

const columns: Column<Broker>[] = [
  { id: "name", header: "Broker", cell: ({ row }) => createElement("a", { href: `/brokers/${row.original.id}` }, row.original.name) },
  { id: "cases", header: "Cases", meta: { className: "text-right", headerClassName: "sr-only", cellTestId: "case-count" }, cell: ({ row }) => row.original.cases },
];

const render = (data: Broker[], extra: Partial<Parameters<typeof StaticTable<Broker>>[0]> = {}) =>
  renderToStaticMarkup(createElement(StaticTable<Broker>, { columns, data, getRowId: (b) => b.id, ...extra }));

describe("StaticTable (server-rendered table shell)", () => {
  it("renders one row per item, in order, with the column cells the page defined", () => {
    const html = render(
      [
        { id: "b1", name: "Seguros Norte", cases: 3 },
        { id: "b2", name: "Agentes & Co", cases: 0 },
      ],
      { testId: "brokers", rowAttributes: (b) => ({ "data-testid": `broker-${b.id}` }) },
    );
    expect(html).toContain('data-testid="brokers"');
    expect(html.match(/<th /g)).toHaveLength(2);
    expect(html).toMatch(/<th class="[^"]*sr-only"[^>]*>Cases<\/th>/);
    const rows = [...html.matchAll(/<tr data-testid="(broker-b\d)">(.*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(["broker-b1", "broker-b2"]);
    expect(rows[0][2]).toContain('<a href="/brokers/b1">Seguros Norte</a>');
    expect(rows[1][2]).toContain("Agentes &amp; Co");
    expect(rows[1][2]).toMatch(/<td class="[^"]*text-right" data-testid="case-count">0<\/td>/);
  });

  it("shows the page's empty state instead of an empty table", () => {
    const html = render([], { empty: { title: "No brokers yet", children: "Add one above." } });
    expect(html).not.toContain("<table");
    expect(html).toContain("No brokers yet");
    expect(html).toContain("Add one above.");
  });

  it("without an empty state, renders the header so the table's shape stays visible", () => {
    const html = render([]);
    expect(html).toContain("<thead");
    expect(html).not.toContain("<tr data-testid");
    expect(html).toContain(">Broker</th>");
  });

  it("calls cell definitions rather than mounting them, so a client table's inputs survive its re-renders", () => {
    // A client table builds its columns on every render; were each cell function mounted as a component, every
    // render would bring a new component type and React would replace the cell's input (losing focus mid-typing).
    const cell = ({ row }: { row: { original: Broker } }) => createElement("input", { "aria-label": `Name of ${row.original.id}`, defaultValue: row.original.name });
    type El = ReactElement<{ children: unknown }>;
    const frame = StaticTable<Broker>({ columns: [{ id: "name", header: "Broker", cell }], data: [{ id: "b1", name: "Seguros Norte", cases: 1 }], getRowId: (b) => b.id }) as El;
    const [, tbody] = frame.props.children as El[];
    const [tr] = tbody.props.children as El[];
    const [bodyCell] = tr.props.children as El[];
    const content = bodyCell.props.children as ReactElement;
    expect(content.type).toBe("input");
    expect(content.type).not.toBe(cell);
  });

  it("compact density: small text and tight cell padding on header and body cells; regular keeps the list padding", () => {
    const data = [{ id: "b1", name: "Seguros Norte", cases: 3 }];
    const compact = render(data, { density: "compact" });
    expect(compact).toMatch(/<table class="[^"]*\btext-xs\b[^"]*" data-density="compact">/);
    const cells = [...compact.matchAll(/<t[hd] class="([^"]*)"/g)].map((m) => m[1]);
    expect(cells).toHaveLength(4);
    for (const c of cells) {
      expect(c).toContain("px-1 py-1");
      expect(c).not.toContain("px-3");
    }
    const regular = render(data);
    expect(regular).toMatch(/<table class="[^"]*\btext-sm\b[^"]*" data-density="regular">/);
    expect([...regular.matchAll(/<t[hd] class="([^"]*)"/g)].every((m) => m[1].includes("px-3 py-2"))).toBe(true);
  });

  it("puts the page's row class beside the top alignment, and gives rowAttributes the row's index", () => {
    const html = render(
      [
        { id: "b1", name: "Seguros Norte", cases: 3 },
        { id: "b2", name: "Agentes & Co", cases: 0 },
      ],
      { alignTop: true, rowAttributes: (b, i) => ({ "data-row-index": i, className: i === 1 ? "bg-brand-50" : undefined }) },
    );
    const rows = [...html.matchAll(/<tr class="([^"]*)" data-row-index="(\d)">/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ["align-top", "0"],
      ["align-top bg-brand-50", "1"],
    ]);
  });

  it("takes the same columns as the client DataTable (every Column is a TanStack ColumnDef)", () => {
    const asTanStack: ColumnDef<Broker>[] = columns; // compile-time: fails to type-check if the shapes drift apart
    expect(asTanStack.map((c) => c.id)).toEqual(["name", "cases"]);
  });

  it("rows still to come (a client table before hydration): headers, and one placeholder as tall as the rows saying how many", () => {
    const data = [
      { id: "b1", name: "Seguros Norte", cases: 3 },
      { id: "b2", name: "Agentes & Co", cases: 0 },
    ];
    const html = render(data, { rowsPending: true, rowHeight: 40 });
    expect(html).toContain(">Broker</th>");
    expect(html).not.toContain("Seguros Norte");
    expect(html).not.toContain('data-testid="case-count"');
    expect(html).toMatch(/<tbody [^>]*aria-busy="true"[^>]*><tr><td colSpan="2" class="[^"]*" style="height:80px">Loading 2 rows…<\/td><\/tr><\/tbody>/);
    // without a row height, one line of text per row
    expect(render(data.slice(0, 1), { rowsPending: true })).toContain('style="height:37px">Loading 1 row…');
    // no rows at all: the page's empty state, never a placeholder that promises rows
    const none = render([], { rowsPending: true, empty: { title: "No brokers yet" } });
    expect(none).toContain("No brokers yet");
    expect(none).not.toContain("Loading");
    expect(render([], { rowsPending: true })).not.toContain("Loading");
  });

  it("rows still to come past the first screenful: those rows, then a placeholder for the rest", () => {
    const data = ["a", "b", "c", "d"].map((id) => ({ id, name: `Broker ${id}`, cases: 1 }));
    const html = render(data, { rowsPending: true, firstRows: 1, rowAttributes: (b) => ({ "data-testid": `broker-${b.id}` }) });
    expect([...html.matchAll(/data-testid="(broker-\w)"/g)].map((m) => m[1])).toEqual(["broker-a"]);
    expect(html).toContain('style="height:111px">Loading 3 more rows…');
    // as many rows as fit the first screen: all of them, no placeholder
    const all = render(data, { rowsPending: true, firstRows: 10, rowAttributes: (b) => ({ "data-testid": `broker-${b.id}` }) });
    expect(all.match(/data-testid="broker-/g)).toHaveLength(4);
    expect(all).not.toContain("Loading");
  });
});
