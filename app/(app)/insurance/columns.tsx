import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import type { listCases } from "@/db/queries/insurance/cases";
import { CaseStatusBadge } from "./case-status";

export type CaseRow = Awaited<ReturnType<typeof listCases>>[number];

export const caseColumns: Column<CaseRow>[] = [
  {
    id: "cot",
    header: "COT",
    meta: { className: "font-medium" },
    cell: ({ row: { original: c } }) => (
      <Link className="text-brand-700 hover:underline" href={`/insurance/cases/${c.id}`}>
        {c.cotNumber}
      </Link>
    ),
  },
  { id: "broker", header: "Broker", cell: ({ row: { original: c } }) => c.brokerName ?? <span className="text-slate-500">{c.senderAddress ?? "—"}</span> },
  {
    id: "file",
    header: "File",
    meta: { className: "max-w-[16rem] truncate" },
    cell: ({ row: { original: c } }) => <span title={c.filename}>{c.filename}</span>,
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row: { original: c } }) => (
      <>
        <CaseStatusBadge status={c.status} />
        {c.status === "matching" && c.totalRows > 0 && (
          <span className="ml-2 text-xs tabular-nums text-slate-500">
            {c.matchedRows} / {c.totalRows}
          </span>
        )}
      </>
    ),
  },
  { id: "rows", header: "Rows", meta: { className: "text-right tabular-nums", headerClassName: "text-right" }, cell: ({ row }) => row.original.totalRows || "—" },
  {
    id: "outcome",
    header: "Auto / review / no match",
    meta: { className: "text-right tabular-nums", headerClassName: "text-right" },
    cell: ({ row: { original: c } }) => (
      <>
        {c.totalRows ? `${c.autoCount} / ${c.reviewCount} / ${c.noMatchCount}` : "—"}
        {c.correctedCount > 0 && <span className="ml-1 text-xs text-slate-500">({c.correctedCount} corrected)</span>}
      </>
    ),
  },
  { id: "received", header: "Received", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.receivedAt.toISOString().slice(0, 16).replace("T", " ") },
];
