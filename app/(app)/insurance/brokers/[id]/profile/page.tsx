import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getBroker, latestProfile } from "@/db/queries/insurance/brokers";
import { recentSpreadsheetAttachments } from "@/db/queries/insurance/case-emails";
import { getCase } from "@/db/queries/insurance/cases";
import { requirePageContext } from "@/lib/auth/session";
import { InsuranceNav } from "../../../insurance-nav";
import { ProfileWizard } from "./profile-wizard";

export const metadata = { title: "Broker profile wizard" };

export default async function ProfileWizardPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ case?: string; document?: string }> }) {
  const ctx = await requirePageContext();
  const db = await getDb();
  const { id } = await params;
  const sp = await searchParams;
  const broker = await getBroker(db, { workspaceId: ctx.workspaceId, brokerId: id });
  if (!broker) notFound();
  const [current, attachments, fromCase] = await Promise.all([
    latestProfile(db, { workspaceId: ctx.workspaceId, brokerId: id }),
    recentSpreadsheetAttachments(db, { workspaceId: ctx.workspaceId, limit: 30 }),
    sp.case ? getCase(db, { workspaceId: ctx.workspaceId, caseId: sp.case }) : null,
  ]);
  const initialDocumentId = fromCase?.documentId ?? sp.document;
  const options = attachments.map((a) => ({ documentId: a.documentId, filename: a.filename, subject: a.subject, fromAddress: a.fromAddress }));
  if (fromCase?.documentId && !options.some((o) => o.documentId === fromCase.documentId)) {
    options.unshift({ documentId: fromCase.documentId, filename: fromCase.filename, subject: `case ${fromCase.cotNumber}`, fromAddress: fromCase.senderAddress });
  }
  return (
    <>
      <PageHeader
        title={`Profile for ${broker.name}`}
        description={
          fromCase
            ? `Built from case ${fromCase.cotNumber}'s file (${fromCase.filename}); saving matches the case again with the new version.`
            : "Teach Docket how this broker's spreadsheets are laid out. Each save is a new version; cases record the version they used."
        }
      />
      <InsuranceNav />
      {ctx.role === "viewer" ? (
        <p className="text-sm text-slate-600">Viewers cannot change broker profiles. Ask a member of the workspace.</p>
      ) : (
        <ProfileWizard
          brokerId={broker.id}
          brokerName={broker.name}
          attachments={options}
          initialDocumentId={initialDocumentId}
          caseId={fromCase?.id}
          current={current ? { version: current.version, rules: current.rules } : null}
        />
      )}
    </>
  );
}
