"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { useAction } from "@/components/use-action";
import { createWorkspaceAction, switchWorkspaceAction } from "@/lib/actions/workspace";
import { announceWorkspace } from "./workspace-channel";

export function WorkspaceSwitcher({
  current,
  memberships,
}: {
  current: string;
  memberships: { workspaceId: string; name: string; role: string }[];
}) {
  const { pending, error, run } = useAction();
  const [open, setOpen] = useState(false);

  return (
    <div>
      <label htmlFor="workspace-switcher" className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={current}
        disabled={pending}
        onChange={(e) =>
          run(() => switchWorkspaceAction({ workspaceId: e.target.value }), (d) => announceWorkspace(d.workspaceId), { refresh: "always" })
        }
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        {memberships.map((m) => (
          <option key={m.workspaceId} value={m.workspaceId}>
            {m.name} ({m.role})
          </option>
        ))}
      </select>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="New workspace"
        description="A separate space with its own documents, members and settings."
        trigger={
          <button className="mt-1 text-xs font-medium text-brand-600 hover:underline" type="button">
            + New workspace
          </button>
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const name = String(new FormData(e.currentTarget).get("name") ?? "");
            run(
              () => createWorkspaceAction({ name }),
              // a full load of the new workspace's dashboard: nothing of the old workspace stays on screen meanwhile
              (d) => {
                announceWorkspace(d.workspaceId);
                window.location.assign("/");
              },
              { refresh: false },
            );
          }}
          className="space-y-3"
        >
          <InputField id="new-workspace-name" label="Name" name="name" required maxLength={80} placeholder="Acme operations" />
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <Button type="submit" disabled={pending}>
            Create workspace
          </Button>
        </form>
      </Dialog>
      {error && !open && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
