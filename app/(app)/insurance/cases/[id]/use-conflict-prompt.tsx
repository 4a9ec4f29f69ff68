import { Button } from "@/components/ui/button";
import type { UseConflict } from "@/lib/insurance/quote-vehicle";

/** A picked code whose catalog use contradicts the broker's use, waiting for the reviewer's confirmation. */
export interface PendingUsePick {
  rowId: string;
  sourceId: string;
  code: string;
  useConflict: UseConflict;
  reason: string;
}

/**
 * What the reviewer sees before a conflicting pick is saved: the reason (row, code, both uses), what the quote file
 * will say, and the two ways on — confirm this code with the broker's use, or pick another code.
 */
export function UseConflictPrompt({ pick, pending, onConfirm, onPickAnother }: { pick: PendingUsePick; pending: boolean; onConfirm: () => void; onPickAnother: () => void }) {
  const { useConflict: c } = pick;
  return (
    <div data-testid="use-conflict-prompt">
      <p role="alert" className="rounded bg-amber-50 px-2 py-1.5 text-sm text-amber-900">
        {pick.reason[0].toUpperCase() + pick.reason.slice(1)}.
      </p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">Broker&apos;s use (row {c.rowNumber})</dt>
        <dd className="font-medium">{c.broker}</dd>
        <dt className="text-slate-500">Catalog&apos;s use of {c.code}</dt>
        <dd className="font-medium">{c.catalog}</dd>
      </dl>
      <p className="mt-3 text-xs text-slate-600">
        Confirming saves code {c.code} for row {pick.sourceId}; the quote file&apos;s USO stays the broker&apos;s &quot;{c.broker}&quot; and your confirmation is
        recorded in the audit log.
      </p>
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button size="sm" variant="secondary" disabled={pending} onClick={onPickAnother} data-testid="use-conflict-pick-another">
          Pick another code
        </Button>
        <Button size="sm" disabled={pending} onClick={onConfirm} data-testid="use-conflict-confirm">
          Use {c.code} with use {c.broker}
        </Button>
      </div>
    </div>
  );
}

/** A row bulk accept left: its proposed code's catalog use contradicts the broker's (as the server answered it). */
export interface SkippedUseRow {
  rowId: string;
  sourceId: string;
  useConflict: UseConflict;
  reason: string;
}

/** "Rows 1, 3 and 7": the rows bulk accept left, as the review table numbers them (`total`: all of them, when more than listed). */
export function rowList(rows: readonly { sourceId: string }[], total = rows.length): string {
  const ids = rows.slice(0, 12).map((r) => r.sourceId);
  const more = total - ids.length;
  const shown = more > 0 ? [...ids, `${more.toLocaleString("en-US")} more`] : ids;
  return `${total === 1 ? "Row" : "Rows"} ${shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}` : shown[0]}`;
}

/**
 * What the reviewer sees after a bulk accept that left rows whose proposed code's use contradicts the broker's: such
 * rows with their code and both uses (the server lists the first few hundred of `total`), and one confirmation for
 * exactly this set (or leave them for review). `changed`: a confirmation found the set changed meanwhile (someone
 * answered some of the rows), and this is the set now.
 */
export function BulkUseConflictPrompt({
  rows,
  total = rows.length,
  changed = false,
  pending,
  onConfirm,
  onLeave,
}: {
  rows: readonly SkippedUseRow[];
  total?: number;
  changed?: boolean;
  pending: boolean;
  onConfirm: () => void;
  onLeave: () => void;
}) {
  const n = total.toLocaleString("en-US");
  return (
    <div data-testid="bulk-use-conflict-prompt">
      {changed && (
        <p role="alert" className="mb-2 rounded bg-red-50 px-2 py-1.5 text-sm text-red-800" data-testid="bulk-use-conflict-changed">
          Nothing was accepted: the rows with this conflict changed since you looked (someone else answered some of them). Here they are as they are now; confirm again
          if you still mean it.
        </p>
      )}
      <p role="alert" className="rounded bg-amber-50 px-2 py-1.5 text-sm text-amber-900">
        {rowList(rows, total)} {total === 1 ? "was" : "were"} not accepted: the proposed code&apos;s catalog use differs from the broker&apos;s.
      </p>
      {rows.length < total && (
        <p className="mt-2 text-xs text-slate-600" data-testid="bulk-use-conflict-listed">
          The first {rows.length.toLocaleString("en-US")} of the {n} rows are listed here; confirming accepts all {n}, exactly the set counted here (if it changes before you
          confirm, nothing is accepted and you are shown the new set).
        </p>
      )}
      <div className="mt-3 max-h-72 overflow-y-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-2 font-medium">Row</th>
              <th className="py-1 pr-2 font-medium">Code</th>
              <th className="py-1 pr-2 font-medium">Broker&apos;s use</th>
              <th className="py-1 font-medium">Catalog&apos;s use</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.rowId} data-testid="bulk-use-conflict-row" title={r.reason}>
                <td className="py-1 pr-2 tabular-nums">
                  {r.sourceId} <span className="text-xs text-slate-500">(sheet row {r.useConflict.rowNumber})</span>
                </td>
                <td className="py-1 pr-2 font-mono">{r.useConflict.code}</td>
                <td className="py-1 pr-2 font-medium">{r.useConflict.broker}</td>
                <td className="py-1 font-medium">{r.useConflict.catalog}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-3 text-xs text-slate-600">
        Confirming accepts the proposed code of each row listed here; the quote file&apos;s USO stays the broker&apos;s, and your confirmation is recorded in the
        audit log for every row. Or leave them for review and pick another code row by row.
      </p>
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button size="sm" variant="secondary" disabled={pending} onClick={onLeave} data-testid="bulk-use-conflict-leave">
          Leave them for review
        </Button>
        <Button size="sm" disabled={pending} onClick={onConfirm} data-testid="bulk-use-conflict-confirm">
          Accept {total === 1 ? "this row" : `these ${n} rows`} with the broker&apos;s use
        </Button>
      </div>
    </div>
  );
}
