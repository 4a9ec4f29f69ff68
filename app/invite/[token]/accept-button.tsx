"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";
import { acceptInvitationAction } from "@/lib/actions/workspace";

/**
 * Accept (or, for the person who already did, open) the invitation's workspace: the action selects it, then home —
 * unless accepting has something to say (a member whose role it did or did not change), which stays on screen first.
 */
export function AcceptButton({ token, label }: { token: string; label: string }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  if (notice) {
    return (
      <div className="mt-5">
        <p role="status" className="text-sm text-slate-700">
          {notice}
        </p>
        <Button className="mt-3" onClick={() => router.push("/")}>
          Continue to the workspace
        </Button>
      </div>
    );
  }
  return (
    <div className="mt-5">
      <Button
        disabled={pending}
        onClick={() =>
          run(
            () => acceptInvitationAction({ token }),
            (data) => (data.notice ? setNotice(data.notice) : router.push("/")),
            { refresh: false },
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
