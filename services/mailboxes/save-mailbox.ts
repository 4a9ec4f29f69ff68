import type { Db } from "@/db/client";
import { createMailbox, deleteMailbox, getMailbox, MailboxNotFoundError, setMailboxEnabled, updateMailbox } from "@/db/queries/mailboxes";
import { type MailboxSettings } from "@/lib/intake/mailbox-settings";
import { appSecretBox } from "@/lib/crypto/app-secret";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { assertPublicServer } from "@/lib/net/outbound";

// Connected mailboxes (Settings → Mailboxes): add, change, disable, delete. A secret left empty on change keeps the
// saved one; servers must be public addresses (or allowed by the operator) before anything is saved: the actions run
// `checkMailboxServers` first (`outside`, lib/action.ts: a DNS lookup is not made inside their transaction), and every
// connection checks again.

export interface MailboxForm {
  name: string;
  purpose: "invoices" | "insurance";
  pollEveryMinutes: number;
  settings: MailboxSettings;
  secret?: string;
}

export const secretLabel = (kind: MailboxSettings["kind"]) => (kind === "imap" ? "password" : "client secret");

/** The servers in the form must be public addresses (or allowed by the operator) before anything connects or is saved. */
export async function checkMailboxServers(settings: MailboxSettings): Promise<void> {
  const policy = env().outbound;
  if (settings.kind === "imap") return assertPublicServer(settings.config.host, "IMAP server", policy);
  if (settings.config.authorityUrl) await assertPublicServer(settings.config.authorityUrl, "authority URL", policy);
  if (settings.config.graphUrl) await assertPublicServer(settings.config.graphUrl, "Graph URL", policy);
}

async function notFoundAsUserError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof MailboxNotFoundError) throw new UserError(err.message, "not_found");
    throw err;
  }
}

export async function addMailbox(db: Db, q: { workspaceId: string; actorId: string }, form: MailboxForm) {
  if (!form.secret) throw new UserError(`Enter the ${secretLabel(form.settings.kind)} of the mailbox.`);
  const view = await createMailbox(db, appSecretBox(), { ...q, ...form, secret: form.secret });
  return { id: view.id };
}

export async function changeMailbox(db: Db, q: { workspaceId: string; actorId: string; id: string }, form: MailboxForm) {
  const current = await getMailbox(db, { workspaceId: q.workspaceId, id: q.id });
  if (!current) throw new UserError("No such mailbox in this workspace (it may have been deleted).", "not_found");
  if (current.kind !== form.settings.kind) throw new UserError("A mailbox cannot change type; delete it and add a new one.");
  const view = await notFoundAsUserError(() => updateMailbox(db, appSecretBox(), { ...q, ...form, secret: form.secret || undefined }));
  return { id: view.id };
}

export async function enableMailbox(db: Db, q: { workspaceId: string; actorId: string; id: string; enabled: boolean }) {
  const view = await notFoundAsUserError(() => setMailboxEnabled(db, q));
  return { id: view.id, enabled: view.enabled };
}

export async function removeMailbox(db: Db, q: { workspaceId: string; actorId: string; id: string }) {
  await notFoundAsUserError(() => deleteMailbox(db, q));
  return { id: q.id };
}
