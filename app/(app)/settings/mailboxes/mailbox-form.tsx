"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, InputField } from "@/components/ui/field";
import { Input, Label, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { GraphMailboxConfig, ImapMailboxConfig } from "@/lib/intake/mailbox-settings";
import { createMailboxAction, testMailboxConnectionAction, updateMailboxAction } from "@/lib/actions/mailboxes";
import { mailboxProblem, type MailboxProblem } from "./mailbox-problem";
import type { MailboxRow } from "./mailboxes-panel";

// Add / edit one mailbox. The secret field starts empty: when editing, empty means "keep the saved one".
// The secret lives only in this form's state and is sent with Save or Test connection; it never comes back.

interface FormState {
  kind: "imap" | "graph";
  name: string;
  purpose: "invoices" | "insurance";
  pollEveryMinutes: string;
  secret: string;
  imap: {
    host: string;
    port: string;
    secure: boolean;
    user: string;
    folder: string;
    mode: "unseen" | "since";
    since: string;
    afterProcessing: "seen" | "move" | "leave";
    moveTo: string;
    caCertificate: string;
  };
  graph: { tenantId: string; clientId: string; mailbox: string; folder: string; authorityUrl: string; graphUrl: string };
}

function initialState(m?: MailboxRow): FormState {
  const imap = m?.kind === "imap" ? (m.config as ImapMailboxConfig) : null;
  const graph = m?.kind === "graph" ? (m.config as GraphMailboxConfig) : null;
  return {
    kind: m?.kind ?? "imap",
    name: m?.name ?? "",
    purpose: m?.purpose ?? "invoices",
    pollEveryMinutes: String(m?.pollEveryMinutes ?? 5),
    secret: "",
    imap: {
      host: imap?.host ?? "",
      port: String(imap?.port ?? 993),
      secure: imap?.secure ?? true,
      user: imap?.user ?? "",
      folder: imap?.folder ?? "INBOX",
      mode: imap?.mode ?? "unseen",
      since: imap?.since ?? "",
      afterProcessing: imap?.afterProcessing ?? "seen",
      moveTo: imap?.moveTo ?? "Processed",
      caCertificate: imap?.caCertificate ?? "",
    },
    graph: {
      tenantId: graph?.tenantId ?? "",
      clientId: graph?.clientId ?? "",
      mailbox: graph?.mailbox ?? "",
      folder: graph?.folder ?? "inbox",
      authorityUrl: graph?.authorityUrl ?? "",
      graphUrl: graph?.graphUrl ?? "",
    },
  };
}

/** The action input for the current form (the server validates it again). */
function toInput(f: FormState) {
  const settings =
    f.kind === "imap"
      ? {
          kind: "imap" as const,
          config: {
            ...f.imap,
            port: Number(f.imap.port),
            since: f.imap.mode === "since" ? f.imap.since || null : null,
            moveTo: f.imap.afterProcessing === "move" ? f.imap.moveTo : null,
            caCertificate: f.imap.caCertificate.trim() || null,
          },
        }
      : {
          kind: "graph" as const,
          config: { ...f.graph, authorityUrl: f.graph.authorityUrl.trim() || null, graphUrl: f.graph.graphUrl.trim() || null },
        };
  return { ...settings, name: f.name, purpose: f.purpose, pollEveryMinutes: Number(f.pollEveryMinutes), secret: f.secret || undefined };
}

export function MailboxForm({ mailbox, onDone }: { mailbox?: MailboxRow; onDone: () => void }) {
  const [f, setF] = useState<FormState>(() => initialState(mailbox));
  const probe = useAction();
  const saving = useAction();
  const testing = probe.pending;
  const pending = testing || saving.pending;
  // One outcome at a time, from the button pressed last: a failed test followed by a refused save used to show the
  // same reason twice ("Connection failed: …" and the save's error).
  const [outcome, setOutcome] = useState<MailboxProblem | null>(null);
  const editing = Boolean(mailbox);
  const secretLabel = f.kind === "imap" ? "Password" : "Client secret";
  // the field a refusal names is marked and focused, so the person lands where the fix goes
  const mark = (id: string) => (outcome && !outcome.ok && outcome.fieldId === id ? { "aria-invalid": true, "aria-describedby": "mb-outcome" } : {});
  useEffect(() => {
    if (outcome?.fieldId) document.getElementById(outcome.fieldId)?.focus();
  }, [outcome]);

  const set = (patch: Partial<FormState>) => {
    setF((x) => ({ ...x, ...patch }));
    setOutcome(null);
  };
  const setImap = (patch: Partial<FormState["imap"]>) => set({ imap: { ...f.imap, ...patch } });
  const setGraph = (patch: Partial<FormState["graph"]>) => set({ graph: { ...f.graph, ...patch } });

  // a connection test is not a save: its outcome (either way) is shown as the test's result, not as an error
  const test = () => {
    setOutcome(null);
    probe.run(
      () => testMailboxConnectionAction({ ...toInput(f), id: mailbox?.id }),
      (data) => setOutcome(mailboxProblem("test", true, data.message, f.kind)),
      { refresh: false, onError: (message) => setOutcome(mailboxProblem("test", false, message, f.kind)) },
    );
  };

  const save = () => {
    setOutcome(null);
    const input = toInput(f);
    saving.run(() => (mailbox ? updateMailboxAction({ ...input, id: mailbox.id }) : createMailboxAction(input)), onDone, {
      onError: (message) => setOutcome(mailboxProblem("save", false, message, f.kind)),
    });
  };

  return (
    <form
      className="max-h-[70vh] space-y-3 overflow-y-auto pr-1"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {!editing && (
        <fieldset className="flex gap-4 text-sm">
          <legend className="mb-1 text-sm font-medium text-slate-700">Type</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="kind" checked={f.kind === "imap"} onChange={() => set({ kind: "imap", secret: "" })} /> IMAP
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="kind" checked={f.kind === "graph"} onChange={() => set({ kind: "graph", secret: "" })} /> Outlook / Microsoft 365 (Graph)
          </label>
        </fieldset>
      )}

      <div className="grid grid-cols-2 gap-3">
        <InputField id="mb-name" {...mark("mb-name")} label="Name" className="col-span-2" value={f.name} onChange={(e) => set({ name: e.target.value })} placeholder="AP inbox" maxLength={100} required />
        <Field id="mb-purpose" label="Emails are for">
          <Select id="mb-purpose" value={f.purpose} onChange={(e) => set({ purpose: e.target.value as FormState["purpose"] })}>
            <option value="invoices">Invoices (AP inbox)</option>
            <option value="insurance">Insurance intake</option>
          </Select>
        </Field>
        <InputField id="mb-every" {...mark("mb-every")} label="Check every (minutes)" type="number" min={1} max={1440} value={f.pollEveryMinutes} onChange={(e) => set({ pollEveryMinutes: e.target.value })} required />
      </div>

      {f.kind === "imap" ? (
        <div className="grid grid-cols-2 gap-3">
          <InputField id="mb-host" {...mark("mb-host")} label="Server (host)" value={f.imap.host} onChange={(e) => setImap({ host: e.target.value })} placeholder="imap.example.com" required />
          <div className="grid grid-cols-[5rem_1fr] gap-2">
            <InputField id="mb-port" {...mark("mb-port")} label="Port" type="number" min={1} max={65535} value={f.imap.port} onChange={(e) => setImap({ port: e.target.value })} required />
            <Field id="mb-tls" label="Security">
              <Select
                id="mb-tls"
                value={f.imap.secure ? "tls" : "starttls"}
                onChange={(e) => {
                  const secure = e.target.value === "tls";
                  const port = secure && f.imap.port === "143" ? "993" : !secure && f.imap.port === "993" ? "143" : f.imap.port;
                  setImap({ secure, port });
                }}
              >
                <option value="tls">TLS (993)</option>
                <option value="starttls">STARTTLS (143)</option>
              </Select>
            </Field>
          </div>
          <InputField id="mb-user" {...mark("mb-user")} label="User" value={f.imap.user} onChange={(e) => setImap({ user: e.target.value })} placeholder="ap@example.com" autoComplete="off" required />
          <SecretInput label={secretLabel} value={f.secret} saved={editing} onChange={(secret) => set({ secret })} invalid={mark("mb-secret")} />
          <InputField id="mb-folder" {...mark("mb-folder")} label="Folder" value={f.imap.folder} onChange={(e) => setImap({ folder: e.target.value })} required />
          <Field id="mb-mode" label="Take in">
            <Select id="mb-mode" value={f.imap.mode} onChange={(e) => setImap({ mode: e.target.value as FormState["imap"]["mode"] })}>
              <option value="unseen">Unseen messages</option>
              <option value="since">Messages since a date</option>
            </Select>
          </Field>
          {f.imap.mode === "since" && (
            <InputField id="mb-since" {...mark("mb-since")} label="Received on or after" type="date" value={f.imap.since.slice(0, 10)} onChange={(e) => setImap({ since: e.target.value })} required />
          )}
          <Field id="mb-after" label="After taking a message in">
            <Select id="mb-after" value={f.imap.afterProcessing} onChange={(e) => setImap({ afterProcessing: e.target.value as FormState["imap"]["afterProcessing"] })}>
              <option value="seen">Mark it seen</option>
              <option value="move">Move it to a folder</option>
              <option value="leave">Leave it as it is</option>
            </Select>
          </Field>
          {f.imap.afterProcessing === "move" && (
            <InputField id="mb-move" {...mark("mb-move")} label="Move to folder" value={f.imap.moveTo} onChange={(e) => setImap({ moveTo: e.target.value })} required />
          )}
          <details className="col-span-2 text-sm">
            <summary className="cursor-pointer text-slate-600">Advanced: trust a private certificate</summary>
            <Label htmlFor="mb-ca">CA or server certificate (PEM), for servers with a self-signed certificate</Label>
            <textarea
              id="mb-ca"
              {...mark("mb-ca")}
              className="block h-24 w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
              value={f.imap.caCertificate}
              onChange={(e) => setImap({ caCertificate: e.target.value })}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
          </details>
        </div>
      ) : (
        <div className="grid grid-cols-2 gap-3">
          <InputField id="mb-tenant" {...mark("mb-tenant")} label="Tenant (directory) ID" value={f.graph.tenantId} onChange={(e) => setGraph({ tenantId: e.target.value })} required />
          <InputField id="mb-client" {...mark("mb-client")} label="Client (application) ID" value={f.graph.clientId} onChange={(e) => setGraph({ clientId: e.target.value })} required />
          <SecretInput label={secretLabel} value={f.secret} saved={editing} onChange={(secret) => set({ secret })} invalid={mark("mb-secret")} />
          <InputField id="mb-address" {...mark("mb-address")} label="Mailbox address" value={f.graph.mailbox} onChange={(e) => setGraph({ mailbox: e.target.value })} placeholder="ap@contoso.com" required />
          <InputField id="mb-gfolder" {...mark("mb-gfolder")} label="Folder" value={f.graph.folder} onChange={(e) => setGraph({ folder: e.target.value })} required />
          <p className="col-span-2 text-xs text-slate-600">
            The app registration needs the Mail.ReadWrite application permission with admin consent (Docket marks messages read after taking them in).
            Unread messages with attachments are taken in.
          </p>
          <details className="col-span-2 text-sm">
            <summary className="cursor-pointer text-slate-600">Advanced: national cloud endpoints</summary>
            <div className="mt-2 grid grid-cols-2 gap-3">
              <InputField id="mb-authority" {...mark("mb-authority")} label="Sign-in URL" value={f.graph.authorityUrl} onChange={(e) => setGraph({ authorityUrl: e.target.value })} placeholder="https://login.microsoftonline.com" />
              <InputField id="mb-graphurl" {...mark("mb-graphurl")} label="Graph URL" value={f.graph.graphUrl} onChange={(e) => setGraph({ graphUrl: e.target.value })} placeholder="https://graph.microsoft.com" />
            </div>
          </details>
        </div>
      )}

      {outcome?.from === "test" && (
        <p id="mb-outcome" role="status" className={`rounded-md p-2 text-sm ${outcome.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}>
          {outcome.ok ? "Connection works. " : "Connection failed: "}
          {outcome.text}
        </p>
      )}
      {outcome?.from === "save" && (
        <p id="mb-outcome" role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
          Not saved: {outcome.text}
        </p>
      )}
      <div className="flex justify-end gap-2 pt-1">
        <Button type="button" variant="secondary" disabled={pending} onClick={test}>
          {testing ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" disabled={pending}>
          {editing ? "Save changes" : "Add mailbox"}
        </Button>
      </div>
    </form>
  );
}

function SecretInput({ label, value, saved, onChange, invalid }: { label: string; value: string; saved: boolean; onChange: (v: string) => void; invalid: object }) {
  return (
    <Field id="mb-secret" label={label}>
      <Input
        id="mb-secret"
        {...invalid}
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={saved ? "••••• saved — type to replace" : ""}
        required={!saved}
      />
    </Field>
  );
}
