"use server";

import { revalidatePath } from "next/cache";
import { callAction, formOf } from "./call";
import {
  acceptFleetRowsDef,
  activateCatalogDef,
  buildCatalogEmbeddingsDef,
  analyzeProfileSampleDef,
  correctFleetRowDef,
  createCaseFromDocumentDef,
  createCaseFromMessageDef,
  createCaseFromUploadDef,
  createInsurerDef,
  rematchCaseDef,
  saveBrokerDef,
  saveBrokerProfileDef,
  saveInsuranceSettingsDef,
  saveQuoteTemplateDef,
  searchCatalogDef,
  uploadCatalogDef,
} from "./defs/insurance";

// Thin server-action exports for the Insurance pages; files arrive as FormData ("file") and become plain objects.

async function fileOf(form: FormData, name = "file") {
  const f = form.get(name);
  if (!(f instanceof File) || f.size === 0) return undefined;
  return { filename: f.name || "upload", content: new Uint8Array(await f.arrayBuffer()) };
}

function text(form: FormData, name: string) {
  const v = form.get(name);
  return typeof v === "string" && v !== "" ? v : undefined;
}

function json(form: FormData, name: string): unknown {
  const v = text(form, name);
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export async function saveInsuranceSettingsAction(raw: unknown) {
  const r = await callAction(saveInsuranceSettingsDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function saveBrokerAction(raw: unknown) {
  const r = await callAction(saveBrokerDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

/** FormData: file (or documentId) and, for step 3, profile (JSON). */
export async function analyzeProfileSampleAction(input: FormData) {
  const form = formOf(input);
  return callAction(analyzeProfileSampleDef, { file: await fileOf(form), documentId: text(form, "documentId"), profile: json(form, "profile") });
}

export async function saveBrokerProfileAction(raw: unknown) {
  const r = await callAction(saveBrokerProfileDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function createInsurerAction(raw: unknown) {
  const r = await callAction(createInsurerDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function saveQuoteTemplateAction(raw: unknown) {
  const r = await callAction(saveQuoteTemplateDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

/** FormData: insurerId, file. */
export async function uploadCatalogAction(input: FormData) {
  const form = formOf(input);
  const r = await callAction(uploadCatalogDef, { insurerId: text(form, "insurerId"), file: await fileOf(form) });
  revalidatePath("/insurance", "layout");
  return r;
}

export async function activateCatalogAction(raw: unknown) {
  const r = await callAction(activateCatalogDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function buildCatalogEmbeddingsAction(raw: unknown) {
  const r = await callAction(buildCatalogEmbeddingsDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function createCaseFromDocumentAction(raw: unknown) {
  const r = await callAction(createCaseFromDocumentDef, raw);
  revalidatePath("/documents");
  revalidatePath("/insurance", "layout");
  return r;
}

/** FormData: file, optional brokerId and insurerId. */
export async function createCaseFromUploadAction(input: FormData) {
  const form = formOf(input);
  const r = await callAction(createCaseFromUploadDef, { file: await fileOf(form), brokerId: text(form, "brokerId"), insurerId: text(form, "insurerId") });
  revalidatePath("/insurance", "layout");
  return r;
}

export async function createCaseFromMessageAction(raw: unknown) {
  const r = await callAction(createCaseFromMessageDef, raw);
  revalidatePath("/insurance", "layout");
  revalidatePath("/inbox", "layout");
  return r;
}

export async function rematchCaseAction(raw: unknown) {
  const r = await callAction(rematchCaseDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function acceptFleetRowsAction(raw: unknown) {
  const r = await callAction(acceptFleetRowsDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function correctFleetRowAction(raw: unknown) {
  const r = await callAction(correctFleetRowDef, raw);
  revalidatePath("/insurance", "layout");
  return r;
}

export async function searchCatalogAction(raw: unknown) {
  return callAction(searchCatalogDef, raw);
}
