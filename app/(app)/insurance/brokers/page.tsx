import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listBrokers } from "@/db/queries/insurance/brokers";
import { requirePageContext } from "@/lib/auth/session";
import { InsuranceNav } from "../insurance-nav";
import { BrokerForm } from "./broker-form";

export const metadata = { title: "Brokers" };

export default async function BrokersPage({ searchParams }: { searchParams: Promise<{ domain?: string }> }) {
  const ctx = await requirePageContext();
  const brokers = await listBrokers(await getDb(), { workspaceId: ctx.workspaceId });
  const domain = (await searchParams).domain?.replace(/^.*@/, "").replace(/>$/, "");
  return (
    <>
      <PageHeader title="Insurance" description="Brokers are recognised by their sender email domain; each has a versioned profile that reads its spreadsheets." />
      <InsuranceNav />
      {ctx.role !== "viewer" && (
        <Card title="Add a broker" className="mb-6">
          <BrokerForm defaultDomain={domain} />
        </Card>
      )}
      {brokers.length === 0 ? (
        <EmptyState title="No brokers yet">Add a broker with the email domain its messages come from, then build its profile from one of its spreadsheets.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2">Broker</th>
                <th className="px-3 py-2">Email domains</th>
                <th className="px-3 py-2">Profile</th>
                <th className="px-3 py-2 text-right">Cases read with it</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {brokers.map((b) => (
                <tr key={b.id}>
                  <td className="px-3 py-2 font-medium">
                    <Link className="text-brand-700 hover:underline" href={`/insurance/brokers/${b.id}`}>
                      {b.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-slate-700">{b.emailDomains.join(", ") || <span className="text-slate-400">none</span>}</td>
                  <td className="px-3 py-2">
                    {b.latest ? (
                      `version ${b.latest.version}`
                    ) : (
                      <Link className="text-brand-700 hover:underline" href={`/insurance/brokers/${b.id}/profile`}>
                        Build the profile
                      </Link>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{b.usage}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
