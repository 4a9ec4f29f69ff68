import { Link } from "@/components/ui/link";
import { StaticTable } from "@/components/data-table/static-table";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listCampaigns } from "@/db/queries/campaigns/campaigns";
import { listSendingAccounts } from "@/db/queries/campaigns/sending-accounts";
import { requirePageContext } from "@/lib/auth/session";
import { campaignColumns } from "./columns";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Campaigns" };

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
            <LinkButton href="/campaigns/accounts">
              Accounts &amp; suppression list
            </LinkButton>
            <LinkButton href="/campaigns/new" variant="primary">
              New campaign
            </LinkButton>
          </>
        }
      />
      {rows.length > 0 && (
        <div className="mb-2 flex justify-end">
          <LiveProgress kinds={["campaign", "recipient"]} active={live} ms={5000} since={renderedAt} />
        </div>
      )}
      <StaticTable
        columns={campaignColumns}
        data={rows}
        getRowId={(r) => r.id}
        testId="campaigns-table"
        empty={{
          title: "No campaigns yet.",
          children:
            accounts.length === 0 ? (
              <>
                Start with <Link className="text-brand-700 underline" href="/campaigns/new">New campaign</Link>: it uses the dev outbox until you connect Gmail or SMTP in{" "}
                <Link className="text-brand-700 underline" href="/campaigns/accounts">Accounts</Link>.
              </>
            ) : (
              <>
                Upload a CSV or Excel list in <Link className="text-brand-700 underline" href="/campaigns/new">New campaign</Link>.
              </>
            ),
        }}
      />
    </>
  );
}
