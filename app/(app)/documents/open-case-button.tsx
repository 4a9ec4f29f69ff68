"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createCaseFromDocumentAction } from "@/lib/actions/insurance";

/** A broker spreadsheet dropped with other files becomes an insurance case here, without uploading it again. */
export function OpenCaseButton({ documentId }: { documentId: string }) {
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
            const r = await createCaseFromDocumentAction({ documentId });
            if (r.ok) {
              const first = (r.data as { cases: { id: string }[] }).cases[0];
              router.push(`/insurance/cases/${first.id}`);
            } else setError(r.error);
          })
        }
      >
        {pending ? "Opening…" : "Open as insurance case"}
      </button>
      {error && <span className="ml-2 text-xs text-red-700">{error}</span>}
    </span>
  );
}
