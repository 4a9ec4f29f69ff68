import type { Cell, ColumnDef, Header, RowData } from "@tanstack/react-table";
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
 * The markup every table shares, whichever shell renders it: the client `DataTable` (selection, sort, paging)
 * or the server `StaticTable` (plain lists). One frame, one header row style, one cell padding.
 */
export type Columns<T> = ColumnDef<T, unknown>[];

/** Shown instead of the table when there are no rows: what is missing and what to do next. */
export interface TableEmpty {
  title: string;
  children?: React.ReactNode;
}

export function EmptyTable({ empty }: { empty: TableEmpty }) {
  return <EmptyState title={empty.title}>{empty.children}</EmptyState>;
}

/** `fixed`: column widths come from the header cells' classes (`meta.headerClassName: "w-40"`), not the content. */
export function TableFrame({ testId, fixed, className = "", children }: { testId?: string; fixed?: boolean; className?: string; children: React.ReactNode }) {
  return (
    <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white ${className}`}>
      <table className={`w-full text-left text-sm ${fixed ? "table-fixed" : ""}`} data-testid={testId}>
        {children}
      </table>
    </div>
  );
}

export const theadClass = "sticky top-0 border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500";
export const tbodyClass = "divide-y divide-slate-100";
export const thClass = "px-3 py-2 font-medium";
export const tdClass = "px-3 py-2";

/**
 * A column's header or cell, rendered by calling its definition rather than mounting it as a component (which
 * is what TanStack's flexRender does). Column factories run on every render of a client table; mounted, each new
 * function would be a new component type and React would remount the cell — an input would lose its focus at
 * every keystroke. So: no hooks inside a cell definition; a cell with state is a component the cell renders.
 */
export function renderDef<C>(def: unknown, context: C): React.ReactNode {
  return typeof def === "function" ? (def as (c: C) => React.ReactNode)(context) : (def as React.ReactNode);
}

export function HeaderCell<T>({ header, ariaSort, children }: { header: Header<T, unknown>; ariaSort?: "ascending" | "descending"; children?: React.ReactNode }) {
  const meta = header.column.columnDef.meta;
  return (
    <th className={`${thClass} ${meta?.headerClassName ?? ""}`} title={meta?.headerTitle} aria-sort={ariaSort}>
      {children ?? renderDef(header.column.columnDef.header, header.getContext())}
    </th>
  );
}

export function BodyCell<T>({ cell }: { cell: Cell<T, unknown> }) {
  const meta = cell.column.columnDef.meta;
  return (
    <td className={`${tdClass} ${meta?.className ?? ""}`} data-testid={meta?.cellTestId}>
      {renderDef(cell.column.columnDef.cell, cell.getContext())}
    </td>
  );
}
