import { inngest } from "@/inngest/client";
import { documentUploaded } from "@/inngest/events";

/** The id of a document's processing event for its nth reading (0 = as stored; n = the nth Retry). */
export const documentEventId = (documentId: string, attempts: number) => `document-uploaded-${documentId}-${attempts === 0 ? "first" : `retry-${attempts}`}`;

/**
 * Hand stored documents to background processing. Called after the rows are committed; the event id is derived
 * from the document id and its reading attempt, so a retried request — or the sweeper re-sending what a failed
 * send left queued (inngest/functions/resend-stuck-documents.ts) — never starts a second run.
 */
export async function startDocumentProcessing(docs: { id: string; workspaceId: string; attempts?: number }[]) {
  if (docs.length === 0) return;
  await inngest.send(docs.map((d) => documentUploaded.create({ workspaceId: d.workspaceId, documentId: d.id }, { id: documentEventId(d.id, d.attempts ?? 0) })));
}
