import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import type { listCampaigns } from "@/db/queries/campaigns/campaigns";
import { formatInZone } from "@/lib/campaigns/pacing";
import { CampaignStatusBadge } from "./status-badge";

export type CampaignRow = Awaited<ReturnType<typeof listCampaigns>>[number];

function schedule(r: CampaignRow) {
  if (r.status === "draft") return "Not scheduled";
  if (r.status === "completed" || r.status === "cancelled") return r.finishedAt ? `Ended ${formatInZone(r.finishedAt, r.timeZone)}` : "Ended";
  if (r.nextSendAt) return `Next send ${formatInZone(r.nextSendAt, r.timeZone)} (${r.timeZone})`;
  if (r.startAt) return `Starts ${formatInZone(r.startAt, r.timeZone)} (${r.timeZone})`;
  return "Sending now";
}

export const campaignColumns: Column<CampaignRow>[] = [
  {
    id: "name",
    header: "Campaign",
    cell: ({ row: { original: r } }) => (
      <Link className="font-medium text-brand-700 hover:underline" href={`/campaigns/${r.id}`}>
        {r.name}
      </Link>
    ),
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row: { original: r } }) => (
      <>
        <CampaignStatusBadge status={r.status} />
        {r.status === "paused" && r.statusMessage && <p className="mt-1 max-w-xs text-xs text-amber-800">{r.statusMessage}</p>}
      </>
    ),
  },
  {
    id: "progress",
    header: "Progress",
    meta: { className: "text-slate-700" },
    cell: ({ row: { original: r } }) => {
      const done = r.counts.sent + r.counts.failed + r.counts.skipped;
      return (
        <>
          <span className="font-medium">{r.counts.sent}</span> sent of {r.counts.total}
          {r.counts.failed > 0 && <span className="text-red-700"> · {r.counts.failed} failed</span>}
          {r.counts.skipped > 0 && <span className="text-amber-700"> · {r.counts.skipped} skipped</span>}
          <div className="mt-1 h-1.5 w-32 rounded bg-slate-100">
            <div className="h-1.5 rounded bg-brand-500" style={{ width: `${r.counts.total ? (done / r.counts.total) * 100 : 0}%` }} />
          </div>
        </>
      );
    },
  },
  { id: "schedule", header: "Schedule", meta: { className: "text-slate-600" }, cell: ({ row }) => schedule(row.original) },
  {
    id: "account",
    header: "Account",
    meta: { className: "text-slate-600" },
    cell: ({ row: { original: r } }) => (
      <>
        {r.accountName}
        {r.accountKind === "outbox" && !/not delivered/i.test(r.accountName) && <span className="ml-1 text-xs text-amber-700">(not delivered)</span>}
      </>
    ),
  },
];
