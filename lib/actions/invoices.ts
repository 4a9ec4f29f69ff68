"use server";

import { revalidatePath } from "next/cache";
import { callAction } from "./call";
import { bulkApproveDef, readAsInvoiceDef, replaceLineItemsDef, reprocessDocumentDef, setInvoiceStatusDef, updateInvoiceFieldDef } from "./defs/invoices";

export async function updateInvoiceFieldAction(raw: unknown) {
  return callAction(updateInvoiceFieldDef, raw);
}

export async function replaceLineItemsAction(raw: unknown) {
  return callAction(replaceLineItemsDef, raw);
}

export async function setInvoiceStatusAction(raw: unknown) {
  const r = await callAction(setInvoiceStatusDef, raw);
  revalidatePath("/invoices");
  return r;
}

export async function bulkApproveAction(raw: unknown) {
  const r = await callAction(bulkApproveDef, raw);
  revalidatePath("/invoices");
  return r;
}

export async function reprocessDocumentAction(raw: unknown) {
  const r = await callAction(reprocessDocumentDef, raw);
  revalidatePath("/documents");
  revalidatePath("/invoices");
  return r;
}

export async function readAsInvoiceAction(raw: unknown) {
  const r = await callAction(readAsInvoiceDef, raw);
  revalidatePath("/documents");
  revalidatePath("/invoices");
  return r;
}
