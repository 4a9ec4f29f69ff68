import MailComposer from "nodemailer/lib/mail-composer";
import { z } from "zod";
import { storeOutboxMessage } from "@/db/queries/outbox";
import {
  acceptInvitation,
  changeRole,
  createInvitation,
  createWorkspace,
  getRole,
  listMemberships,
  removeMember,
  renameWorkspace,
  revokeInvitation,
  saveInvoiceSettings,
} from "@/db/queries/workspaces";
import { roles } from "@/db/schema";
import { userAction, workspaceAction } from "@/lib/action";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { requestBaseUrl } from "@/lib/auth/base-url";
import { headerFields } from "@/lib/extraction/types";

const id = z.string().min(1).max(100);

export const createWorkspaceDef = userAction(
  "createWorkspace",
  z.object({ name: z.string().trim().min(1, "Give the workspace a name.").max(80) }),
  async (input, ctx) => {
    const ws = await createWorkspace(ctx.db, { userId: ctx.userId, name: input.name });
    return { workspaceId: ws.id };
  },
);

export const switchWorkspaceDef = userAction("switchWorkspace", z.object({ workspaceId: id }), async (input, ctx) => {
  const role = await getRole(ctx.db, { workspaceId: input.workspaceId, userId: ctx.userId });
  if (!role) throw new UserError("You are not a member of that workspace.", "forbidden");
  return { workspaceId: input.workspaceId };
});

export const acceptInvitationDef = userAction("acceptInvitation", z.object({ token: z.string().min(10).max(200) }), async (input, ctx) => {
  const workspaceId = await acceptInvitation(ctx.db, { token: input.token, userId: ctx.userId });
  return { workspaceId };
});

export const renameWorkspaceDef = workspaceAction(
  "renameWorkspace",
  "admin",
  z.object({ name: z.string().trim().min(1, "Give the workspace a name.").max(80) }),
  async (input, ctx) => {
    await renameWorkspace(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, name: input.name });
    return null;
  },
);

export const saveInvoiceSettingsDef = workspaceAction(
  "saveInvoiceSettings",
  "admin",
  z.object({
    requiredFields: z.array(z.enum(headerFields)).min(1, "Require at least one field (the total, for example)."),
    reviewThreshold: z.number().min(0.5, "Set the threshold between 50 % and 100 %.").max(1, "Set the threshold between 50 % and 100 %."),
  }),
  async (input, ctx) => {
    await saveInvoiceSettings(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, ...input });
    return null;
  },
);

export const inviteMemberDef = workspaceAction(
  "inviteMember",
  "admin",
  z.object({ email: z.string().trim().email("Enter a valid email address."), role: z.enum(roles) }),
  async (input, ctx) => {
    const { invitation, token } = await createInvitation(ctx.db, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      actorRole: ctx.role,
      email: input.email,
      role: input.role,
    });
    const link = `${await requestBaseUrl()}/invite/${token}`;
    const memberships = await listMemberships(ctx.db, ctx.userId);
    const wsName = memberships.find((m) => m.workspaceId === ctx.workspaceId)?.name ?? "a workspace";
    const from = env().DOCKET_MAIL_FROM;
    const subject = `You're invited to ${wsName} on Docket`;
    const text = `You have been invited to join "${wsName}" on Docket as ${input.role}.\n\nAccept: ${link}\n\nThe link works for 7 days.`;
    const raw = await new MailComposer({ from, to: invitation.email, subject, text }).compile().build();
    await storeOutboxMessage(ctx.db, { workspaceId: ctx.workspaceId, kind: "invitation", from, to: invitation.email, subject, text, raw });
    return { invitationId: invitation.id, link };
  },
);

export const revokeInvitationDef = workspaceAction("revokeInvitation", "admin", z.object({ invitationId: id }), async (input, ctx) => {
  await revokeInvitation(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, invitationId: input.invitationId });
  return null;
});

export const changeRoleDef = workspaceAction(
  "changeRole",
  "admin",
  z.object({ userId: id, role: z.enum(roles) }),
  async (input, ctx) => {
    await changeRole(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, userId: input.userId, role: input.role });
    return null;
  },
);

export const removeMemberDef = workspaceAction("removeMember", "admin", z.object({ userId: id }), async (input, ctx) => {
  await removeMember(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, userId: input.userId });
  return null;
});

export const leaveWorkspaceDef = workspaceAction("leaveWorkspace", "viewer", z.object({}), async (_input, ctx) => {
  await removeMember(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: "owner", userId: ctx.userId });
  return null;
});
