"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/action";
import { filesField } from "@/lib/form-data";
import { enterEmail } from "@/services/inbox/enter-email";

const enterEmailSchema = z.object({
  from: z.string().trim().min(1, "From is required."),
  subject: z.string().trim().max(500),
  body: z.string().max(200_000),
  attachments: z
    .array(z.object({ filename: z.string().min(1), contentType: z.string().optional(), content: z.instanceof(Uint8Array) }))
    .max(20, "At most 20 attachments per email."),
});

/** Inbox → Enter an email: the manual-entry form (FormData, files included). */
export const enterEmailAction = workspaceAction(
  {
    name: "enterEmail",
    role: "member",
    schema: enterEmailSchema,
    form: async (form) => ({ from: form.get("from"), subject: form.get("subject") ?? "", body: form.get("body") ?? "", attachments: await filesField(form, "attachments") }),
    revalidate: ["/inbox"],
  },
  async (input, ctx) => enterEmail(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId }, input),
);
