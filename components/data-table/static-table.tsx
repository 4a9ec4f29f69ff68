import { BodyCell, EmptyTable, HeaderCell, PendingRows, TableFrame, tbodyClass, theadClass, type Column, type TableDensity, type TableEmpty } from "./table-markup";

export type { Column, TableDensity } from "./table-markup";

/**
 * Attributes a page may set on a row: a test id for specs; in a client component also a class (the active row of
 * a review grid), a click handler and a row index to find the row by.
 */
export interface RowAttributes {
  "data-testid"?: string;
  "data-row-index"?: number;
  className?: string;
  onClick?: () => void;
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
  density,
  className,
  rowsPending,
  firstRows = 0,
  rowHeight,
}: {
  columns: readonly Column<T>[];
  data: readonly T[];
  getRowId: (row: T, index: number) => string;
  /** Rendered instead of the table when `data` is empty; without it an empty table renders its header only. */
  empty?: TableEmpty;
  testId?: string;
  rowAttributes?: (row: T, index: number) => RowAttributes;
  /** Top-align cells, for rows whose cells run to several lines. */
  alignTop?: boolean;
  /** Fixed layout: widths from the header cells' classes, long text truncates instead of widening the table. */
  fixed?: boolean;
  /** `compact`: small text, tight padding — for working grids, editors and wide previews. */
  density?: TableDensity;
  /** Classes on the frame (the scrolling container), e.g. a height cap: `max-h-96 overflow-y-auto`. */
  className?: string;
  /**
   * The rows past the first `firstRows` are not rendered yet, only `PendingRows` in their place: a client table passes
   * `!useHydrated()`, so the server renders the frame, headers and first screenful, and the browser the rest from the
   * data it gets once.
   */
  rowsPending?: boolean;
  /** With `rowsPending`: how many rows to render all the same (those on screen at first paint); none by default. */
  firstRows?: number;
  /** With `rowsPending`: the usual height of a row (px), when the rows run to more than one line. */
  rowHeight?: number;
}) {
  if (data.length === 0 && empty) return <EmptyTable empty={empty} />;
  const rendered = rowsPending ? data.slice(0, firstRows) : data;
  const pending = data.length - rendered.length;
  return (
    <TableFrame testId={testId} fixed={fixed} density={density} className={className}>
      <thead className={theadClass}>
        <tr>
          {columns.map((c) => (
            <HeaderCell key={c.id} meta={c.meta} density={density}>
              {c.header}
            </HeaderCell>
          ))}
        </tr>
      </thead>
      {rendered.length > 0 || pending === 0 ? (
        <tbody className={tbodyClass}>
          {rendered.map((original, index) => {
            const { className: rowClass, ...attributes } = rowAttributes?.(original, index) ?? {};
            const classes = [alignTop ? "align-top" : "", rowClass ?? ""].filter(Boolean).join(" ");
            return (
              <tr key={getRowId(original, index)} {...(classes && { className: classes })} {...attributes}>
                {columns.map((c) => (
                  <BodyCell key={c.id} meta={c.meta} density={density}>
                    {c.cell({ row: { original, index } })}
                  </BodyCell>
                ))}
              </tr>
            );
          })}
        </tbody>
      ) : null}
      {pending > 0 && <PendingRows rows={pending} columns={columns.length} rowHeight={rowHeight} density={density} more={rendered.length > 0} />}
    </TableFrame>
  );
}
