import { createTable, getCoreRowModel } from "@tanstack/react-table";
import { BodyCell, EmptyTable, HeaderCell, TableFrame, tbodyClass, theadClass, type Columns, type TableEmpty } from "./table-markup";

/** Attributes a page may set on a row, e.g. a test id for specs. */
export interface RowAttributes {
  "data-testid"?: string;
}

/**
 * The server-friendly table shell: rows rendered from the page's column definitions (`columns.tsx` beside the
 * page) with no client state, so a static list ships no table code to the browser. Same markup as `DataTable`;
 * use that one where the table needs selection, sort buttons or row clicks.
 */
export function StaticTable<T>({
  columns,
  data,
  getRowId,
  empty,
  testId,
  rowAttributes,
  alignTop,
  fixed,
  className,
}: {
  columns: Columns<T>;
  data: T[];
  getRowId: (row: T, index: number) => string;
  /** Rendered instead of the table when `data` is empty; without it an empty table renders its header only. */
  empty?: TableEmpty;
  testId?: string;
  rowAttributes?: (row: T) => RowAttributes;
  /** Top-align cells, for rows whose cells run to several lines. */
  alignTop?: boolean;
  /** Fixed layout: widths from the header cells' classes, long text truncates instead of widening the table. */
  fixed?: boolean;
  className?: string;
}) {
  if (data.length === 0 && empty) return <EmptyTable empty={empty} />;
  // The same core TanStack `useReactTable` builds, without the React state it needs only for interaction.
  const table = createTable<T>({
    data,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    state: {},
    onStateChange: () => {},
    renderFallbackValue: null,
  });
  table.setOptions((prev) => ({ ...prev, state: table.initialState }));
  return (
    <TableFrame testId={testId} fixed={fixed} className={className}>
      <thead className={theadClass}>
        {table.getHeaderGroups().map((hg) => (
          <tr key={hg.id}>
            {hg.headers.map((h) => (
              <HeaderCell key={h.id} header={h} />
            ))}
          </tr>
        ))}
      </thead>
      <tbody className={tbodyClass}>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} className={alignTop ? "align-top" : undefined} {...rowAttributes?.(row.original)}>
            {row.getVisibleCells().map((cell) => (
              <BodyCell key={cell.id} cell={cell} />
            ))}
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
