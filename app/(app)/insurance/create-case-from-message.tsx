"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";
import { createCaseFromMessageAction } from "@/lib/actions/insurance";

export function CreateCaseFromMessage({ messageId, count }: { messageId: string; count: number }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  return (
    <div className="mt-2">
      <Button
        size="sm"
        disabled={pending}
        data-testid="create-insurance-case"
        onClick={() =>
          run(
            () => createCaseFromMessageAction({ messageId }),
            (data) => {
              if (data.cases.length === 1) router.push(`/insurance/cases/${data.cases[0].id}`);
              else router.refresh();
            },
            { refresh: false },
          )
        }
      >
        {pending ? "Creating…" : count > 1 ? `Create ${count} insurance cases` : "Create insurance case"}
      </Button>
      {error && <p role="alert" className="mt-1 text-xs text-red-700">{error}</p>}
    </div>
  );
}
