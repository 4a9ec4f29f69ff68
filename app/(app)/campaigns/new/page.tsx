import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { ensureOutboxAccount, listSendingAccounts } from "@/db/queries/campaigns/sending-accounts";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { MAX_ATTACHMENT_BYTES, MAX_TOTAL_ATTACHMENT_BYTES } from "@/lib/campaigns/campaign-input";
import { NewCampaignForm } from "./new-campaign-form";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const ctx = await requirePageContext();
  const db = await getDb();
  if (!hasRole(ctx.role, "member")) {
    return <PageHeader title="New campaign" description={`Your role (${ctx.role}) can view campaigns but not create them. Ask a workspace admin.`} />;
  }
  let accounts = await listSendingAccounts(db, { workspaceId: ctx.workspaceId });
  if (accounts.length === 0) {
    // The dev outbox is the default account: messages are stored in Settings → Mail outbox, never delivered.
    await ensureOutboxAccount(db, { workspaceId: ctx.workspaceId, actorId: ctx.userId });
    accounts = await listSendingAccounts(db, { workspaceId: ctx.workspaceId });
  }
  return (
    <>
      <PageHeader
        title="New campaign"
        description="1. Upload the list and check the mapping · 2. Write the template · 3. Save as a draft, preview and test it, then schedule."
        actions={
          <LinkButton href="/campaigns/accounts">
            Sending accounts
          </LinkButton>
        }
      />
      <NewCampaignForm
        accounts={accounts.map((a) => ({ id: a.id, label: `${a.name} <${a.fromAddress}>${a.kind === "outbox" ? " — not delivered" : ""}`, status: a.status }))}
        maxAttachmentMb={MAX_ATTACHMENT_BYTES / 1024 / 1024}
        maxTotalMb={MAX_TOTAL_ATTACHMENT_BYTES / 1024 / 1024}
      />
    </>
  );
}
