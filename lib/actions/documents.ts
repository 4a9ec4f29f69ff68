"use server";

import { revalidatePath } from "next/cache";
import { callAction } from "./call";
import { askQuestionDef, reindexDocumentDef } from "./defs/documents";

export async function reindexDocumentAction(raw: unknown) {
  const r = await callAction(reindexDocumentDef, raw);
  revalidatePath("/documents");
  return r;
}

export async function askQuestionAction(raw: unknown) {
  return callAction(askQuestionDef, raw);
}
