"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { createCaseFromMessageAction } from "@/lib/actions/insurance";

export function CreateCaseFromMessage({ messageId, count }: { messageId: string; count: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="mt-2">
      <Button
        size="sm"
        disabled={pending}
        data-testid="create-insurance-case"
        onClick={() =>
          start(async () => {
            const r = await createCaseFromMessageAction({ messageId });
            if (!r.ok) return setError(r.error);
            if (r.data.cases.length === 1) router.push(`/insurance/cases/${r.data.cases[0].id}`);
            else router.refresh();
          })
        }
      >
        {pending ? "Creating…" : count > 1 ? `Create ${count} insurance cases` : "Create insurance case"}
      </Button>
      {error && <p role="alert" className="mt-1 text-xs text-red-700">{error}</p>}
    </div>
  );
}
