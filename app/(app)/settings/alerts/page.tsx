import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listRules } from "@/db/queries/alerts";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { RuleRow } from "./rule-row";

export const metadata = { title: "Alert rules" };

export default async function AlertRulesPage() {
  const ctx = await requirePageContext();
  const rules = await listRules(await getDb(), { workspaceId: ctx.workspaceId });
  const canEdit = hasRole(ctx.role, "admin");
  return (
    <>
      <PageHeader title="Alert rules" description="What the hourly checks look for in this workspace. Each condition alerts once; members get a daily digest of open alerts at 07:00 UTC." />
      <Card>
        {!canEdit && <p className="mb-2 text-xs text-slate-500">Only admins can change the rules.</p>}
        <ul className="divide-y divide-slate-100" data-testid="alert-rules">
          {rules.map((r) => (
            <RuleRow key={r.kind} rule={r} canEdit={canEdit} />
          ))}
        </ul>
      </Card>
    </>
  );
}
