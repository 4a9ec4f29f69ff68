import type { ColumnMeta, RowData } from "@tanstack/react-table";
import { EmptyState } from "@/components/ui/card";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Extra classes on this column's cells (alignment, width, truncation). */
    className?: string;
    /** Extra classes on this column's header cell (`sr-only` hides a label kept for screen readers). */
    headerClassName?: string;
    /** Header tooltip, for columns whose label needs a word of explanation. */
    headerTitle?: string;
    /** data-testid on every cell of this column. */
    cellTestId?: string;
  }
}

/**
 * A column as a page declares it in its `columns.tsx`: TanStack's column definition, kept to the part every
 * table needs (id, header text, a cell rendered from the row, meta). Every such column is also a TanStack
 * `ColumnDef`, so the same list feeds `StaticTable` (server-rendered, no table code shipped) and `DataTable`
 * (client: selection, sort, paging) alike.
 */
export interface Column<T> {
  id: string;
  header: string;
  /** Called, not mounted as a component: no hooks here; a cell with state renders a component of its own. */
  cell: (context: { row: { original: T; index: number } }) => React.ReactNode;
  meta?: ColumnMeta<T, unknown>;
}

/** Shown instead of the table when there are no rows: what is missing and what to do next. */
export interface TableEmpty {
  title: string;
  children?: React.ReactNode;
}

export function EmptyTable({ empty }: { empty: TableEmpty }) {
  return <EmptyState title={empty.title}>{empty.children}</EmptyState>;
}

/*
 * The markup every table shares, whichever shell renders it: one frame, one header row style, one cell padding
 * (two densities).
 */

/**
 * `regular` for lists; `compact` for dense working grids (review grids, editors, wide previews): small text and
 * tight cell padding, so a 14-column preview fits a 1280 px screen. Either way the frame scrolls sideways inside
 * itself rather than widening the page.
 */
export type TableDensity = "regular" | "compact";

/** `fixed`: column widths come from the header cells' classes (`meta.headerClassName: "w-40"`), not the content. */
export function TableFrame({
  testId,
  fixed,
  density = "regular",
  className = "",
  children,
}: {
  testId?: string;
  fixed?: boolean;
  density?: TableDensity;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white ${className}`}>
      <table className={`w-full text-left ${density === "compact" ? "text-xs" : "text-sm"} ${fixed ? "table-fixed" : ""}`} data-testid={testId} data-density={density}>
        {children}
      </table>
    </div>
  );
}

export const theadClass = "sticky top-0 border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500";
export const tbodyClass = "divide-y divide-slate-100";
const padding: Record<TableDensity, string> = { regular: "px-3 py-2", compact: "px-1 py-1 first:pl-2 last:pr-2" };
export const cellPadding = (density: TableDensity = "regular") => padding[density];

type Meta = ColumnMeta<never, unknown> | undefined;

// Attributes a column does not set are left out rather than passed as undefined: a server-rendered table sends
// every prop of every cell to the browser a second time, in the page's RSC payload.

export function HeaderCell({ meta, ariaSort, density, children }: { meta: Meta; ariaSort?: "ascending" | "descending"; density?: TableDensity; children: React.ReactNode }) {
  return (
    <th
      className={meta?.headerClassName ? `${cellPadding(density)} font-medium ${meta.headerClassName}` : `${cellPadding(density)} font-medium`}
      {...(meta?.headerTitle !== undefined && { title: meta.headerTitle })}
      {...(ariaSort && { "aria-sort": ariaSort })}
    >
      {children}
    </th>
  );
}

export function BodyCell({ meta, density, children }: { meta: Meta; density?: TableDensity; children: React.ReactNode }) {
  return (
    <td
      className={meta?.className ? `${cellPadding(density)} ${meta.className}` : cellPadding(density)}
      {...(meta?.cellTestId !== undefined && { "data-testid": meta.cellTestId })}
    >
      {children}
    </td>
  );
}

/** Height of one list row as it usually renders (one line of text in each cell), for `PendingRows`. */
export const ROW_HEIGHT: Record<TableDensity, number> = { regular: 37, compact: 25 };

/**
 * The rows of a list the browser is about to render (a client table before hydration): one cell across every column,
 * as tall as those rows will be — so nothing below jumps when they come — saying how many are coming, so a table that
 * has rows never reads as an empty one. `more`: some rows are already shown above it.
 */
export function PendingRows({ rows, columns, rowHeight, density, more }: { rows: number; columns: number; rowHeight?: number; density?: TableDensity; more?: boolean }) {
  return (
    <tbody className={tbodyClass} aria-busy="true" data-testid="pending-rows">
      <tr>
        <td colSpan={columns} className={`${cellPadding(density)} align-top text-slate-500`} style={{ height: rows * (rowHeight ?? ROW_HEIGHT[density ?? "regular"]) }}>
          {`Loading ${rows.toLocaleString("en")}${more ? " more" : ""} ${rows === 1 ? "row" : "rows"}…`}
        </td>
      </tr>
    </tbody>
  );
}

/**
 * A TanStack header or cell template, rendered by calling it rather than mounting it as a component (which is
 * what flexRender does): a client table builds its columns each render, and a new function mounted as a
 * component is a new component type, so React would replace the cell — an input would lose focus mid-typing.
 */
export function renderDef<C>(def: unknown, context: C): React.ReactNode {
  return typeof def === "function" ? (def as (c: C) => React.ReactNode)(context) : (def as React.ReactNode);
}
