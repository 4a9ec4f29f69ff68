import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listOutbox } from "@/db/queries/outbox";
import { requirePageContext } from "@/lib/auth/session";

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
      {rows.length === 0 ? (
        <EmptyState title="No messages.">Invitations and campaign messages appear here while no mail transport is connected.</EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">To</th>
                <th className="py-2">Subject</th>
                <th className="py-2">Kind</th>
                <th className="py-2">Composed (UTC)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((m) => (
                <tr key={m.id}>
                  <td className="py-2">{m.to}</td>
                  <td className="py-2">
                    <Link className="text-brand-700 hover:underline" href={`/settings/outbox/${m.id}`}>
                      {m.subject}
                    </Link>
                  </td>
                  <td className="py-2 text-slate-600">{m.kind}</td>
                  <td className="py-2 text-slate-600">{m.createdAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
