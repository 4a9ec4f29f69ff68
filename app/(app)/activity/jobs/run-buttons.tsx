"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cancelRunAction, retryRunAction } from "@/lib/actions/jobs";

export function RunButtons({ runId, status }: { runId: string; status: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const act = (fn: typeof retryRunAction) =>
    start(async () => {
      const r = await fn({ runId });
      setError(r.ok ? null : r.error);
      router.refresh();
    });
  return (
    <span className="inline-flex items-center gap-2">
      {status === "failed" && (
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => act(retryRunAction)}>
          Retry
        </Button>
      )}
      {["queued", "running", "sleeping", "waiting"].includes(status) && (
        <Button size="sm" variant="ghost" disabled={pending} onClick={() => act(cancelRunAction)}>
          Cancel
        </Button>
      )}
      {error && <span className="text-xs text-red-700">{error}</span>}
    </span>
  );
}
