import { StaticTable } from "@/components/data-table/static-table";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { workspaceInvoiceRules } from "@/db/queries/invoices/save-extraction";
import { hasRole, listMembers, listOpenInvitations } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { InvoiceSettingsForm } from "./invoice-settings-form";
import { memberColumns, memberRowAttributes } from "./columns";
import { DeleteWorkspace } from "./delete-workspace";
import { InvitePanel, WorkspaceNameForm } from "./members-panel";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await requirePageContext();
  const db = await getDb();
  const [members, invitations, rules] = await Promise.all([
    listMembers(db, { workspaceId: ctx.workspaceId }),
    listOpenInvitations(db, { workspaceId: ctx.workspaceId }),
    workspaceInvoiceRules(db, ctx.workspaceId),
  ]);
  const canManage = hasRole(ctx.role, "admin");
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Settings"
        description={`Workspace settings, members and roles. Your role here: ${ctx.role}.`}
        actions={
          <>
            <LinkButton href="/settings/mailboxes">
              Mailboxes
            </LinkButton>
            <LinkButton href="/settings/alerts">
              Alerts
            </LinkButton>
            <LinkButton href="/settings/outbox">
              Mail outbox
            </LinkButton>
          </>
        }
      />
      <div className="grid gap-6">
        <Card title="Workspace">
          <WorkspaceNameForm name={ctx.workspaceName} canEdit={canManage} />
        </Card>
        <Card title="Invoice review">
          <InvoiceSettingsForm requiredFields={rules.requiredFields} reviewThreshold={rules.reviewThreshold} canEdit={canManage} />
        </Card>
        <Card title={`Members (${members.length})`}>
          <StaticTable
            columns={memberColumns({ me: ctx.userId, myRole: ctx.role, canManage })}
            data={members.map((m) => ({ ...m, since: m.since.toISOString() }))}
            getRowId={(m) => m.userId}
            rowAttributes={memberRowAttributes}
          />
        </Card>
        <Card title="Invite people">
          <InvitePanel
            canInvite={canManage}
            myRole={ctx.role}
            invitations={invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString(), expired: i.expiresAt < now }))}
          />
        </Card>
        {ctx.role === "owner" && (
          <Card title="Delete workspace">
            <DeleteWorkspace name={ctx.workspaceName} isDemo={ctx.isDemo} />
          </Card>
        )}
      </div>
    </>
  );
}
