import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listMailboxes, listMailboxMessages } from "@/db/queries/mailboxes";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { MailboxesPanel, type MailboxRow } from "./mailboxes-panel";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Mailboxes" };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function MailboxesPage() {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const found = await listMailboxes(db, { workspaceId: ctx.workspaceId });
  const rows: MailboxRow[] = await Promise.all(
    found.map(async (m) => ({
      id: m.id,
      kind: m.kind,
      name: m.name,
      purpose: m.purpose,
      config: m.config,
      secretSaved: m.secretSaved,
      enabled: m.enabled,
      pollEveryMinutes: m.pollEveryMinutes,
      lastPolledAt: iso(m.lastPolledAt),
      lastSuccessAt: iso(m.lastSuccessAt),
      lastError: m.lastError,
      messageCount: m.messageCount,
      recent: (await listMailboxMessages(db, { workspaceId: ctx.workspaceId, mailboxId: m.id, limit: 5 })).map((r) => ({
        id: r.id,
        subject: r.subject,
        from: r.fromName || r.fromAddress || "",
        documents: r.documents,
        receivedAt: r.createdAt.toISOString(),
      })),
    })),
  );
  return (
    <>
      <PageHeader
        title="Mailboxes"
        description="Connect an IMAP mailbox or an Outlook (Microsoft 365) mailbox. Docket checks each one on its schedule, takes every new email in once, and sends its attachments to processing. Passwords and client secrets are stored encrypted and never shown again."
        actions={
          <LinkButton href="/settings">
            Back to settings
          </LinkButton>
        }
      />
      <MailboxesPanel mailboxes={rows} canManage={hasRole(ctx.role, "admin")} canPoll={hasRole(ctx.role, "member")} since={renderedAt} />
    </>
  );
}
