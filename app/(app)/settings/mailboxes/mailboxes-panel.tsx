"use client";

import { Link } from "@/components/ui/link";
import { useEffect, useState } from "react";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { Badge } from "@/components/ui/badge";
import { Button, ConfirmButton } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/use-action";
import type { GraphMailboxConfig, ImapMailboxConfig } from "@/lib/intake/mailbox-settings";
import { deleteMailboxAction, pollMailboxNowAction, setMailboxEnabledAction } from "@/lib/actions/mailboxes";
import { MailboxForm } from "./mailbox-form";

export interface MailboxRow {
  id: string;
  kind: "imap" | "graph";
  name: string;
  purpose: "invoices" | "insurance";
  config: ImapMailboxConfig | GraphMailboxConfig;
  secretSaved: boolean;
  enabled: boolean;
  pollEveryMinutes: number;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  messageCount: number;
  recent: { id: string; subject: string; from: string; documents: number; receivedAt: string }[];
}

/** How long "Poll now" keeps refreshing the page while it waits for the poll to finish. */
const POLL_WAIT_MS = 120_000;

export function MailboxesPanel({ mailboxes, canManage, canPoll, since }: { mailboxes: MailboxRow[]; canManage: boolean; canPoll: boolean; since: number }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<MailboxRow | null>(null);
  // Poll requested at (ISO) per mailbox, until its lastPolledAt passes it.
  const [waiting, setWaiting] = useState<Record<string, string>>({});
  const [now, setNow] = useState<number | null>(null);

  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  const pending = Object.entries(waiting).filter(([id, at]) => {
    const m = mailboxes.find((x) => x.id === id);
    if (!m) return false;
    const done = m.lastPolledAt !== null && m.lastPolledAt >= at;
    return !done && (now === null || now - Date.parse(at) < POLL_WAIT_MS);
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">
          {canManage
            ? "Each mailbox is checked on its own schedule. When adding or editing one, “Test connection” checks the settings before you save."
            : "Only admins and owners can add or change mailboxes. You can see their status here."}
        </p>
        <div className="flex items-center gap-3">
          <LiveProgress kinds={["mailbox"]} active={pending.length > 0} since={since} />
          {canManage && <Button onClick={() => setAdding(true)}>Add mailbox</Button>}
        </div>
      </div>

      {mailboxes.length === 0 ? (
        <EmptyState title="No mailboxes connected yet.">
          {canManage
            ? "Add your accounts-payable mailbox (IMAP, or Outlook through Microsoft Graph) and Docket will take invoices in from it automatically. Until then, forward emails as .eml files from the Inbox page."
            : "Ask a workspace admin to connect a mailbox. Until then, upload .eml files on the Inbox page."}
        </EmptyState>
      ) : (
        mailboxes.map((m) => (
          <MailboxCard
            key={m.id}
            mailbox={m}
            now={now}
            canManage={canManage}
            canPoll={canPoll}
            polling={pending.some(([id]) => id === m.id)}
            onPollRequested={(at) => setWaiting((w) => ({ ...w, [m.id]: at }))}
            onEdit={() => setEditing(m)}
          />
        ))
      )}

      {canManage && (
        <Dialog open={adding} onOpenChange={setAdding} title="Add a mailbox" description="Docket reads new messages and never sends from this mailbox.">
          {adding && <MailboxForm onDone={() => setAdding(false)} />}
        </Dialog>
      )}
      {canManage && (
        <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} title={editing ? `Edit “${editing.name}”` : "Edit mailbox"}>
          {editing && <MailboxForm mailbox={editing} onDone={() => setEditing(null)} />}
        </Dialog>
      )}
    </div>
  );
}

function MailboxCard({
  mailbox: m,
  now,
  canManage,
  canPoll,
  polling,
  onPollRequested,
  onEdit,
}: {
  mailbox: MailboxRow;
  now: number | null;
  canManage: boolean;
  canPoll: boolean;
  polling: boolean;
  onPollRequested: (at: string) => void;
  onEdit: () => void;
}) {
  const { pending: busy, error, run } = useAction();

  const failing = m.lastError !== null && (m.lastSuccessAt === null || (m.lastPolledAt !== null && m.lastPolledAt > m.lastSuccessAt));
  const health = !m.enabled ? (
    <Badge>disabled</Badge>
  ) : polling ? (
    <Badge tone="blue">polling…</Badge>
  ) : m.lastPolledAt === null ? (
    <Badge tone="amber">not polled yet</Badge>
  ) : failing ? (
    <Badge tone="red">failing</Badge>
  ) : m.lastError ? (
    <Badge tone="amber">working, with warnings</Badge>
  ) : (
    <Badge tone="green">working</Badge>
  );

  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2" data-testid={`mailbox-${m.name}`}>
          {m.name}
          <Badge tone="blue">{m.kind === "imap" ? "IMAP" : "Outlook (Graph)"}</Badge>
          <Badge>{m.purpose === "invoices" ? "invoices" : "insurance"}</Badge>
          {health}
        </span>
      }
      action={
        <div className="flex flex-wrap gap-1.5">
          {canPoll && (
            <Button
              size="sm"
              variant="secondary"
              disabled={busy || polling || !m.enabled}
              title={m.enabled ? "Check this mailbox for new messages now" : "Enable the mailbox to poll it"}
              onClick={() => run(() => pollMailboxNowAction({ id: m.id }), (d) => onPollRequested(d.requestedAt))}
            >
              Poll now
            </Button>
          )}
          {canManage && (
            <>
              <Button size="sm" variant="secondary" disabled={busy} onClick={onEdit}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" disabled={busy} onClick={() => run(() => setMailboxEnabledAction({ id: m.id, enabled: !m.enabled }))}>
                {m.enabled ? "Disable" : "Enable"}
              </Button>
              <ConfirmButton
                size="sm"
                variant="ghost"
                disabled={busy}
                aria-label={`Delete ${m.name}`}
                confirm={`Delete the mailbox “${m.name}”? Its saved password or secret is erased. Emails already taken in stay in the Inbox.`}
                onConfirm={() => run(() => deleteMailboxAction({ id: m.id }))}
              >
                Delete
              </ConfirmButton>
            </>
          )}
        </div>
      }
    >
      <div className="grid gap-4 md:grid-cols-2">
        <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-sm">
          <Settings mailbox={m} />
          <dt className="text-slate-500">Checked</dt>
          <dd>every {m.pollEveryMinutes === 1 ? "minute" : `${m.pollEveryMinutes} minutes`}</dd>
          <dt className="text-slate-500">Last polled</dt>
          <dd>
            <When iso={m.lastPolledAt} now={now} />
          </dd>
          <dt className="text-slate-500">Last success</dt>
          <dd>
            <When iso={m.lastSuccessAt} now={now} />
          </dd>
        </dl>
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">
            Emails taken in ({m.messageCount})
          </h3>
          {m.recent.length === 0 ? (
            <p className="text-sm text-slate-600">None yet.{m.enabled ? " New emails appear here after the next poll." : ""}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {m.recent.map((r) => (
                <li key={r.id} className="flex items-baseline justify-between gap-2 py-1">
                  <Link href={`/inbox/${r.id}`} className="truncate text-brand-700 hover:underline">
                    {r.subject || "(no subject)"}
                  </Link>
                  <span className="shrink-0 text-xs text-slate-500">
                    {r.documents} file{r.documents === 1 ? "" : "s"} · {r.receivedAt.slice(0, 16).replace("T", " ")}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {m.messageCount > m.recent.length && (
            <Link href="/inbox" className="mt-1 inline-block text-xs text-brand-700 hover:underline">
              All emails in the Inbox →
            </Link>
          )}
        </div>
      </div>
      {m.lastError && (
        <div role="status" className={`mt-3 rounded-md p-3 text-sm ${failing ? "bg-red-50 text-red-800" : "bg-amber-50 text-amber-900"}`}>
          <span className="font-medium">{failing ? "Last poll failed: " : "Last poll: "}</span>
          {m.lastError}
          {failing && canManage && <span className="block pt-1 text-xs">Fix the settings with Edit (and Test connection), then Poll now.</span>}
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </Card>
  );
}

function Settings({ mailbox: m }: { mailbox: MailboxRow }) {
  if (m.kind === "imap") {
    const c = m.config as ImapMailboxConfig;
    const after = c.afterProcessing === "seen" ? "mark seen" : c.afterProcessing === "move" ? `move to “${c.moveTo}”` : "leave as is";
    return (
      <>
        <dt className="text-slate-500">Server</dt>
        <dd className="break-all">
          {c.host}:{c.port} ({c.secure ? "TLS" : "STARTTLS/plain"})
        </dd>
        <dt className="text-slate-500">Account</dt>
        <dd className="break-all">
          {c.user} · password {m.secretSaved ? "••••• saved" : "missing"}
        </dd>
        <dt className="text-slate-500">Folder</dt>
        <dd>
          {c.folder} · {c.mode === "unseen" ? "unseen messages" : `received since ${c.since}`} · then {after}
        </dd>
      </>
    );
  }
  const c = m.config as GraphMailboxConfig;
  return (
    <>
      <dt className="text-slate-500">Mailbox</dt>
      <dd className="break-all">
        {c.mailbox} · folder {c.folder}
      </dd>
      <dt className="text-slate-500">App</dt>
      <dd className="break-all">
        tenant {c.tenantId} · client {c.clientId} · secret {m.secretSaved ? "••••• saved" : "missing"}
      </dd>
      <dt className="text-slate-500">Takes</dt>
      <dd>unread messages with attachments, then marks them read</dd>
    </>
  );
}

function When({ iso, now }: { iso: string | null; now: number | null }) {
  if (!iso) return <span className="text-slate-500">never</span>;
  const abs = `${iso.slice(0, 16).replace("T", " ")} UTC`;
  if (now === null) return <span>{abs}</span>;
  const mins = Math.round((now - Date.parse(iso)) / 60_000);
  const rel = mins < 1 ? "just now" : mins < 60 ? `${mins} min ago` : mins < 48 * 60 ? `${Math.round(mins / 60)} h ago` : `${Math.round(mins / 1440)} days ago`;
  return <span title={abs}>{rel}</span>;
}
