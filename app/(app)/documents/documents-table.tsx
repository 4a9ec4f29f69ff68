"use client";

import { StaticTable, type Column } from "@/components/data-table/static-table";
import type { TableEmpty } from "@/components/data-table/table-markup";
import { useHydrated } from "@/components/data-table/use-hydrated";
import { documentColumns, documentRowAttributes, type DocumentListRow } from "./columns";

/**
 * The document list. Past the first screenful (8 rows below the upload zone in a 900 px window) its rows render in
 * the browser, from `rows`, sent once as data; the server's HTML holds the headers, those first rows and a placeholder
 * as tall as the others, saying how many are coming.
 */
export function DocumentsTable({
  rows,
  canEdit,
  cases,
  empty,
}: {
  rows: DocumentListRow[];
  canEdit: boolean;
  /** The insurance case opened from each spreadsheet that has one, by document id. */
  cases: Record<string, { id: string; cotNumber: string }>;
  empty: TableEmpty;
}) {
  const rowsPending = !useHydrated();
  const columns: Column<DocumentListRow>[] = documentColumns({ canEdit, caseOf: new Map(Object.entries(cases)) });
  return <StaticTable columns={columns} data={rows} getRowId={(d) => d.id} rowAttributes={documentRowAttributes} empty={empty} rowsPending={rowsPending} firstRows={8} rowHeight={DOCUMENT_ROW_HEIGHT} />;
}

/** A document row is two or three lines (file name, class, index state): 59 px on average in the pages bench. */
const DOCUMENT_ROW_HEIGHT = 59;
