import type { Column } from "@/components/data-table/static-table";
import { RemoveSuppressionButton } from "./account-forms";

export interface SuppressionRow {
  email: string;
  reason: string;
  at: string;
}

/** The suppression list, rendered on the server. `canRemove`: admins may remove addresses added by hand. */
export function suppressionColumns({ canRemove }: { canRemove: boolean }): Column<SuppressionRow>[] {
  return [
    { id: "email", header: "Email", cell: ({ row }) => row.original.email },
    { id: "reason", header: "Reason", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.reason },
    { id: "at", header: "Since (UTC)", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.at },
    {
      id: "actions",
      header: "Actions",
      meta: { className: "text-right", headerClassName: "sr-only" },
      cell: ({ row: { original: r } }) => canRemove && r.reason === "manual" && <RemoveSuppressionButton email={r.email} />,
    },
  ];
}
