import { z } from "zod";
import { ingestEmail } from "@/db/queries/intake";
import { workspaceAction } from "@/lib/action";
import { getBlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";
import { buildEmlFromManualEntry } from "@/lib/intake/eml";
import { IntakeError } from "@/lib/intake/errors";
import { startDocumentProcessing } from "@/lib/pipeline";

const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export const enterEmailSchema = z.object({
  from: z.string().trim().min(1, "From is required."),
  subject: z.string().trim().max(500),
  body: z.string().max(200_000),
  attachments: z
    .array(z.object({ filename: z.string().min(1), contentType: z.string().optional(), content: z.instanceof(Uint8Array) }))
    .max(20, "At most 20 attachments per email."),
});

/** An email typed in by hand (with attachments): becomes a message whose attachments are processed like any upload. */
export const enterEmailDef = workspaceAction("enterEmail", "member", enterEmailSchema, async (input, ctx) => {
  const tooBig = input.attachments.find((a) => a.content.length > MAX_ATTACHMENT_BYTES);
  if (tooBig) throw new UserError(`${tooBig.filename} is larger than 25 MB; attach a smaller file.`);
  let email;
  try {
    email = buildEmlFromManualEntry(input);
  } catch (err) {
    if (err instanceof IntakeError) throw new UserError(err.message);
    throw err;
  }
  const report = await ingestEmail(
    { db: ctx.db, blobs: await getBlobStore() },
    { workspaceId: ctx.workspaceId, actorId: ctx.userId },
    { email, source: "manual" },
  );
  await startDocumentProcessing(report.newDocuments);
  return { lines: report.lines, messageIds: report.messageIds };
});
