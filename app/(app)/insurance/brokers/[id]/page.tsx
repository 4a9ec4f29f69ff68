import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { StaticTable } from "@/components/data-table/static-table";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listAliases } from "@/db/queries/insurance/aliases";
import { getBroker, listProfiles } from "@/db/queries/insurance/brokers";
import { requirePageContext } from "@/lib/auth/session";
import { InsuranceNav } from "../../insurance-nav";
import { BrokerForm } from "../broker-form";
import { profileColumns } from "./columns";

export const metadata = { title: "Broker" };

export default async function BrokerPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const db = await getDb();
  const { id } = await params;
  const broker = await getBroker(db, { workspaceId: ctx.workspaceId, brokerId: id });
  if (!broker) notFound();
  const [profiles, aliases] = await Promise.all([listProfiles(db, { workspaceId: ctx.workspaceId, brokerId: id }), listAliases(db, { workspaceId: ctx.workspaceId, brokerId: id })]);
  const canEdit = ctx.role !== "viewer";
  return (
    <>
      <PageHeader
        title={broker.name}
        description={broker.emailDomains.length ? `Emails from ${broker.emailDomains.join(", ")} are this broker's.` : "No sender domain yet: its emails are not recognised."}
        actions={
          canEdit && (
            <Link href={`/insurance/brokers/${id}/profile`} className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
              {profiles.length ? "New profile version" : "Build the profile"}
            </Link>
          )
        }
      />
      <InsuranceNav />
      {canEdit && (
        <Card title="Broker" className="mb-6">
          <BrokerForm broker={{ id: broker.id, name: broker.name, emailDomains: broker.emailDomains }} />
        </Card>
      )}
      <Card title="Profile versions" className="mb-6">
        {profiles.length === 0 ? (
          <p className="text-sm text-slate-600">No profile yet. Build one from a sample spreadsheet: Docket suggests the mapping, you check it and preview the rows.</p>
        ) : (
          <StaticTable columns={profileColumns} data={profiles} getRowId={(p) => p.id} alignTop />
        )}
      </Card>
      <Card title={`Learned corrections (${aliases.length})`}>
        {aliases.length === 0 ? (
          <p className="text-sm text-slate-600">None yet. When a reviewer corrects a code in one of this broker&apos;s cases, the same description gets that code next time.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {aliases.map((a) => (
              <li key={a.id} className="flex justify-between gap-4 py-1.5">
                <span className="truncate">{a.label}</span>
                <span className="shrink-0 text-slate-600">
                  → <span className="font-mono">{a.code ?? "no code"}</span> · by {a.createdByName ?? "a former member"} on {a.createdAt.toISOString().slice(0, 10)} · applied {a.timesApplied}×
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
