import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { getDocument } from "@/db/queries/documents";
import { markIndexState } from "@/db/queries/documents/indexes";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { UserError } from "@/lib/errors";

/** Index a document again (after a failure, or to pick up a better reading): marked pending, audited, then indexed in the background. */
export async function requestReindex(db: Db, q: { workspaceId: string; actorId: string; documentId: string; now?: Date }) {
  const doc = await getDocument(db, { workspaceId: q.workspaceId, documentId: q.documentId });
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  await markIndexState(db, { workspaceId: q.workspaceId, documentId: doc.id, state: "pending" });
  await recordAudit(db, { workspaceId: q.workspaceId, actorId: q.actorId, action: "document.reindex_requested", entityType: "document", entityId: doc.id });
  await sendEvents(appEvent.documentIndexRequested({ workspaceId: q.workspaceId, documentId: doc.id }, { after: "request", requestedAt: q.now ?? new Date() }));
}
