import { StaticTable } from "@/components/data-table/static-table";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listOutbox } from "@/db/queries/outbox";
import { requirePageContext } from "@/lib/auth/session";
import { outboxColumns } from "./columns";

export const metadata = { title: "Mail outbox" };

export default async function OutboxPage() {
  const ctx = await requirePageContext();
  const rows = await listOutbox(await getDb(), { workspaceId: ctx.workspaceId });
  return (
    <>
      <PageHeader
        title="Mail outbox"
        description="Development outbox: mail Docket composed for this workspace, stored exactly as it would be sent. Nothing here was delivered — connect Gmail or SMTP to send for real."
      />
      <StaticTable
        columns={outboxColumns}
        data={rows}
        getRowId={(m) => m.id}
        empty={{ title: "No messages.", children: "Invitations and campaign messages appear here while no mail transport is connected." }}
      />
    </>
  );
}
