"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

type Result = { ok: true; data: unknown } | { ok: false; error: string };

/**
 * A link-styled button that runs one server action and shows its error beside it; on success `onDone` runs
 * (default: refresh the page).
 */
export function InlineAction({ label, busyLabel, run, onDone }: { label: string; busyLabel?: string; run: () => Promise<Result>; onDone?: (data: unknown) => void }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        className="mt-1 text-xs font-medium text-brand-700 hover:underline disabled:opacity-50"
        onClick={() =>
          start(async () => {
            const r = await run();
            setError(r.ok ? null : r.error);
            if (r.ok && onDone) onDone(r.data);
            else router.refresh();
          })
        }
      >
        {pending && busyLabel ? busyLabel : label}
      </button>
      {error && <span className="ml-2 text-xs text-red-700">{error}</span>}
    </span>
  );
}
