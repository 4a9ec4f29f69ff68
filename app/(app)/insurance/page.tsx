import { Link } from "@/components/ui/link";
import { StaticTable } from "@/components/data-table/static-table";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listBrokers } from "@/db/queries/insurance/brokers";
import { listCases } from "@/db/queries/insurance/cases";
import { listInsurers } from "@/db/queries/insurance/insurers";
import { requirePageContext } from "@/lib/auth/session";
import { caseColumns } from "./columns";
import { InsuranceNav } from "./insurance-nav";
import { NewCaseForm } from "./new-case-form";

export const metadata = { title: "Insurance" };

const PAGE = 50;

export default async function InsurancePage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const [cases, brokers, insurers] = await Promise.all([
    listCases(db, { workspaceId: ctx.workspaceId, limit: PAGE + 1, offset: (page - 1) * PAGE }),
    listBrokers(db, { workspaceId: ctx.workspaceId }),
    listInsurers(db, { workspaceId: ctx.workspaceId }),
  ]);
  const working = cases.some((c) => c.status === "received" || c.status === "matching");
  const canEdit = ctx.role !== "viewer";
  const noCatalog = !insurers.some((i) => i.activeCatalog);
  return (
    <>
      <PageHeader title="Insurance" description="Broker fleet spreadsheets turned into coded vehicles and a quote file: one COT case per spreadsheet." actions={<LiveProgress kinds={["case"]} active={working} since={renderedAt} />} />
      <InsuranceNav />
      {noCatalog && (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          No insurer has an active vehicle catalog yet: cases will wait for one. <Link className="font-medium underline" href="/insurance/catalogs">Import a catalog</Link>.
        </p>
      )}
      {canEdit && (
        <Card title="New case" className="mb-6">
          <NewCaseForm brokers={brokers.map((b) => ({ id: b.id, name: b.name }))} insurers={insurers.map((i) => ({ id: i.id, name: i.name }))} />
          <p className="mt-2 text-xs text-slate-500">Emails from a known broker&apos;s domain (or an insurance mailbox) open their case by themselves; for any other email, open it in the Inbox and use “Create insurance case”.</p>
        </Card>
      )}
      <StaticTable
        columns={caseColumns}
        data={cases.slice(0, PAGE)}
        getRowId={(c) => c.id}
        testId="cases-table"
        empty={{ title: "No cases yet", children: "Upload a broker's fleet spreadsheet above, or open a broker email in the Inbox and create a case from its attachment." }}
      />
      <div className="mt-3 flex gap-3 text-sm">
        {page > 1 && <Link className="text-brand-700 hover:underline" href={`/insurance?page=${page - 1}`}>← Newer</Link>}
        {cases.length > PAGE && <Link className="text-brand-700 hover:underline" href={`/insurance?page=${page + 1}`}>Older →</Link>}
      </div>
    </>
  );
}
