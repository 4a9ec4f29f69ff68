"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { useAction } from "@/components/use-action";
import { bulkApproveAction } from "@/lib/actions/invoices";

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
  createdAt: string;
}

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

const fmt = (v: string | null, currency: string | null) =>
  v === null ? "—" : `${Number(v).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency ?? ""}`;

export function InvoicesTable({ rows, total, page, pageSize, canApprove }: { rows: InvoiceRow[]; total: number; page: number; pageSize: number; canApprove: boolean }) {
  const [selected, setSelected] = useState<string[]>([]);
  const { pending, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const message = error ? { ok: false, text: error } : done ? { ok: true, text: done } : null;

  const columns = useMemo<ColumnDef<InvoiceRow>[]>(
    () => [
      { id: "status", header: "Status", cell: ({ row }) => <Badge tone={tone[row.original.status]}>{row.original.status.replace("_", " ")}</Badge> },
      {
        id: "invoiceNumber",
        header: "Number",
        cell: ({ row }) => (
          <span className="font-medium">
            {row.original.invoiceNumber ?? <em className="text-slate-400">missing</em>}
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
    ],
    [],
  );

  if (rows.length === 0 && page === 0) {
    return (
      <EmptyState title="No invoices here.">
        Upload invoice PDFs on the Documents or Inbox page (or forward them to a connected mailbox); they appear here once read.
      </EmptyState>
    );
  }

  const approve = (ids?: string[]) =>
    run(
      () => bulkApproveAction(ids ? { ids } : {}),
      (data) => setDone(`${data.approved} invoice${data.approved === 1 ? "" : "s"} approved.`),
      { refresh: "always" },
    );

  return (
    <div>
      {canApprove && (
        <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
          <Button size="sm" variant="secondary" disabled={pending || selected.length === 0} onClick={() => approve(selected)}>
            Approve selected ({selected.length})
          </Button>
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => approve()}>
            Approve all ready with confidence ≥ 95%
          </Button>
          <span className="text-xs text-slate-500">Only ready, non-duplicate invoices are approved; the rest stay for review.</span>
          {message && <span className={message.ok ? "text-green-700" : "text-red-700"}>{message.text}</span>}
        </div>
      )}
      <DataTable
        columns={columns}
        data={rows}
        total={total}
        page={page}
        pageSize={pageSize}
        sortableKeys={["status", "invoiceNumber", "vendorName", "issueDate", "total", "minConfidence"]}
        selectable={canApprove}
        onSelectionChange={setSelected}
        rowHref={(r) => `/invoices/${r.id}`}
      />
    </div>
  );
}
