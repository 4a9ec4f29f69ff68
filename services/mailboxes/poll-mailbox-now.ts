import type { Db } from "@/db/client";
import { getMailbox } from "@/db/queries/mailboxes";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { UserError } from "@/lib/errors";

/** "Poll now": one poll of an enabled mailbox, in the background. */
export async function pollMailboxNow(db: Db, q: { workspaceId: string; id: string; now?: Date }) {
  const mailbox = await getMailbox(db, { workspaceId: q.workspaceId, id: q.id });
  if (!mailbox) throw new UserError("No such mailbox in this workspace (it may have been deleted).", "not_found");
  if (!mailbox.enabled) throw new UserError(`"${mailbox.name}" is disabled; enable it first.`);
  const requestedAt = q.now ?? new Date();
  await sendEvents(appEvent.mailboxPoll({ workspaceId: q.workspaceId, id: mailbox.id }, { after: "request", requestedAt }));
  return { requestedAt: requestedAt.toISOString() };
}
