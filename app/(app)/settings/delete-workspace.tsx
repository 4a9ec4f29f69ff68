"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { ErrorText, useAction } from "@/components/use-action";
import { deleteWorkspaceAction } from "@/lib/actions/workspace";

/**
 * Owners only: delete the workspace with everything in it, after typing its name in a dialog (the button stays
 * disabled until it matches; the server checks the name and the owner role again).
 */
export function DeleteWorkspace({ name, isDemo }: { name: string; isDemo: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { pending, error, setError, run } = useAction();
  const matches = typed.trim() === name;
  return (
    <div>
      <p className="text-sm text-slate-700">
        Deletes {isDemo ? "the demo workspace" : "this workspace"} for every member: its documents, invoices, cases, campaigns, mailboxes, alerts
        and audit log, and its stored files. This cannot be undone.
      </p>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          setTyped("");
          setError(null);
        }}
        title={`Delete ${name}?`}
        description="Everything in it is deleted for every member, and cannot be brought back."
        trigger={
          <Button variant="danger" className="mt-3">
            Delete workspace
          </Button>
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) run(() => deleteWorkspaceAction({ confirmName: typed }), () => router.push("/"), { refresh: false });
          }}
        >
          <InputField
            id="delete-ws-name"
            label={
              <>
                Type <strong>{name}</strong> to confirm
              </>
            }
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            maxLength={200}
          />
          <ErrorText error={error} />
          <div className="mt-4 flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={!matches || pending}>
              {pending ? "Deleting…" : "Delete workspace"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
