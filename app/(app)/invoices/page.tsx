import { Link } from "@/components/ui/link";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { PageHeader } from "@/components/ui/card";
import { FilterForm, FilterInput, FilterSelect } from "@/components/ui/filter-form";
import { getDb } from "@/db";
import { listInvoices } from "@/db/queries/invoices/list";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { parseInvoiceFilter, parseInvoiceSort } from "@/lib/invoice-filters";
import { toInvoiceRow } from "./columns";
import { InvoicesTable } from "./invoices-table";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Invoices" };

const TABS = [
  { status: "", label: "All" },
  { status: "needs_review", label: "Needs review" },
  { status: "ready", label: "Ready" },
  { status: "approved", label: "Approved" },
  { status: "rejected", label: "Rejected" },
];

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const sp = await searchParams;
  const params = new URLSearchParams(Object.entries(sp).filter(([, v]) => v) as [string, string][]);
  const db = await getDb();
  const filter = parseInvoiceFilter(ctx.workspaceId, params);
  const page = Math.max(0, Number(sp.page ?? 0) || 0);
  const result = await listInvoices(db, filter, { sort: parseInvoiceSort(params), page, pageSize: 50, withInFlight: true });
  const inFlight = { n: result.inFlight };
  const tabHref = (status: string) => {
    const u = new URLSearchParams(params);
    if (status) u.set("status", status);
    else u.delete("status");
    u.delete("page");
    return `/invoices?${u}`;
  };
  const exportHref = (format: "xlsx" | "csv") => {
    const u = new URLSearchParams(params);
    u.delete("page");
    u.set("format", format);
    return `/api/invoices/export?${u}`;
  };
  return (
    <>
      <PageHeader
        title="Invoices"
        description="Every invoice Docket read from your documents. Fields it was unsure of are highlighted for review; approve what is right, fix what is not."
        actions={
          <>
            <LiveProgress kinds={["invoice", "document"]} active={inFlight.n > 0} since={renderedAt} />
            <LinkButton href={exportHref("xlsx")} file>
              Export Excel
            </LinkButton>
            <LinkButton href={exportHref("csv")} file>
              CSV
            </LinkButton>
          </>
        }
      />
      {inFlight.n > 0 && (
        <p className="mb-3 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700" aria-live="polite">
          Reading {inFlight.n} document{inFlight.n === 1 ? "" : "s"}… new invoices appear here as they are done.
        </p>
      )}
      <nav className="mb-3 flex flex-wrap gap-1 border-b border-slate-200" aria-label="Status">
        {TABS.map((t) => {
          const active = (filter.status ?? "") === t.status;
          return (
            <Link
              key={t.status}
              href={tabHref(t.status)}
              aria-current={active ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {t.label}
            </Link>
          );
        })}
      </nav>
      <FilterForm submitLabel="Apply" clearHref="/invoices">
        {filter.status && <input type="hidden" name="status" value={filter.status} />}
        <FilterInput label="Search" name="q" defaultValue={sp.q} placeholder="number or vendor" />
        <FilterInput label="Vendor" name="vendor" defaultValue={sp.vendor} />
        <FilterInput label="Currency" name="currency" defaultValue={sp.currency} placeholder="MXN" maxLength={3} className="w-20 uppercase" />
        <FilterInput label="Issued from" type="date" name="from" defaultValue={sp.from} />
        <FilterInput label="to" type="date" name="to" defaultValue={sp.to} />
        <FilterSelect label="Confidence" name="confidence" defaultValue={sp.confidence ?? ""}>
          <option value="">Any</option>
          <option value="low">Low (a field under 80%)</option>
          <option value="high">High (all fields ≥ 95%)</option>
        </FilterSelect>
        <FilterSelect label="Duplicates" name="duplicate" defaultValue={sp.duplicate ?? ""}>
          <option value="">Any</option>
          <option value="yes">Possible duplicates</option>
          <option value="no">Not duplicates</option>
        </FilterSelect>
      </FilterForm>
      <InvoicesTable
        rows={result.rows.map(toInvoiceRow)}
        total={result.total}
        totalExact={result.totalExact}
        page={result.page}
        pageSize={result.pageSize}
        canApprove={hasRole(ctx.role, "member")}
      />
    </>
  );
}
