import { Link } from "@/components/ui/link";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

// The GET filter bar above a list (activity, invoices): small labelled fields in a row, an apply button, a Clear link.

const control = "rounded-md border border-slate-300 px-2 py-1.5";
const withControl = (className?: string) => (className ? `${className} ${control}` : control);

function FilterLabel({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs font-medium text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/** A filter text or date field: `label` above, the rest (name, defaultValue, type…) on the input. */
export function FilterInput({ label, className, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FilterLabel label={label}>
      <input className={withControl(className)} {...input} />
    </FilterLabel>
  );
}

/** A filter drop-down; the options are its children. */
export function FilterSelect({ label, className, ...select }: { label: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FilterLabel label={label}>
      <select className={withControl(className)} {...select} />
    </FilterLabel>
  );
}

/** The form: a GET to the same page, the fields, then the submit button and a link back to the unfiltered list. */
export function FilterForm({ submitLabel, clearHref, children }: { submitLabel: string; clearHref: string; children: ReactNode }) {
  return (
    <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" method="get">
      {children}
      <button className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white">{submitLabel}</button>
      <Link href={clearHref} className="py-1.5 text-slate-600 hover:underline">
        Clear
      </Link>
    </form>
  );
}
