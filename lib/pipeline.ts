import { inngest } from "@/inngest/client";
import { documentUploaded } from "@/inngest/events";

/**
 * Hand newly stored documents to background processing. Called after the rows are committed; the event id
 * is derived from the document id (and the reprocess attempt), so a retried request never starts a second run.
 */
export async function startDocumentProcessing(docs: { id: string; workspaceId: string }[], attempt = "first") {
  if (docs.length === 0) return;
  await inngest.send(
    docs.map((d) => documentUploaded.create({ workspaceId: d.workspaceId, documentId: d.id }, { id: `document-uploaded-${d.id}-${attempt}` })),
  );
}
