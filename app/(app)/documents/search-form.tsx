import { Link } from "@/components/ui/link";
import { documentStatuses } from "@/db/schema";

export interface SearchParams {
  q?: string;
  kind?: string;
  status?: string;
  from?: string;
  to?: string;
  party?: string;
  page?: string;
}

const KINDS = ["invoice", "credit_note", "quote", "receipt", "delivery_note", "policy", "general_conditions", "contract", "fleet_list", "spreadsheet", "other"];

/** One search box and the filters, as a plain GET form: the URL is the state, results are paged on the server. */
export function SearchForm({ values }: { values: SearchParams }) {
  const field = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-2" role="search">
      <label className="flex min-w-72 flex-1 flex-col text-xs text-slate-600">
        Search
        <input name="q" defaultValue={values.q ?? ""} placeholder="Words in any document: póliza vigencia, invoice 5521, VIN…" className={field} aria-label="Search documents" />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Class
        <select name="kind" defaultValue={values.kind ?? ""} className={field}>
          <option value="">Any</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>{k.replace("_", " ")}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Status
        <select name="status" defaultValue={values.status ?? ""} className={field}>
          <option value="">Any</option>
          {documentStatuses.map((s) => (
            <option key={s} value={s}>{s.replace("_", " ")}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        From
        <input type="date" name="from" defaultValue={values.from ?? ""} className={field} />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        To
        <input type="date" name="to" defaultValue={values.to ?? ""} className={field} />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Vendor / broker
        <input name="party" defaultValue={values.party ?? ""} className={`${field} w-40`} />
      </label>
      <button className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-900">Search</button>
      {Object.values(values).some(Boolean) && (
        <Link href="/documents" className="py-1.5 text-sm text-slate-600 hover:underline">Clear</Link>
      )}
    </form>
  );
}
