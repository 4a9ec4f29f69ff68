"use server";

import { revalidatePath } from "next/cache";
import { callAction, formOf } from "./call";
import { enterEmailDef } from "./defs/inbox";

/** Takes the manual-entry form as FormData (files included) and hands a plain object to the action. */
export async function enterEmailAction(input: FormData) {
  const form = formOf(input);
  const files = form.getAll("attachments").filter((f): f is File => f instanceof File && f.size > 0);
  const attachments = await Promise.all(
    files.map(async (f) => ({ filename: f.name, contentType: f.type || undefined, content: new Uint8Array(await f.arrayBuffer()) })),
  );
  const r = await callAction(enterEmailDef, {
    from: form.get("from"),
    subject: form.get("subject") ?? "",
    body: form.get("body") ?? "",
    attachments,
  });
  revalidatePath("/inbox");
  return r;
}
