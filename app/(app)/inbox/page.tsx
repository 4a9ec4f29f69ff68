import { StaticTable } from "@/components/data-table/static-table";
import { Card, PageHeader } from "@/components/ui/card";
import { UploadZone } from "@/components/upload-zone/upload-zone";
import { getDb } from "@/db";
import { listMessages } from "@/db/queries/intake";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { messageColumns } from "./columns";
import { ManualEmailForm } from "./manual-email-form";

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
      <StaticTable columns={messageColumns} data={rows} getRowId={(m) => m.id} empty={{ title: "No emails yet.", children: "Upload an .eml file or enter an email above." }} />
    </>
  );
}
