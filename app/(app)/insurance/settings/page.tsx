import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getInsuranceSettings } from "@/db/queries/insurance/settings";
import { requirePageContext } from "@/lib/auth/session";
import { InsuranceNav } from "../insurance-nav";
import { InsuranceSettingsForm } from "./settings-form";

export const metadata = { title: "Insurance settings" };

export default async function InsuranceSettingsPage() {
  const ctx = await requirePageContext();
  const s = await getInsuranceSettings(await getDb(), { workspaceId: ctx.workspaceId });
  const isAdmin = ctx.role === "admin" || ctx.role === "owner";
  return (
    <>
      <PageHeader title="Insurance" description="Case numbering and how sure the matcher must be before a code goes out without review." />
      <InsuranceNav />
      <Card title="Settings">
        {!isAdmin && <p className="mb-3 text-sm text-slate-600">Only workspace admins can change these.</p>}
        <InsuranceSettingsForm initial={{ cotPrefix: s.cotPrefix, autoThreshold: s.autoThreshold, reviewThreshold: s.reviewThreshold }} canEdit={isAdmin} />
      </Card>
    </>
  );
}
