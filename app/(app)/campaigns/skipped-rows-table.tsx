// Rows of a recipient list that were not imported, by file row and reason: shown before creating a campaign
// (the new-campaign form) and on the campaign afterwards. No hooks, so it renders on the server or the client.
import type { Column } from "@/components/data-table/static-table";
import { StaticTable } from "@/components/data-table/static-table";

const REASONS: Record<string, string> = {
  invalid_email: "Invalid email",
  duplicate: "Duplicate",
  suppressed: "Suppressed",
  already_contacted: "Already contacted",
};

export interface SkippedRow {
  rowNumber: number;
  email: string;
  reason: string;
  detail?: string;
}

const skippedRowColumns: Column<SkippedRow>[] = [
  { id: "row", header: "Row", cell: ({ row }) => row.original.rowNumber },
  { id: "email", header: "Email as written", meta: { className: "font-mono" }, cell: ({ row }) => row.original.email || "(empty)" },
  { id: "reason", header: "Reason", cell: ({ row }) => REASONS[row.original.reason] ?? row.original.reason },
  { id: "detail", header: "Detail", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.detail },
];

/** `className` sizes the scroll box (e.g. `max-h-72`): the header stays in view while the rows scroll. */
export function SkippedRowsTable({ rows, className = "", testId }: { rows: readonly SkippedRow[]; className?: string; testId?: string }) {
  return <StaticTable columns={skippedRowColumns} data={[...rows]} getRowId={(s) => String(s.rowNumber)} testId={testId} className={`overflow-y-auto ${className}`} />;
}
