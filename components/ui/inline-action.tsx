"use client";

import type { Result } from "@/lib/errors";
import { useAction } from "@/components/use-action";

/**
 * A link-styled button that runs one server action and shows its error beside it; on success `onDone` runs
 * (default: refresh the page).
 */
export function InlineAction({ label, busyLabel, run, onDone }: { label: string; busyLabel?: string; run: () => Promise<Result<unknown>>; onDone?: (data: unknown) => void }) {
  const action = useAction();
  return (
    <span>
      <button
        type="button"
        disabled={action.pending}
        className="mt-1 text-xs font-medium text-brand-700 hover:underline disabled:opacity-50"
        onClick={() => action.run(run, onDone, { refresh: !onDone })}
      >
        {action.pending && busyLabel ? busyLabel : label}
      </button>
      {action.error && <span className="ml-2 text-xs text-red-700">{action.error}</span>}
    </span>
  );
}
