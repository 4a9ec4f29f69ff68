"use client";

import { getCoreRowModel, useReactTable, type RowSelectionState } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { BodyCell, cellPadding, EmptyTable, HeaderCell, PendingRows, renderDef, TableFrame, tbodyClass, theadClass, type Column, type TableDensity, type TableEmpty } from "./table-markup";
import { useHydrated } from "./use-hydrated";

/**
 * The one table shell. Sorting and paging are server-side: they live in the URL (?sort=key.dir&page=N),
 * so the server component re-queries and the table just renders what it is given. Plain lists without
 * selection, sort or row clicks use `StaticTable`, which shares this markup.
 *
 * Past the first `firstRows` (the first screenful), rows render in the browser only (`useHydrated`): the server's
 * HTML has the frame, headers, those first rows, the pager and a placeholder of the other rows' height saying how many
 * are coming; those rows reach the browser once, as the data this component hydrates from, not a second time as HTML.
 */
export function DataTable<T extends { id: string }>({
  columns,
  data,
  total,
  totalExact = true,
  page,
  pageSize,
  sortableKeys,
  selectable,
  onSelectionChange,
  rowHref,
  empty,
  density,
  rowHeight,
  firstRows = 0,
}: {
  columns: Column<T>[];
  data: T[];
  total: number;
  /** False when the list stopped counting at `total` (db/queries/bounded-count.ts): shown as "10,000+", and Next stays on. */
  totalExact?: boolean;
  page: number;
  pageSize: number;
  sortableKeys?: string[];
  selectable?: boolean;
  onSelectionChange?: (ids: string[]) => void;
  rowHref?: (row: T) => string;
  /** Rendered instead of the table when there are no rows at all. */
  empty?: TableEmpty;
  density?: TableDensity;
  /** The usual height of a row (px), for the placeholder the server renders in the rows' place. */
  rowHeight?: number;
  /** Rows the server renders too, so that they are on screen at first paint; none by default. */
  firstRows?: number;
}) {
  const hydrated = useHydrated();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [sortKey, sortDir] = (params.get("sort") ?? "").split(".");

  // Before hydration only the first rows are drawn, so only they are modelled: the server built the row and cell
  // objects of all 50 for every list page (most of the table's share of a page's CPU profile).
  const modelled = useMemo(() => (hydrated ? data : data.slice(0, firstRows)), [data, firstRows, hydrated]);
  const table = useReactTable({
    data: modelled,
    columns,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    enableRowSelection: selectable,
    state: { rowSelection },
    onRowSelectionChange: (updater) => {
      const next = typeof updater === "function" ? updater(rowSelection) : updater;
      setRowSelection(next);
      onSelectionChange?.(Object.keys(next).filter((k) => next[k]));
    },
  });

  const go = (patch: Record<string, string | null>) => {
    const u = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) u.delete(k);
      else u.set(k, v);
    }
    router.push(`${pathname}?${u}`);
  };
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const more = totalExact ? "" : "+";
  if (total === 0 && empty) return <EmptyTable empty={empty} />;
  const rows = table.getRowModel().rows;
  const pending = data.length - rows.length;

  return (
    <div>
      <TableFrame density={density}>
        <thead className={theadClass}>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {selectable && (
                <th className={`w-8 ${cellPadding(density)}`}>
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={table.getIsAllRowsSelected()}
                    onChange={table.getToggleAllRowsSelectedHandler()}
                  />
                </th>
              )}
              {hg.headers.map((h) => {
                const key = h.column.id;
                const sortable = sortableKeys?.includes(key);
                const active = sortKey === key;
                const label = renderDef(h.column.columnDef.header, h.getContext());
                if (!sortable)
                  return (
                    <HeaderCell key={h.id} meta={h.column.columnDef.meta} density={density}>
                      {label}
                    </HeaderCell>
                  );
                return (
                  <HeaderCell key={h.id} meta={h.column.columnDef.meta} density={density} ariaSort={active ? (sortDir === "asc" ? "ascending" : "descending") : undefined}>
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:text-slate-800"
                      onClick={() => go({ sort: `${key}.${active && sortDir === "desc" ? "asc" : "desc"}`, page: null })}
                    >
                      {label}
                      <span aria-hidden>{active ? (sortDir === "asc" ? "▲" : "▼") : "↕"}</span>
                    </button>
                  </HeaderCell>
                );
              })}
            </tr>
          ))}
        </thead>
        {rows.length > 0 || pending === 0 ? (
          <tbody className={tbodyClass}>
            {rows.map((row) => (
              <tr
                key={row.id}
                className={rowHref ? "cursor-pointer hover:bg-slate-50" : undefined}
                onClick={(e) => {
                  if (!rowHref || (e.target as HTMLElement).closest("input,button,a")) return;
                  router.push(rowHref(row.original));
                }}
              >
                {selectable && (
                  <td className={cellPadding(density)}>
                    <input type="checkbox" aria-label="Select row" checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
                  </td>
                )}
                {row.getVisibleCells().map((cell) => (
                  <BodyCell key={cell.id} meta={cell.column.columnDef.meta} density={density}>
                    {renderDef(cell.column.columnDef.cell, cell.getContext())}
                  </BodyCell>
                ))}
              </tr>
            ))}
          </tbody>
        ) : null}
        {pending > 0 && <PendingRows rows={pending} columns={columns.length + (selectable ? 1 : 0)} rowHeight={rowHeight} density={density} more={rows.length > 0} />}
      </TableFrame>
      <div className="mt-3 flex items-center justify-between text-sm text-slate-600">
        <span>
          {total === 0 ? "No rows" : `${(page * pageSize + 1).toLocaleString("en")}–${Math.min(total, (page + 1) * pageSize).toLocaleString("en")} of ${total.toLocaleString("en")}${more}`}
        </span>
        <span className="flex items-center gap-2">
          <button type="button" className="rounded border border-slate-300 px-2 py-1 disabled:opacity-40" disabled={page === 0} onClick={() => go({ page: String(page - 1) })}>
            ← Previous
          </button>
          Page {page + 1} of {pages.toLocaleString("en")}
          {more}
          <button type="button" className="rounded border border-slate-300 px-2 py-1 disabled:opacity-40" disabled={totalExact && page + 1 >= pages} onClick={() => go({ page: String(page + 1) })}>
            Next →
          </button>
        </span>
      </div>
    </div>
  );
}
