import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import type { listOutbox } from "@/db/queries/outbox";

export type OutboxRow = Awaited<ReturnType<typeof listOutbox>>[number];

export const outboxColumns: Column<OutboxRow>[] = [
  { id: "to", header: "To", cell: ({ row }) => row.original.to },
  {
    id: "subject",
    header: "Subject",
    cell: ({ row: { original: m } }) => (
      <Link className="text-brand-700 hover:underline" href={`/settings/outbox/${m.id}`}>
        {m.subject}
      </Link>
    ),
  },
  { id: "kind", header: "Kind", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.kind },
  { id: "composed", header: "Composed (UTC)", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.createdAt.toISOString().replace("T", " ").slice(0, 16) },
];
