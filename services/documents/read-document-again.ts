import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { documents } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { startDocumentProcessing } from "@/services/documents/start-document-processing";
import { documentMachine } from "@/lib/status/machines";

// Reading a stored document again: "Retry" after a failure (or to re-read with a better extractor), and "Read as
// invoice" for anything the reader classed otherwise. Both queue the document, audit it and send its next reading.

async function requeue(
  db: Db,
  q: { workspaceId: string; actorId: string; documentId: string },
  how: { refuseUnreadable: boolean; readAs?: "invoice"; audit: "document.reprocess_requested" | "document.read_as_invoice" },
) {
  const [doc] = await db
    .select({ status: documents.status, attempts: documents.attempts, classification: documents.classification, error: documents.error })
    .from(documents)
    .where(and(eq(documents.workspaceId, q.workspaceId), eq(documents.id, q.documentId)));
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  if (how.refuseUnreadable && doc.classification === "unreadable") {
    throw new UserError(`Reading this file again would fail the same way: ${doc.error ?? "it cannot be read as it is."} Upload a readable copy instead.`, "conflict");
  }
  if (!documentMachine.can(doc.status, "queued") && !documentMachine.can(doc.status, "processing")) {
    throw new UserError(`This document is ${documentMachine.labels[doc.status]}; wait for it to finish.`, "conflict");
  }
  await db
    .update(documents)
    .set({ ...(how.readAs ? { readAs: how.readAs } : {}), status: "queued", error: null, attempts: doc.attempts + 1, updatedAt: new Date() })
    .where(and(eq(documents.workspaceId, q.workspaceId), eq(documents.id, q.documentId)));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: how.audit,
    entityType: "document",
    entityId: q.documentId,
    before: how.readAs ? { classification: doc.classification, status: doc.status } : { status: doc.status },
    after: how.readAs ? { readAs: how.readAs, status: "queued" } : { status: "queued" },
  });
  await startDocumentProcessing([{ id: q.documentId, workspaceId: q.workspaceId, attempts: doc.attempts + 1 }]);
}

/** Run a document through reading again: after a failure, or to re-read with a better extractor. */
export function reprocessDocument(db: Db, q: { workspaceId: string; actorId: string; documentId: string }) {
  return requeue(db, q, { refuseUnreadable: true, audit: "document.reprocess_requested" });
}

/** "Read as invoice": anything the reader classed otherwise is read again as an invoice and goes to review. */
export function readDocumentAsInvoice(db: Db, q: { workspaceId: string; actorId: string; documentId: string }) {
  return requeue(db, q, { refuseUnreadable: false, readAs: "invoice", audit: "document.read_as_invoice" });
}
