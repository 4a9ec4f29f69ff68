import Link from "next/link";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listCampaigns } from "@/db/queries/campaigns/campaigns";
import { listSendingAccounts } from "@/db/queries/campaigns/sending-accounts";
import { requirePageContext } from "@/lib/auth/session";
import { formatInZone } from "@/lib/campaigns/pacing";
import { CampaignStatusBadge } from "./status-badge";

export const metadata = { title: "Campaigns" };

const linkButton = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50";

export default async function CampaignsPage() {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const [rows, accounts] = await Promise.all([listCampaigns(db, { workspaceId: ctx.workspaceId }), listSendingAccounts(db, { workspaceId: ctx.workspaceId })]);
  const live = rows.some((r) => r.status === "sending" || r.status === "scheduled");
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Personal outreach from your own mailbox: one list, one template, sent one by one under strict per-account limits."
        actions={
          <>
            <Link href="/campaigns/accounts" className={linkButton}>
              Accounts &amp; suppression list
            </Link>
            <Link href="/campaigns/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              New campaign
            </Link>
          </>
        }
      />
      {rows.length === 0 ? (
        <EmptyState title="No campaigns yet.">
          {accounts.length === 0 ? (
            <>
              Start with <Link className="text-brand-700 underline" href="/campaigns/new">New campaign</Link>: it uses the dev outbox until you connect Gmail or SMTP in{" "}
              <Link className="text-brand-700 underline" href="/campaigns/accounts">Accounts</Link>.
            </>
          ) : (
            <>
              Upload a CSV or Excel list in <Link className="text-brand-700 underline" href="/campaigns/new">New campaign</Link>.
            </>
          )}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <div className="flex justify-end px-3 pt-2">
            <LiveProgress kinds={["campaign", "recipient"]} active={live} ms={5000} since={renderedAt} />
          </div>
          <table className="w-full text-left text-sm" data-testid="campaigns-table">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Campaign</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Progress</th>
                <th className="px-3 py-2">Schedule</th>
                <th className="px-3 py-2">Account</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => {
                const done = r.counts.sent + r.counts.failed + r.counts.skipped;
                return (
                  <tr key={r.id}>
                    <td className="px-3 py-2">
                      <Link className="font-medium text-brand-700 hover:underline" href={`/campaigns/${r.id}`}>
                        {r.name}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      <CampaignStatusBadge status={r.status} />
                      {r.status === "paused" && r.statusMessage && <p className="mt-1 max-w-xs text-xs text-amber-800">{r.statusMessage}</p>}
                    </td>
                    <td className="px-3 py-2 text-slate-700">
                      <span className="font-medium">{r.counts.sent}</span> sent of {r.counts.total}
                      {r.counts.failed > 0 && <span className="text-red-700"> · {r.counts.failed} failed</span>}
                      {r.counts.skipped > 0 && <span className="text-amber-700"> · {r.counts.skipped} skipped</span>}
                      <div className="mt-1 h-1.5 w-32 rounded bg-slate-100">
                        <div className="h-1.5 rounded bg-brand-500" style={{ width: `${r.counts.total ? (done / r.counts.total) * 100 : 0}%` }} />
                      </div>
                    </td>
                    <td className="px-3 py-2 text-slate-600">
                      {r.status === "draft"
                        ? "Not scheduled"
                        : r.status === "completed" || r.status === "cancelled"
                          ? r.finishedAt
                            ? `Ended ${formatInZone(r.finishedAt, r.timeZone)}`
                            : "Ended"
                          : r.nextSendAt
                            ? `Next send ${formatInZone(r.nextSendAt, r.timeZone)} (${r.timeZone})`
                            : r.startAt
                              ? `Starts ${formatInZone(r.startAt, r.timeZone)} (${r.timeZone})`
                              : "Sending now"}
                    </td>
                    <td className="px-3 py-2 text-slate-600">
                      {r.accountName}
                      {r.accountKind === "outbox" && !/not delivered/i.test(r.accountName) && <span className="ml-1 text-xs text-amber-700">(not delivered)</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
