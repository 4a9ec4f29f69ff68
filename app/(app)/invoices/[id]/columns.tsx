import type { Column } from "@/components/data-table/static-table";

/** A line item as the review edits it: every value a string (or empty) until the server checks it. */
export interface ReviewLine {
  description: string;
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
}

const VALUES = [
  { key: "description", header: "Description", headerClassName: "" },
  { key: "quantity", header: "Qty", headerClassName: "w-14 text-right" },
  { key: "unitPrice", header: "Unit price", headerClassName: "w-24 text-right" },
  { key: "amount", header: "Amount", headerClassName: "w-24 text-right" },
] as const;

/**
 * The line-item editor: one input per value (named "Line N quantity" and so on for screen readers and specs),
 * and a remove button while the invoice can be edited. The rows are the review's own state: `change` and `remove`
 * write to it, the review saves them all at once.
 */
export function lineItemColumns(o: {
  editable: boolean;
  change: (index: number, patch: Partial<ReviewLine>) => void;
  remove: (index: number) => void;
}): Column<ReviewLine>[] {
  return [
    ...VALUES.map(
      ({ key, header, headerClassName }): Column<ReviewLine> => ({
        id: key,
        header,
        meta: { headerClassName },
        cell: ({ row: { original: l, index: i } }) => (
          <input
            aria-label={`Line ${i + 1} ${key}`}
            value={l[key] ?? ""}
            disabled={!o.editable}
            onChange={(e) => o.change(i, { [key]: e.target.value })}
            className={`w-full rounded border border-slate-200 px-1.5 py-1 text-sm ${key === "description" ? "" : "text-right tabular-nums"}`}
          />
        ),
      }),
    ),
    {
      id: "remove",
      header: "Remove",
      meta: { headerClassName: "sr-only" },
      cell: ({ row: { index: i } }) =>
        o.editable && (
          <button type="button" aria-label={`Remove line ${i + 1}`} className="px-1 text-slate-400 hover:text-red-600" onClick={() => o.remove(i)}>
            ✕
          </button>
        ),
    },
  ];
}
