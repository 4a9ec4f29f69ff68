import type { Db } from "@/db/client";
import { claimDigest, digestRecipients, listAlerts, recordDigestOutbox } from "@/db/queries/alerts";
import { storeOutboxMessage } from "@/db/queries/outbox";
import { composeMessage } from "@/lib/mail/compose";
import type { MailTransport } from "@/lib/mail/transports";

// The daily digest: one email per member (owner, admin, member) listing the workspace's open alerts with links,
// through the mail transport (dev outbox by default, SMTP when configured). Claimed per member and day before it
// goes out, so a rerun or restart never sends a second digest the same day.

export interface DigestDeps {
  db: Db;
  from: string;
  baseUrl: string;
  /** Undefined → the dev outbox. */
  transport?: MailTransport;
}

export async function sendAlertDigest(deps: DigestDeps, q: { workspaceId: string; now?: Date }) {
  const day = (q.now ?? new Date()).toISOString().slice(0, 10);
  const open = await listAlerts(deps.db, { workspaceId: q.workspaceId, state: "active", limit: 100 });
  if (!open.length) return { sent: 0 };
  let sent = 0;
  for (const m of await digestRecipients(deps.db, q)) {
    if (!m.email) continue;
    if (!(await claimDigest(deps.db, { workspaceId: q.workspaceId, userId: m.userId, day, alerts: open.length }))) continue;
    const subject = `Docket: ${open.length} open alert${open.length === 1 ? "" : "s"} (${day})`;
    const text = [
      `${open.length} alert${open.length === 1 ? " needs" : "s need"} attention:`,
      "",
      ...open.map((a) => `- ${a.title}${a.detail ? ` — ${a.detail}` : ""}\n  ${deps.baseUrl}${a.href}`),
      "",
      `Acknowledge, snooze or resolve them at ${deps.baseUrl}/alerts`,
    ].join("\n");
    const msg = await composeMessage({ from: deps.from, to: m.email, subject, text });
    let outboxId: string;
    if (deps.transport) {
      outboxId = (await deps.transport.send(msg)).providerMessageId;
    } else {
      outboxId = await storeOutboxMessage(deps.db, { workspaceId: q.workspaceId, kind: "alert-digest", from: deps.from, to: m.email, subject, text, raw: msg.raw });
    }
    await recordDigestOutbox(deps.db, { workspaceId: q.workspaceId, userId: m.userId, day, outboxId });
    sent++;
  }
  return { sent };
}
