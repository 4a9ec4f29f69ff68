import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import type { listBrokers } from "@/db/queries/insurance/brokers";

export type BrokerRow = Awaited<ReturnType<typeof listBrokers>>[number];

export const brokerColumns: Column<BrokerRow>[] = [
  {
    id: "name",
    header: "Broker",
    meta: { className: "font-medium" },
    cell: ({ row: { original: b } }) => (
      <Link className="text-brand-700 hover:underline" href={`/insurance/brokers/${b.id}`}>
        {b.name}
      </Link>
    ),
  },
  { id: "domains", header: "Email domains", meta: { className: "text-slate-700" }, cell: ({ row }) => row.original.emailDomains.join(", ") || <span className="text-slate-400">none</span> },
  {
    id: "profile",
    header: "Profile",
    cell: ({ row: { original: b } }) =>
      b.latest ? (
        `version ${b.latest.version}`
      ) : (
        <Link className="text-brand-700 hover:underline" href={`/insurance/brokers/${b.id}/profile`}>
          Build the profile
        </Link>
      ),
  },
  { id: "usage", header: "Cases read with it", meta: { className: "text-right tabular-nums", headerClassName: "text-right" }, cell: ({ row }) => row.original.usage },
];
