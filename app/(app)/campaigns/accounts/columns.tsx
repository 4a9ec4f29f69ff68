import type { ColumnDef } from "@tanstack/react-table";

export interface SuppressionRow {
  email: string;
  reason: string;
  at: string;
}

/** The suppression list. `remove`: set when the person may remove manual entries (the panel runs the action). */
export function suppressionColumns(o: { pending: boolean; remove?: (email: string) => void }): ColumnDef<SuppressionRow>[] {
  return [
    { id: "email", header: "Email", cell: ({ row }) => row.original.email },
    { id: "reason", header: "Reason", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.reason },
    { id: "at", header: "Since (UTC)", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.at },
    {
      id: "actions",
      header: "Actions",
      meta: { className: "text-right", headerClassName: "sr-only" },
      cell: ({ row: { original: r } }) =>
        o.remove &&
        r.reason === "manual" && (
          <button className="text-xs text-red-700 hover:underline" disabled={o.pending} onClick={() => o.remove?.(r.email)}>
            Remove
          </button>
        ),
    },
  ];
}
