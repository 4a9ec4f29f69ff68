"use server";

import { revalidatePath } from "next/cache";
import { callAction } from "./call";
import { cancelRunDef, retryRunDef } from "./defs/jobs";

export async function retryRunAction(raw: unknown) {
  const r = await callAction(retryRunDef, raw);
  revalidatePath("/activity/jobs");
  return r;
}

export async function cancelRunAction(raw: unknown) {
  const r = await callAction(cancelRunDef, raw);
  revalidatePath("/activity/jobs");
  return r;
}
