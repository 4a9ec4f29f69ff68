"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { reprocessDocumentAction } from "@/lib/actions/invoices";

export function RetryButton({ documentId }: { documentId: string }) {
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
            const r = await reprocessDocumentAction({ documentId });
            setError(r.ok ? null : r.error);
            router.refresh();
          })
        }
      >
        Retry
      </button>
      {error && <span className="ml-2 text-xs text-red-700">{error}</span>}
    </span>
  );
}
