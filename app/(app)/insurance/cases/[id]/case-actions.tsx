"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { NamedOptions, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { rematchCaseAction } from "@/lib/actions/insurance";

/** "Match again" (after a new profile or catalog), optionally naming the broker the email came from. */
export function RematchButton({ caseId, label = "Match again", brokers }: { caseId: string; label?: string; brokers?: { id: string; name: string }[] }) {
  const [brokerId, setBrokerId] = useState("");
  const { pending, error, run } = useAction();
  return (
    <div className="flex flex-wrap items-center gap-2">
      {brokers && (
        <Select aria-label="Broker" className="w-56" value={brokerId} onChange={(e) => setBrokerId(e.target.value)}>
          <option value="">Choose the broker…</option>
          <NamedOptions items={brokers} />
        </Select>
      )}
      <Button
        size="sm"
        variant="secondary"
        disabled={pending || (brokers !== undefined && !brokerId)}
        onClick={() =>
          run(() => rematchCaseAction({ caseId, brokerId: brokerId || undefined }))
        }
      >
        {pending ? "Starting…" : label}
      </Button>
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </div>
  );
}
