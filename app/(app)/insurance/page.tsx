import Link from "next/link";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listBrokers } from "@/db/queries/insurance/brokers";
import { listCases } from "@/db/queries/insurance/cases";
import { listInsurers } from "@/db/queries/insurance/insurers";
import { requirePageContext } from "@/lib/auth/session";
import { CaseStatusBadge } from "./case-status";
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
      {cases.length === 0 ? (
        <EmptyState title="No cases yet">Upload a broker&apos;s fleet spreadsheet above, or open a broker email in the Inbox and create a case from its attachment.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-sm" data-testid="cases-table">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2">COT</th>
                <th className="px-3 py-2">Broker</th>
                <th className="px-3 py-2">File</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2 text-right">Rows</th>
                <th className="px-3 py-2 text-right">Auto / review / no match</th>
                <th className="px-3 py-2">Received</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {cases.slice(0, PAGE).map((c) => (
                <tr key={c.id} className="hover:bg-slate-50">
                  <td className="px-3 py-2 font-medium">
                    <Link className="text-brand-700 hover:underline" href={`/insurance/cases/${c.id}`}>
                      {c.cotNumber}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{c.brokerName ?? <span className="text-slate-500">{c.senderAddress ?? "—"}</span>}</td>
                  <td className="max-w-[16rem] truncate px-3 py-2" title={c.filename}>
                    {c.filename}
                  </td>
                  <td className="px-3 py-2">
                    <CaseStatusBadge status={c.status} />
                    {c.status === "matching" && c.totalRows > 0 && <span className="ml-2 text-xs tabular-nums text-slate-500">{c.matchedRows} / {c.totalRows}</span>}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{c.totalRows || "—"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {c.totalRows ? `${c.autoCount} / ${c.reviewCount} / ${c.noMatchCount}` : "—"}
                    {c.correctedCount > 0 && <span className="ml-1 text-xs text-slate-500">({c.correctedCount} corrected)</span>}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{c.receivedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-3 flex gap-3 text-sm">
        {page > 1 && <Link className="text-brand-700 hover:underline" href={`/insurance?page=${page - 1}`}>← Newer</Link>}
        {cases.length > PAGE && <Link className="text-brand-700 hover:underline" href={`/insurance?page=${page + 1}`}>Older →</Link>}
      </div>
    </>
  );
}
