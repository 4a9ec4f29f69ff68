"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";
import { acceptInvitationAction } from "@/lib/actions/workspace";

/** Accept (or, for the person who already did, open) the invitation's workspace: the action selects it, then home. */
export function AcceptButton({ token, label }: { token: string; label: string }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  return (
    <div className="mt-5">
      <Button
        disabled={pending}
        onClick={() =>
          run(
            () => acceptInvitationAction({ token }),
            () => router.push("/"),
          )
        }
      >
        {label}
      </Button>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
