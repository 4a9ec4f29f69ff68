"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { acceptInvitationAction } from "@/lib/actions/workspace";

export function AcceptButton({ token }: { token: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="mt-5">
      <Button
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await acceptInvitationAction({ token });
            if (!r.ok) return setError(r.error);
            router.push("/");
            router.refresh();
          })
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
