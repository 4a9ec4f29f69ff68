"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { WORKSPACE_COOKIE } from "@/lib/auth/session";
import { callAction } from "./call";
import {
  acceptInvitationDef,
  changeRoleDef,
  createWorkspaceDef,
  inviteMemberDef,
  leaveWorkspaceDef,
  removeMemberDef,
  renameWorkspaceDef,
  revokeInvitationDef,
  saveInvoiceSettingsDef,
  switchWorkspaceDef,
} from "./defs/workspace";

async function selectWorkspace(workspaceId: string) {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 86400 });
  revalidatePath("/", "layout");
}

export async function createWorkspaceAction(raw: unknown) {
  const r = await callAction(createWorkspaceDef, raw);
  if (r.ok) await selectWorkspace(r.data.workspaceId);
  return r;
}

export async function switchWorkspaceAction(raw: unknown) {
  const r = await callAction(switchWorkspaceDef, raw);
  if (r.ok) await selectWorkspace(r.data.workspaceId);
  return r;
}

export async function acceptInvitationAction(raw: unknown) {
  const r = await callAction(acceptInvitationDef, raw);
  if (r.ok) await selectWorkspace(r.data.workspaceId);
  return r;
}

export async function saveInvoiceSettingsAction(raw: unknown) {
  const r = await callAction(saveInvoiceSettingsDef, raw);
  revalidatePath("/settings");
  return r;
}

export async function renameWorkspaceAction(raw: unknown) {
  const r = await callAction(renameWorkspaceDef, raw);
  revalidatePath("/", "layout");
  return r;
}

export async function inviteMemberAction(raw: unknown) {
  const r = await callAction(inviteMemberDef, raw);
  revalidatePath("/settings");
  return r;
}

export async function revokeInvitationAction(raw: unknown) {
  const r = await callAction(revokeInvitationDef, raw);
  revalidatePath("/settings");
  return r;
}

export async function changeRoleAction(raw: unknown) {
  const r = await callAction(changeRoleDef, raw);
  revalidatePath("/settings");
  return r;
}

export async function removeMemberAction(raw: unknown) {
  const r = await callAction(removeMemberDef, raw);
  revalidatePath("/settings");
  return r;
}

export async function leaveWorkspaceAction(raw: unknown) {
  const r = await callAction(leaveWorkspaceDef, raw);
  if (r.ok) (await cookies()).delete(WORKSPACE_COOKIE);
  revalidatePath("/", "layout");
  return r;
}
