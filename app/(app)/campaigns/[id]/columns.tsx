import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import type { listCampaignRecipients } from "@/db/queries/campaigns/recipients";
import { formatInZone } from "@/lib/campaigns/pacing";
import type { CampaignStatus } from "@/lib/campaigns/status";
import { RecipientStatusBadge } from "../status-badge";
import { ResolveButtons } from "./campaign-controls";

export type RecipientRow = Awaited<ReturnType<typeof listCampaignRecipients>>["rows"][number];

/**
 * A campaign's send log. `held`: recipients claimed by a send whose outcome is unknown (the person resolves them);
 * `previewHref`: the page's own URL showing that recipient's message; `canEdit`: member or above.
 */
export function sendLogColumns(o: {
  campaign: { id: string; status: CampaignStatus; timeZone: string };
  held: ReadonlySet<string>;
  canEdit: boolean;
  previewHref: (recipientId: string) => string;
}): Column<RecipientRow>[] {
  const { campaign: c } = o;
  const isHeld = (r: RecipientRow) => r.status === "sending" && o.held.has(r.id);
  return [
    { id: "row", header: "Row", meta: { className: "text-slate-500" }, cell: ({ row }) => row.original.rowNumber },
    {
      id: "recipient",
      header: "Recipient",
      cell: ({ row: { original: r } }) => (
        <>
          <span className="font-medium">{r.email}</span>
          {(r.name || r.company) && <span className="block text-xs text-slate-500">{[r.name, r.company].filter(Boolean).join(" · ")}</span>}
        </>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row: { original: r } }) => (
        <>
          <RecipientStatusBadge status={r.status} held={isHeld(r)} />
          {r.attempts > 1 && <span className="ml-1 text-xs text-slate-500">{r.attempts} tries</span>}
        </>
      ),
    },
    {
      id: "sentAt",
      header: "Sent at",
      meta: { className: "text-slate-600" },
      cell: ({ row: { original: r } }) => (r.sentAt ? formatInZone(r.sentAt, c.timeZone) : r.nextAttemptAt ? `retry ${formatInZone(r.nextAttemptAt, c.timeZone)}` : ""),
    },
    { id: "error", header: "Error", meta: { className: "max-w-xs text-xs text-red-700" }, cell: ({ row }) => row.original.error },
    {
      id: "providerMessageId",
      header: "Provider message id",
      meta: { className: "font-mono text-xs text-slate-500" },
      cell: ({ row: { original: r } }) =>
        r.providerMessageId?.startsWith("outbox-") ? (
          <Link className="font-sans text-brand-700 hover:underline" href="/settings/outbox">
            in the outbox
          </Link>
        ) : (
          r.providerMessageId
        ),
    },
    {
      id: "actions",
      header: "Actions",
      meta: { className: "whitespace-nowrap text-right", headerClassName: "sr-only" },
      cell: ({ row: { original: r } }) => (
        <>
          <Link className="mr-2 text-xs text-brand-700 hover:underline" href={o.previewHref(r.id)}>
            Preview
          </Link>
          {o.canEdit && (r.status === "failed" || isHeld(r)) && c.status !== "completed" && c.status !== "cancelled" && (
            <ResolveButtons campaignId={c.id} recipientId={r.id} held={isHeld(r)} />
          )}
        </>
      ),
    },
  ];
}
