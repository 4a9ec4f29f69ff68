import type { Db } from "@/db/client";
import { ingestEmail } from "@/db/queries/intake";
import { getBlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";
import { buildEmlFromManualEntry } from "@/lib/intake/eml";
import { IntakeError } from "@/lib/intake/errors";
import { startDocumentProcessing } from "@/services/documents/start-document-processing";

export const MAX_MANUAL_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** An email typed in by hand (with attachments): becomes a message whose attachments are processed like any upload. */
export async function enterEmail(
  db: Db,
  q: { workspaceId: string; actorId: string },
  entry: { from: string; subject: string; body: string; attachments: { filename: string; contentType?: string; content: Uint8Array }[] },
) {
  const tooBig = entry.attachments.find((a) => a.content.length > MAX_MANUAL_ATTACHMENT_BYTES);
  if (tooBig) throw new UserError(`${tooBig.filename} is larger than 25 MB; attach a smaller file.`);
  let email;
  try {
    email = buildEmlFromManualEntry(entry);
  } catch (err) {
    if (err instanceof IntakeError) throw new UserError(err.message);
    throw err;
  }
  const report = await ingestEmail({ db, blobs: await getBlobStore() }, q, { email, source: "manual" });
  await startDocumentProcessing(report.newDocuments);
  return { lines: report.lines, messageIds: report.messageIds };
}
