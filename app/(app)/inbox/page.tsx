import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { UploadZone } from "@/components/upload-zone/upload-zone";
import { getDb } from "@/db";
import { listMessages } from "@/db/queries/intake";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { ManualEmailForm } from "./manual-email-form";
import { env } from "@/lib/env";

export const metadata = { title: "Inbox" };

export default async function InboxPage() {
  const ctx = await requirePageContext();
  const rows = await listMessages(await getDb(), { workspaceId: ctx.workspaceId, limit: 200 });
  const canAdd = hasRole(ctx.role, "member");
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Emails taken into this workspace — uploaded as .eml, entered by hand, or fetched from a connected mailbox. Each email is taken in once; its attachments become documents."
      />
      {canAdd && (
        <div className="mb-6 grid gap-4 lg:grid-cols-2">
          <Card title="Upload emails or files">
            <UploadZone maxMb={env().DOCKET_MAX_UPLOAD_MB} hint={`.eml files (attachments are taken in), PDFs, images, or a .zip of them — up to ${env().DOCKET_MAX_UPLOAD_MB} MB each.`} />
          </Card>
          <Card title="Enter an email by hand">
            <ManualEmailForm />
          </Card>
        </div>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No emails yet.">Upload an .eml file or enter an email above.</EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">From</th>
                <th className="py-2">Subject</th>
                <th className="py-2">Attachments</th>
                <th className="py-2">Source</th>
                <th className="py-2">Received (UTC)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((m) => (
                <tr key={m.id}>
                  <td className="py-2">{m.fromName || m.fromAddress || "—"}</td>
                  <td className="py-2">
                    <Link href={`/inbox/${m.id}`} className="text-brand-700 hover:underline">
                      {m.subject || "(no subject)"}
                    </Link>
                  </td>
                  <td className="py-2 text-slate-600">{m.documents}</td>
                  <td className="py-2 text-slate-600">{m.source}</td>
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
