"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { Input, Label } from "@/components/ui/input";
import {
  addSuppressionAction,
  createOutboxAccountAction,
  removeSuppressionAction,
  resumeAccountCampaignsAction,
  saveSmtpAccountAction,
  updateAccountPacingAction,
} from "@/lib/actions/campaigns";
import { useActionFeedback } from "@/components/action-feedback";

type R = { ok: true; data: unknown } | { ok: false; error: string };

type Limits = { perHour: number; perDay: number; minGapSec: number; maxGapSec: number };

export function PacingForm({ accountId, limits, canEdit, maxPerDay }: { accountId: string; limits: Limits; canEdit: boolean; maxPerDay: number }) {
  const { pending, run, node } = useActionFeedback({ refresh: "always" });
  const [l, setL] = useState(limits);
  const field = (k: keyof Limits, label: string) => (
    <div>
      <Label htmlFor={`${accountId}-${k}`}>{label}</Label>
      <Input id={`${accountId}-${k}`} type="number" className="w-28" value={l[k]} disabled={!canEdit} onChange={(e) => setL({ ...l, [k]: Number(e.target.value) })} />
    </div>
  );
  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => updateAccountPacingAction({ accountId, limits: l }) as Promise<R>, "Limits saved; they apply from the next send.");
      }}
    >
      {field("perHour", "Per hour")}
      {field("perDay", `Per 24 h (≤ ${maxPerDay})`)}
      {field("minGapSec", "Min gap (s)")}
      {field("maxGapSec", "Max gap (s)")}
      {canEdit && (
        <Button size="sm" variant="secondary" disabled={pending}>
          Save limits
        </Button>
      )}
      {node}
    </form>
  );
}

export function SmtpForm() {
  const { pending, run, node } = useActionFeedback({ refresh: "always" });
  const [secure, setSecure] = useState(false);
  return (
    <form
      className="grid gap-3 sm:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const form = e.currentTarget;
        run(
          () =>
            saveSmtpAccountAction({
              name: f.get("name"),
              fromAddress: f.get("fromAddress"),
              fromName: f.get("fromName") || undefined,
              host: f.get("host"),
              port: f.get("port"),
              secure,
              user: f.get("user") || undefined,
              password: f.get("password") || undefined,
              allowInvalidCertificates: f.get("insecure") === "on",
            }) as Promise<R>,
          "SMTP account added. Send a test from a campaign to check it.",
          () => form.reset(),
        );
      }}
    >
      <InputField id="smtp-name" label="Name" name="name" required placeholder="Work SMTP" />
      <InputField id="smtp-from" label="From address" name="fromAddress" type="email" required placeholder="me@company.com" />
      <InputField id="smtp-fromname" label="From name" name="fromName" placeholder="Ana López" />
      <InputField id="smtp-host" label="Host" name="host" required placeholder="smtp.company.com" />
      <InputField id="smtp-port" label="Port" name="port" type="number" required defaultValue={587} />
      <div className="flex items-end gap-3 pb-2 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={secure} onChange={(e) => setSecure(e.target.checked)} /> Implicit TLS (465)
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="insecure" /> Self-signed certificate
        </label>
      </div>
      <InputField id="smtp-user" label="User" name="user" autoComplete="off" />
      <InputField id="smtp-pass" label="Password" name="password" type="password" autoComplete="new-password" />
      <div className="flex items-end">
        <Button disabled={pending}>{pending ? "Saving…" : "Add SMTP account"}</Button>
      </div>
      <div className="sm:col-span-3">{node}</div>
    </form>
  );
}

export function ResumeAccountButton({ accountId, count }: { accountId: string; count: number }) {
  const { pending, run, node } = useActionFeedback({ refresh: "always" });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => resumeAccountCampaignsAction({ accountId }) as Promise<R>, `Resumed ${count} campaign(s).`)}>
        Resume {count === 1 ? "it" : `all ${count}`}
      </Button>
      {node}
    </span>
  );
}

export function AddOutboxButton({ hasOne }: { hasOne: boolean }) {
  const { pending, run, node } = useActionFeedback({ refresh: "always" });
  // after adding, the refreshed page says it exists; the confirmation stays with it instead of vanishing
  if (hasOne)
    return (
      <div className="mt-1 space-y-1">
        <p className="text-sm text-slate-600">This workspace has a dev outbox account (listed above); its messages appear in Settings → Mail outbox.</p>
        {node}
      </div>
    );
  return (
    <div className="mt-1 space-y-1">
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => createOutboxAccountAction({}) as Promise<R>, "Dev outbox added.")}>
        Add the dev outbox
      </Button>
      {node}
    </div>
  );
}

export function SuppressionPanel({ canAdd }: { canAdd: boolean }) {
  const { pending, run, node } = useActionFeedback({ refresh: "always" });
  const [email, setEmail] = useState("");
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Nobody on this list is emailed by any campaign of the workspace. People land here by using the unsubscribe link in a message.
      </p>
      {canAdd && (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => addSuppressionAction({ email }) as Promise<R>, `${email} will not be emailed.`, () => setEmail(""));
          }}
        >
          <Input aria-label="Email to suppress" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="someone@example.com" className="w-72" />
          <Button size="sm" variant="secondary" disabled={pending}>
            Add
          </Button>
        </form>
      )}
      {node}
    </div>
  );
}

/** Removes a manually added address from the suppression list (admins). */
export function RemoveSuppressionButton({ email }: { email: string }) {
  const { pending, run, node } = useActionFeedback({ refresh: "always" });
  return (
    <>
      <button className="text-xs text-red-700 hover:underline" disabled={pending} onClick={() => run(() => removeSuppressionAction({ email }) as Promise<R>, `${email} removed.`)}>
        Remove
      </button>
      {node}
    </>
  );
}
