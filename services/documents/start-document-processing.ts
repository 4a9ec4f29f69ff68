import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";

/**
 * Hand stored documents to background processing. Called after the rows are committed; the event id is derived
 * from the document id and its reading attempt, so a retried request — or the sweeper re-sending what a failed
 * send left queued (inngest/functions/resend-stuck-documents.ts) — never starts a second run.
 */
export async function startDocumentProcessing(docs: { id: string; workspaceId: string; attempts?: number }[]) {
  await sendEvents(docs.map((d) => appEvent.documentUploaded({ workspaceId: d.workspaceId, documentId: d.id, attempts: d.attempts })));
}
