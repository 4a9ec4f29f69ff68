"use client";

import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";
import { cancelRunAction, retryRunAction } from "@/lib/actions/jobs";

export function RunButtons({ runId, status }: { runId: string; status: string }) {
  const { pending, error, run } = useAction();
  const act = (fn: typeof retryRunAction) => run(() => fn({ runId }), undefined, { refresh: "always" });
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
