"use client";

import { useEffect, useState } from "react";
import { useAction } from "@/components/use-action";
import { switchWorkspaceAction } from "@/lib/actions/workspace";
import { announceWorkspace, onWorkspaceAnnounced } from "./workspace-channel";

/**
 * The workspace is the browser's (a cookie), not a tab's: when another tab switches to another workspace, this tab's
 * page still shows `current` while anything done in it would act on the other one. Rather than let a person approve,
 * upload or edit into a workspace they are not looking at, the page is covered by a notice until they choose: show the
 * other workspace here, or switch the browser back to this one (the other tab is then told the same).
 */
export function WorkspaceTabGuard({ current, names }: { current: string; names: Record<string, string> }) {
  const [elsewhere, setElsewhere] = useState<string | null>(null);
  const { pending, error, run } = useAction();

  useEffect(() => onWorkspaceAnnounced((id) => setElsewhere(id === current ? null : id)), [current]);

  if (!elsewhere || elsewhere === current) return null;
  const here = names[current] ?? "this workspace";
  const there = names[elsewhere] ?? "another workspace";
  // the section's start page: an id in this page's address (an invoice, a case) belongs to the workspace it shows
  const section = `/${window.location.pathname.split("/")[1] ?? ""}`;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div role="alertdialog" aria-modal="true" aria-labelledby="ws-guard-title" aria-describedby="ws-guard-text" className="max-w-md rounded-lg bg-white p-5 shadow-xl">
        <h2 id="ws-guard-title" className="text-base font-semibold text-slate-900">
          Another tab switched to {there}
        </h2>
        <p id="ws-guard-text" className="mt-2 text-sm text-slate-700">
          This tab shows {here}, but this browser now works in {there}: anything done here would go to {there}. Choose
          where to go on.
        </p>
        <div className="mt-4 flex flex-wrap gap-2">
          <button type="button" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700" onClick={() => window.location.assign(section)}>
            Show {there} here
          </button>
          <button
            type="button"
            disabled={pending}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
            onClick={() =>
              run(() => switchWorkspaceAction({ workspaceId: current }), () => {
                announceWorkspace(current);
                setElsewhere(null);
              })
            }
          >
            Switch back to {here}
          </button>
        </div>
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
