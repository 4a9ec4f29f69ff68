"use server";

import { revalidatePath } from "next/cache";
import { callAction } from "./call";
import {
  createMailboxDef,
  deleteMailboxDef,
  pollMailboxNowDef,
  setMailboxEnabledDef,
  testMailboxConnectionDef,
  updateMailboxDef,
} from "./defs/mailboxes";

// Settings → Mailboxes. Each export is a public endpoint; the definitions check the role and the workspace.

const PAGE = "/settings/mailboxes";

export async function createMailboxAction(raw: unknown) {
  const r = await callAction(createMailboxDef, raw);
  revalidatePath(PAGE);
  return r;
}

export async function updateMailboxAction(raw: unknown) {
  const r = await callAction(updateMailboxDef, raw);
  revalidatePath(PAGE);
  return r;
}

export async function setMailboxEnabledAction(raw: unknown) {
  const r = await callAction(setMailboxEnabledDef, raw);
  revalidatePath(PAGE);
  return r;
}

export async function deleteMailboxAction(raw: unknown) {
  const r = await callAction(deleteMailboxDef, raw);
  revalidatePath(PAGE);
  return r;
}

export async function testMailboxConnectionAction(raw: unknown) {
  return callAction(testMailboxConnectionDef, raw);
}

export async function pollMailboxNowAction(raw: unknown) {
  return callAction(pollMailboxNowDef, raw);
}
