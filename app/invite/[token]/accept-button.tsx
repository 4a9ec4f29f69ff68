"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";
import { acceptInvitationAction } from "@/lib/actions/workspace";

export function AcceptButton({ token }: { token: string }) {
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
        Accept invitation
      </Button>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
