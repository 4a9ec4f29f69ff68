import type { Db } from "@/db/client";
import { inWorkspaceRole, type Session } from "@/lib/action";
import type { BlobStore } from "@/lib/blob";
import { uploadDocument } from "@/lib/documents/upload";
import { startDocumentProcessing } from "@/services/documents/start-document-processing";

/**
 * Store one uploaded file (POST /api/documents) under the role checked on the caller's locked membership row, as an
 * action is: a demotion or removal racing the upload waits for it, or is waited for and refuses it. The documents'
 * events go out after the commit.
 */
export async function storeUpload(session: Session | null, file: { name: string; bytes: Uint8Array }, deps: { db: Db; blobs: BlobStore; maxFileBytes: number }) {
  return inWorkspaceRole(deps.db, session, "member", (ctx) =>
    uploadDocument(session, file, { db: ctx.db, blobs: deps.blobs, maxFileBytes: deps.maxFileBytes, onStored: startDocumentProcessing }),
  );
}
