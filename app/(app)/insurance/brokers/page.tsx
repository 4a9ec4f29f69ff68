import { StaticTable } from "@/components/data-table/static-table";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listBrokers } from "@/db/queries/insurance/brokers";
import { requirePageContext } from "@/lib/auth/session";
import { InsuranceNav } from "../insurance-nav";
import { BrokerForm } from "./broker-form";
import { brokerColumns } from "./columns";

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
      <StaticTable
        columns={brokerColumns}
        data={brokers}
        getRowId={(b) => b.id}
        empty={{ title: "No brokers yet", children: "Add a broker with the email domain its messages come from, then build its profile from one of its spreadsheets." }}
      />
    </>
  );
}
