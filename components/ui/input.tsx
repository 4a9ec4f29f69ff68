import { forwardRef, type InputHTMLAttributes, type SelectHTMLAttributes } from "react";

const base =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 disabled:bg-slate-100 aria-[invalid=true]:border-red-500";

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input({ className = "", ...props }, ref) {
  return <input ref={ref} className={`${base} ${className}`} {...props} />;
});

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select(
  { className = "", ...props },
  ref,
) {
  return <select ref={ref} className={`${base} pr-8 ${className}`} {...props} />;
});

export function Label({ htmlFor, children }: { htmlFor: string; children: React.ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="mb-1 block text-sm font-medium text-slate-700">
      {children}
    </label>
  );
}

/** The `<option>`s of a pick-one-by-id select: one per item, its name shown, its id the value. */
export function NamedOptions({ items }: { items: readonly { id: string; name: string }[] }) {
  return items.map((i) => (
    <option key={i.id} value={i.id}>
      {i.name}
    </option>
  ));
}
