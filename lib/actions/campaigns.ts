"use server";

import { revalidatePath } from "next/cache";
import { callAction, formOf } from "./call";
import {
  addSuppressionDef,
  cancelCampaignDef,
  createCampaignDef,
  createOutboxAccountDef,
  deleteSendingAccountDef,
  inspectRecipientFileDef,
  pauseCampaignDef,
  removeSuppressionDef,
  resolveRecipientDef,
  resumeAccountCampaignsDef,
  resumeCampaignDef,
  saveSmtpAccountDef,
  scheduleCampaignDef,
  sendTestMessageDef,
  updateAccountPacingDef,
  updateCampaignTemplateDef,
} from "./defs/campaigns";

async function fileOf(form: FormData, name: string) {
  const f = form.get(name);
  if (!(f instanceof File) || f.size === 0) return null;
  return { filename: f.name, contentType: f.type || undefined, content: new Uint8Array(await f.arrayBuffer()) };
}

function json(form: FormData, name: string): unknown {
  const v = form.get(name);
  if (typeof v !== "string" || v === "") return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

export async function createOutboxAccountAction(raw: unknown) {
  const r = await callAction(createOutboxAccountDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function saveSmtpAccountAction(raw: unknown) {
  const r = await callAction(saveSmtpAccountDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function updateAccountPacingAction(raw: unknown) {
  const r = await callAction(updateAccountPacingDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function deleteSendingAccountAction(raw: unknown) {
  const r = await callAction(deleteSendingAccountDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

/** FormData: file, optional mapping (JSON), skipAlreadyContacted ("1"/"0"). */
export async function inspectRecipientFileAction(input: FormData) {
  const form = formOf(input);
  const file = await fileOf(form, "file");
  return callAction(inspectRecipientFileDef, {
    filename: file?.filename,
    content: file?.content,
    mapping: json(form, "mapping"),
    skipAlreadyContacted: form.get("skipAlreadyContacted") !== "0",
  });
}

/** FormData: file, attachments (files), and the rest as JSON in "campaign". */
export async function createCampaignAction(input: FormData) {
  const form = formOf(input);
  const file = await fileOf(form, "file");
  const attachments = await Promise.all(
    form
      .getAll("attachments")
      .filter((f): f is File => f instanceof File && f.size > 0)
      .map(async (f) => ({ filename: f.name, contentType: f.type || undefined, content: new Uint8Array(await f.arrayBuffer()) })),
  );
  const rest = (json(form, "campaign") ?? {}) as Record<string, unknown>;
  const r = await callAction(createCampaignDef, { ...rest, file: file && { filename: file.filename, content: file.content }, attachments });
  revalidatePath("/campaigns");
  return r;
}

export async function updateCampaignTemplateAction(raw: unknown) {
  const r = await callAction(updateCampaignTemplateDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function sendTestMessageAction(raw: unknown) {
  return callAction(sendTestMessageDef, raw);
}

export async function scheduleCampaignAction(raw: unknown) {
  const r = await callAction(scheduleCampaignDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function pauseCampaignAction(raw: unknown) {
  const r = await callAction(pauseCampaignDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function resumeCampaignAction(raw: unknown) {
  const r = await callAction(resumeCampaignDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function cancelCampaignAction(raw: unknown) {
  const r = await callAction(cancelCampaignDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function resumeAccountCampaignsAction(raw: unknown) {
  const r = await callAction(resumeAccountCampaignsDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function resolveRecipientAction(raw: unknown) {
  const r = await callAction(resolveRecipientDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function addSuppressionAction(raw: unknown) {
  const r = await callAction(addSuppressionDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}

export async function removeSuppressionAction(raw: unknown) {
  const r = await callAction(removeSuppressionDef, raw);
  revalidatePath("/campaigns", "layout");
  return r;
}
