"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import {
  acceptInvitation,
  changeRole,
  createWorkspace,
  getRole,
  removeMember,
  renameWorkspace,
  revokeInvitation,
  saveInvoiceSettings,
} from "@/db/queries/workspaces";
import { roles } from "@/db/schema";
import { userAction, workspaceAction } from "@/lib/action";
import { requestBaseUrl } from "@/lib/auth/base-url";
import { WORKSPACE_COOKIE } from "@/lib/auth/names";
import { UserError } from "@/lib/errors";
import { headerFields } from "@/lib/extraction/types";
import { getBlobStore } from "@/lib/blob";
import { deleteWorkspace } from "@/services/workspace/delete-workspace";
import { inviteMember } from "@/services/workspace/invite-member";

// Workspaces and their members. Creating, switching and accepting act on the signed-in user and then select the
// workspace (cookie); the rest act on the current workspace with the role each one needs, checked inside their own
// transaction after the workspace's membership lock (`lock: "workspace"`), so a demotion racing them is not missed.

const id = z.string().min(1).max(100);
const workspaceName = z.string().trim().min(1, "Give the workspace a name.").max(80);
const threshold = z.number().min(0.5, "Set the threshold between 50 % and 100 %.").max(1, "Set the threshold between 50 % and 100 %.");

async function selectWorkspace(data: { workspaceId: string }) {
  (await cookies()).set(WORKSPACE_COOKIE, data.workspaceId, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 86400 });
}

async function forgetWorkspace() {
  (await cookies()).delete(WORKSPACE_COOKIE);
}

export const createWorkspaceAction = userAction(
  { name: "createWorkspace", schema: z.object({ name: workspaceName }), afterOk: selectWorkspace, revalidateLayout: ["/"] },
  async (input, ctx) => ({ workspaceId: (await createWorkspace(ctx.db, { userId: ctx.userId, name: input.name })).id }),
);

export const switchWorkspaceAction = userAction(
  { name: "switchWorkspace", schema: z.object({ workspaceId: id }), afterOk: selectWorkspace, revalidateLayout: ["/"] },
  async (input, ctx) => {
    if (!(await getRole(ctx.db, { workspaceId: input.workspaceId, userId: ctx.userId }))) throw new UserError("You are not a member of that workspace.", "forbidden");
    return { workspaceId: input.workspaceId };
  },
);

export const acceptInvitationAction = userAction(
  { name: "acceptInvitation", schema: z.object({ token: z.string().min(10).max(200) }), afterOk: selectWorkspace, revalidateLayout: ["/"] },
  async (input, ctx) => acceptInvitation(ctx.db, { token: input.token, userId: ctx.userId }),
);

export const renameWorkspaceAction = workspaceAction(
  { name: "renameWorkspace", role: "admin", lock: "workspace", schema: z.object({ name: workspaceName }), revalidateLayout: ["/"] },
  async (input, ctx) => {
    await renameWorkspace(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, name: input.name });
    return null;
  },
);

export const saveInvoiceSettingsAction = workspaceAction(
  {
    name: "saveInvoiceSettings",
    role: "admin", lock: "workspace",
    schema: z.object({ requiredFields: z.array(z.enum(headerFields)).min(1, "Require at least one field (the total, for example)."), reviewThreshold: threshold }),
    revalidate: ["/settings"],
  },
  async (input, ctx) => {
    await saveInvoiceSettings(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, ...input });
    return null;
  },
);

export const inviteMemberAction = workspaceAction(
  { name: "inviteMember", role: "admin", lock: "workspace", schema: z.object({ email: z.string().trim().email("Enter a valid email address."), role: z.enum(roles) }), revalidate: ["/settings"] },
  async (input, ctx) => inviteMember(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, ...input, baseUrl: await requestBaseUrl() }),
);

export const revokeInvitationAction = workspaceAction(
  { name: "revokeInvitation", role: "admin", lock: "workspace", schema: z.object({ invitationId: id }), revalidate: ["/settings"] },
  async (input, ctx) => {
    await revokeInvitation(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, invitationId: input.invitationId });
    return null;
  },
);

export const changeRoleAction = workspaceAction(
  { name: "changeRole", role: "admin", lock: "workspace", schema: z.object({ userId: id, role: z.enum(roles) }), revalidate: ["/settings"] },
  async (input, ctx) => {
    await changeRole(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, userId: input.userId, role: input.role });
    return null;
  },
);

export const removeMemberAction = workspaceAction(
  { name: "removeMember", role: "admin", lock: "workspace", schema: z.object({ userId: id }), revalidate: ["/settings"] },
  async (input, ctx) => {
    await removeMember(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, userId: input.userId });
    return null;
  },
);

/** Leave the current workspace (any role; the last owner cannot); the cookie then falls back to another one. */
export const leaveWorkspaceAction = workspaceAction(
  { name: "leaveWorkspace", role: "viewer", lock: "workspace", schema: z.object({}), afterOk: forgetWorkspace, revalidateLayout: ["/"] },
  async (_input, ctx) => {
    await removeMember(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: "owner", userId: ctx.userId });
    return null;
  },
);

/**
 * Delete the current workspace with everything in it (owners only; its name typed to confirm). The role is checked
 * again inside the deleting transaction; its files go after the commit, so this action runs no transaction of its own.
 */
export const deleteWorkspaceAction = workspaceAction(
  { name: "deleteWorkspace", role: "owner", lock: false /* checks the role in its own transaction */, schema: z.object({ confirmName: z.string().max(200) }), afterOk: forgetWorkspace, revalidateLayout: ["/"] },
  async (input, ctx) => deleteWorkspace({ db: ctx.db, blobs: await getBlobStore() }, { workspaceId: ctx.workspaceId, actorId: ctx.userId, confirmName: input.confirmName }),
);
