"use client";

import { useEffect, useState } from "react";
import { switchWorkspaceAction } from "@/lib/actions/workspace";
import { announceWorkspace } from "./workspace-channel";

/**
 * The page frame's answer to a workspace cookie naming a workspace the person is no longer in (they were removed
 * while it was open): the page already shows `current`, their first workspace; this points the cookie there too, so
 * their next change acts where the page is (until then changes are refused, never made elsewhere), and says why the
 * workspace changed under them.
 */
export function WorkspaceCookieRepair({ lost, current, currentName }: { lost: boolean; current: string; currentName: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!lost) return;
    setNotice(`You are no longer a member of the workspace you had open, so you are in ${currentName} now.`);
    void switchWorkspaceAction({ workspaceId: current }).then((r) => r.ok && announceWorkspace(current));
  }, [lost, current, currentName]);
  if (!notice) return null;
  return (
    <div role="status" className="mb-4 flex items-start justify-between gap-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <span>{notice}</span>
      <button type="button" className="text-xs font-medium hover:underline" onClick={() => setNotice(null)}>
        Dismiss
      </button>
    </div>
  );
}
