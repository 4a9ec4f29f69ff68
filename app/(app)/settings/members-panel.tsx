"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmButton } from "@/components/ui/button";
import { Field, InputField } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import {
  changeRoleAction,
  inviteMemberAction,
  leaveWorkspaceAction,
  removeMemberAction,
  renameWorkspaceAction,
  revokeInvitationAction,
} from "@/lib/actions/workspace";
import { ErrorText, useAction } from "@/components/use-action";
import { ROLES, type MemberRow } from "./roles";

export function WorkspaceNameForm({ name, canEdit }: { name: string; canEdit: boolean }) {
  const { pending, error, run } = useAction();
  return (
    <form
      className="max-w-md"
      onSubmit={(e) => {
        e.preventDefault();
        const value = String(new FormData(e.currentTarget).get("name") ?? "");
        run(() => renameWorkspaceAction({ name: value }));
      }}
    >
      {/* the field shrinks (min-w-0) and the error goes under the row, not beside the button, at phone width */}
      <div className="flex items-end gap-2">
        <InputField id="ws-name" label="Name" className="min-w-0 flex-1" name="name" defaultValue={name} disabled={!canEdit} maxLength={80} required />
        {canEdit && (
          <Button type="submit" variant="secondary" disabled={pending}>
            Save
          </Button>
        )}
      </div>
      <ErrorText error={error} />
    </form>
  );
}

/** A member's role, editable by admins and owners; the change is confirmed first (the select snaps back if not). */
export function MemberRoleSelect({ member: m, myRole }: { member: MemberRow; myRole: string }) {
  const { pending, error, run } = useAction();
  return (
    <>
      <Select
        aria-label={`Role of ${m.email}`}
        value={m.role}
        disabled={pending}
        className="w-32"
        onChange={(e) => {
          const next = e.target.value;
          // what the person gains or loses is real: ask before saving
          if (confirm(`Change the role of ${m.name || m.email} from ${m.role} to ${next}?`)) run(() => changeRoleAction({ userId: m.userId, role: next }));
        }}
      >
        {ROLES.filter((r) => myRole === "owner" || r !== "owner" || m.role === "owner").map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      <ErrorText error={error} />
    </>
  );
}

/** Leave (on one's own row) or, for admins and owners, remove a member; both confirmed first. */
export function MemberActions({ member: m, isMe }: { member: MemberRow; isMe: boolean }) {
  const { pending, error, run } = useAction();
  const router = useRouter();
  return (
    <>
      {isMe ? (
        <ConfirmButton
          variant="ghost"
          size="sm"
          disabled={pending}
          confirm="Leave this workspace? You will lose access to its data."
          onConfirm={() => run(() => leaveWorkspaceAction({}), () => router.push("/"))}
        >
          Leave
        </ConfirmButton>
      ) : (
        <ConfirmButton
          variant="ghost"
          size="sm"
          disabled={pending}
          aria-label={`Remove ${m.email}`}
          confirm={`Remove ${m.email} from this workspace?`}
          onConfirm={() => run(() => removeMemberAction({ userId: m.userId }))}
        >
          Remove
        </ConfirmButton>
      )}
      <ErrorText error={error} />
    </>
  );
}

export function InvitePanel({
  canInvite,
  myRole,
  invitations,
}: {
  canInvite: boolean;
  myRole: string;
  /** Open invitations; `expired`: its link no longer works (decided on the server, at render). */
  invitations: { id: string; email: string; role: string; expiresAt: string; expired: boolean }[];
}) {
  const { pending, error, run } = useAction();
  const [link, setLink] = useState<string | null>(null);
  if (!canInvite) return <p className="text-sm text-slate-600">Only admins and owners can invite people.</p>;
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const form = e.currentTarget;
          run(
            () => inviteMemberAction({ email: fd.get("email"), role: fd.get("role") }),
            (d) => {
              setLink(d.link);
              form.reset();
            },
          );
        }}
      >
        <InputField id="invite-email" label="Email" className="w-72" name="email" type="email" required placeholder="teammate@company.com" />
        <Field id="invite-role" label="Role" className="w-36">
          <Select id="invite-role" name="role" defaultValue="member">
            {ROLES.filter((r) => myRole === "owner" || r !== "owner").map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={pending}>
          Send invitation
        </Button>
      </form>
      <ErrorText error={error} />
      {link && (
        <div className="rounded-md bg-green-50 p-3 text-sm text-green-900">
          Invitation created and sent through the mail outbox. Share this link if needed (valid 7 days):
          <Input readOnly value={link} data-testid="invite-link" className="mt-2 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      {invitations.length > 0 && (
        <div>
          <h3 className="mb-1 text-sm font-medium">Open invitations</h3>
          <ul className="divide-y divide-slate-100 text-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex items-center justify-between py-1.5">
                <span>
                  {i.email}{" "}
                  {i.expired ? (
                    <span className="text-amber-700">as {i.role}, expired {i.expiresAt.slice(0, 10)}: invite again for a new link</span>
                  ) : (
                    <span className="text-slate-500">as {i.role}, expires {i.expiresAt.slice(0, 10)}</span>
                  )}
                </span>
                {/* an invitation for the owner role is an owner's to withdraw, as the server holds */}
                {myRole === "owner" || i.role !== "owner" ? (
                  <Button variant="ghost" size="sm" disabled={pending} aria-label={`Revoke the invitation of ${i.email}`} onClick={() => run(() => revokeInvitationAction({ invitationId: i.id }))}>
                    Revoke
                  </Button>
                ) : (
                  <span className="text-xs text-slate-500">an owner can revoke it</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
