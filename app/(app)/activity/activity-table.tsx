"use client";

import { StaticTable } from "@/components/data-table/static-table";
import { useHydrated } from "@/components/data-table/use-hydrated";
import { auditColumns, auditRowAttributes, type AuditListRow } from "./columns";

/**
 * The audit log. Past the first screenful (8 events in a 900 px window) its rows render in the browser, from `rows`,
 * sent once as data; the server's HTML holds the headers, those first events and a placeholder as tall as the others,
 * saying how many are coming. `showRaw`: admins also see the raw before/after values.
 */
export function ActivityTable({ rows, showRaw }: { rows: AuditListRow[]; showRaw: boolean }) {
  const rowsPending = !useHydrated();
  // An event is its heading and a line or two of changes, plus "Details" for admins: 99 px on average in the pages
  // bench (as an admin).
  return (
    <StaticTable
      columns={auditColumns({ showRaw })}
      data={rows}
      getRowId={(r) => String(r.id)}
      rowAttributes={auditRowAttributes}
      alignTop
      fixed
      empty={{ title: "No activity matches these filters." }}
      rowsPending={rowsPending}
      firstRows={8}
      rowHeight={showRaw ? 99 : 75}
    />
  );
}
