import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import type { RunListItem } from "@/db/queries/runner";
import { RunButtons } from "./run-buttons";

const tone: Record<string, "gray" | "blue" | "green" | "amber" | "red"> = {
  queued: "gray",
  running: "blue",
  sleeping: "amber",
  waiting: "amber",
  completed: "green",
  failed: "red",
  cancelled: "gray",
};

function when(d: Date | null) {
  return d ? d.toISOString().replace("T", " ").slice(0, 19) : "—";
}

/** Background runs. `canAct`: member or above (retry, cancel). */
export function runColumns({ canAct }: { canAct: boolean }): Column<RunListItem>[] {
  return [
    {
      id: "function",
      header: "Function",
      cell: ({ row: { original: r } }) => (
        <>
          <Link className="font-medium text-brand-700 hover:underline" href={`/activity/jobs/${r.id}`}>
            {r.functionId.replace(/^docket-/, "")}
          </Link>
          {r.error && <p className="max-w-md text-xs text-red-700">{r.error}</p>}
        </>
      ),
    },
    { id: "trigger", header: "Trigger", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.trigger },
    { id: "state", header: "State", cell: ({ row }) => <Badge tone={tone[row.original.status] ?? "gray"}>{row.original.status}</Badge> },
    { id: "started", header: "Started (UTC)", meta: { className: "text-slate-600" }, cell: ({ row }) => when(row.original.startedAt ?? row.original.createdAt) },
    { id: "ended", header: "Ended", meta: { className: "text-slate-600" }, cell: ({ row }) => when(row.original.endedAt) },
    { id: "failures", header: "Failures", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.failures },
    {
      id: "actions",
      header: "Actions",
      meta: { className: "text-right", headerClassName: "sr-only" },
      cell: ({ row: { original: r } }) => canAct && <RunButtons runId={r.id} status={r.status} />,
    },
  ];
}
