import { BodyCell, EmptyTable, HeaderCell, TableFrame, tbodyClass, theadClass, type Column, type TableEmpty } from "./table-markup";

export type { Column } from "./table-markup";

/** Attributes a page may set on a row, e.g. a test id for specs. */
export interface RowAttributes {
  "data-testid"?: string;
}

/**
 * The table shell for lists: rows rendered from the page's column definitions (`columns.tsx` beside the page)
 * with no state and no table library at run time, so a server page ships no table code and a client component
 * using it ships a few lines. Same markup as `DataTable`, which takes the same columns where the table needs
 * selection, sort buttons, paging or row clicks.
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
  columns: readonly Column<T>[];
  data: readonly T[];
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
  return (
    <TableFrame testId={testId} fixed={fixed} className={className}>
      <thead className={theadClass}>
        <tr>
          {columns.map((c) => (
            <HeaderCell key={c.id} meta={c.meta}>
              {c.header}
            </HeaderCell>
          ))}
        </tr>
      </thead>
      <tbody className={tbodyClass}>
        {data.map((original, index) => (
          <tr key={getRowId(original, index)} className={alignTop ? "align-top" : undefined} {...rowAttributes?.(original)}>
            {columns.map((c) => (
              <BodyCell key={c.id} meta={c.meta}>
                {c.cell({ row: { original, index } })}
              </BodyCell>
            ))}
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
