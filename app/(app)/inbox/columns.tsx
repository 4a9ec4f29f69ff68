import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import type { listMessages } from "@/db/queries/intake";

export type MessageRow = Awaited<ReturnType<typeof listMessages>>[number];

export const messageColumns: Column<MessageRow>[] = [
  { id: "from", header: "From", cell: ({ row: { original: m } }) => m.fromName || m.fromAddress || "—" },
  {
    id: "subject",
    header: "Subject",
    cell: ({ row: { original: m } }) => (
      <Link href={`/inbox/${m.id}`} className="text-brand-700 hover:underline">
        {m.subject || "(no subject)"}
      </Link>
    ),
  },
  { id: "attachments", header: "Attachments", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.documents },
  { id: "source", header: "Source", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.source },
  { id: "received", header: "Received (UTC)", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.createdAt.toISOString().replace("T", " ").slice(0, 16) },
];
