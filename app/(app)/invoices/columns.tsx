import { Link } from "@/components/ui/link";
import type { Column } from "@/components/data-table/static-table";
import { Badge } from "@/components/ui/badge";

export interface InvoiceRow {
  id: string;
  status: "needs_review" | "ready" | "approved" | "rejected";
  kind: string;
  invoiceNumber: string | null;
  vendorName: string | null;
  issueDate: string | null;
  currency: string | null;
  total: string | null;
  minConfidence: string;
  duplicateOfId: string | null;
  issueCount: number;
}

/** Only what the table shows goes to the browser (the rows are props of a client component, sent in the page). */
export const toInvoiceRow = (r: InvoiceRow): InvoiceRow => ({
  id: r.id,
  status: r.status,
  kind: r.kind,
  invoiceNumber: r.invoiceNumber,
  vendorName: r.vendorName,
  issueDate: r.issueDate,
  currency: r.currency,
  total: r.total,
  minConfidence: r.minConfidence,
  duplicateOfId: r.duplicateOfId,
  issueCount: r.issueCount,
});

const tone = { needs_review: "amber", ready: "blue", approved: "green", rejected: "gray" } as const;

export function ConfidenceBar({ value }: { value: number }) {
  const pct = Math.round(value * 100);
  const color = value >= 0.95 ? "bg-green-500" : value >= 0.8 ? "bg-amber-400" : "bg-red-500";
  return (
    <span className="inline-flex items-center gap-2" title={`Lowest field confidence ${pct}%`}>
      <span className="h-1.5 w-14 rounded bg-slate-100">
        <span className={`block h-1.5 rounded ${color}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="text-xs tabular-nums text-slate-600">{pct}%</span>
    </span>
  );
}

// One formatter for every cell: toLocaleString with options builds a new Intl.NumberFormat on each call.
const amount = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fmt = (v: string | null, currency: string | null) => (v === null ? "—" : `${amount.format(Number(v))} ${currency ?? ""}`);

/** The invoice list's columns; ids are the sort keys `?sort=<id>.<dir>` the server understands. */
export const invoiceColumns: Column<InvoiceRow>[] = [
  { id: "status", header: "Status", cell: ({ row }) => <Badge tone={tone[row.original.status]}>{row.original.status.replace("_", " ")}</Badge> },
  {
    id: "invoiceNumber",
    header: "Number",
    cell: ({ row }) => (
      // a real link as well as the row click: keyboard users reach it with Tab, and it opens in a new tab
      <span className="font-medium">
        <Link href={`/invoices/${row.original.id}`} className="text-brand-700 hover:underline">
          {row.original.invoiceNumber ?? <em className="text-slate-400">missing</em>}
        </Link>
        {row.original.kind === "credit_note" && <span className="ml-1 text-xs text-slate-500">(credit note)</span>}
      </span>
    ),
  },
  { id: "vendorName", header: "Vendor", cell: ({ row }) => row.original.vendorName ?? <em className="text-slate-400">missing</em> },
  { id: "issueDate", header: "Issued", cell: ({ row }) => row.original.issueDate ?? "—" },
  { id: "total", header: "Total", cell: ({ row }) => <span className="tabular-nums">{fmt(row.original.total, row.original.currency)}</span> },
  { id: "minConfidence", header: "Confidence", cell: ({ row }) => <ConfidenceBar value={Number(row.original.minConfidence)} /> },
  {
    id: "flags",
    header: "Flags",
    cell: ({ row }) => (
      <span className="flex gap-1">
        {row.original.duplicateOfId && <Badge tone="red">duplicate?</Badge>}
        {row.original.issueCount > 0 && <Badge tone="amber">{row.original.issueCount} issue{row.original.issueCount > 1 ? "s" : ""}</Badge>}
      </span>
    ),
  },
];

/** Columns the list can be sorted by (see parseInvoiceSort). */
export const sortableInvoiceColumns = ["status", "invoiceNumber", "vendorName", "issueDate", "total", "minConfidence"];
