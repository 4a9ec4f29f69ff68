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
