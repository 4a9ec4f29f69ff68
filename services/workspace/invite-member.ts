import MailComposer from "nodemailer/lib/mail-composer";
import type { Db } from "@/db/client";
import { storeOutboxMessage } from "@/db/queries/outbox";
import { createInvitation, listMemberships } from "@/db/queries/workspaces";
import type { Role } from "@/db/schema";
import { env } from "@/lib/env";

/** Invite someone by email: the invitation (7 days) and its email in the outbox, with the accept link. */
export async function inviteMember(db: Db, q: { workspaceId: string; actorId: string; actorRole: Role; email: string; role: Role; baseUrl: string }) {
  const { invitation, token } = await createInvitation(db, { workspaceId: q.workspaceId, actorId: q.actorId, actorRole: q.actorRole, email: q.email, role: q.role });
  const link = `${q.baseUrl}/invite/${token}`;
  const memberships = await listMemberships(db, q.actorId);
  const wsName = memberships.find((m) => m.workspaceId === q.workspaceId)?.name ?? "a workspace";
  const from = env().DOCKET_MAIL_FROM;
  const subject = `You're invited to ${wsName} on Docket`;
  const text = `You have been invited to join "${wsName}" on Docket as ${q.role}.\n\nAccept: ${link}\n\nThe link works for 7 days.`;
  const raw = await new MailComposer({ from, to: invitation.email, subject, text }).compile().build();
  await storeOutboxMessage(db, { workspaceId: q.workspaceId, kind: "invitation", from, to: invitation.email, subject, text, raw });
  return { invitationId: invitation.id, link };
}
