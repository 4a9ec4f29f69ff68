"use client";

import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { useAction } from "@/components/use-action";
import { bulkApproveAction } from "@/lib/actions/invoices";
import { invoiceColumns, sortableInvoiceColumns, type InvoiceRow } from "./columns";

export function InvoicesTable({
  rows,
  total,
  totalExact,
  page,
  pageSize,
  canApprove,
}: {
  rows: InvoiceRow[];
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  canApprove: boolean;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const { pending, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const message = error ? { ok: false, text: error } : done ? { ok: true, text: done } : null;

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
        columns={invoiceColumns}
        data={rows}
        total={total}
        totalExact={totalExact}
        page={page}
        pageSize={pageSize}
        sortableKeys={sortableInvoiceColumns}
        selectable={canApprove}
        onSelectionChange={setSelected}
        rowHref={(r) => `/invoices/${r.id}`}
        // rows are 38 px high; the first 15 fill a 900 px window below the filters, the rest render in the browser
        rowHeight={38}
        firstRows={15}
      />
    </div>
  );
}
