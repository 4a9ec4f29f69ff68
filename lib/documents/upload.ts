import type { Db } from "@/db/client";
import { getDocument, storeDocument } from "@/db/queries/documents";
import { requireWorkspaceRole, type Session } from "@/lib/action";
import type { BlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";
import { IntakeError } from "@/lib/intake/errors";
import { sniff } from "@/lib/intake/sniff";

export interface UploadDeps {
  db: Db;
  blobs: BlobStore;
  maxFileBytes: number;
  /** Called for a newly stored document (not for duplicates) — e.g. to start processing. */
  onStored?: (doc: { id: string; workspaceId: string; contentType: string }) => Promise<void>;
}

/** One uploaded file: checked by content (not extension) and size, stored once per workspace. */
export async function uploadDocument(session: Session | null, file: { name: string; bytes: Uint8Array }, deps: UploadDeps) {
  const ctx = await requireWorkspaceRole(deps.db, session, "member");
  const sniffed = sniff(file.bytes, file.name, { maxFileBytes: deps.maxFileBytes });
  if (sniffed instanceof IntakeError) throw new UserError(sniffed.message);
  const { document, duplicate } = await storeDocument(deps.db, deps.blobs, {
    workspaceId: ctx.workspaceId,
    filename: file.name,
    contentType: sniffed.mime,
    data: Buffer.from(file.bytes),
    source: "upload",
    uploadedBy: ctx.userId,
    kind: sniffed.kind,
  });
  if (!duplicate) await deps.onStored?.({ id: document.id, workspaceId: ctx.workspaceId, contentType: document.contentType });
  return {
    id: document.id,
    filename: document.filename,
    duplicate,
    duplicateOf: duplicate ? document.filename : null,
    status: document.status,
  };
}

/** Stream a stored document's bytes, only to members of its workspace. */
export async function openDocument(session: Session | null, documentId: string, deps: { db: Db; blobs: BlobStore }) {
  const ctx = await requireWorkspaceRole(deps.db, session, "viewer");
  const doc = await getDocument(deps.db, { workspaceId: ctx.workspaceId, documentId });
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  const stream = await deps.blobs.stream(doc.blobKey);
  if (!stream) throw new UserError(`The file for ${doc.filename} is missing from storage.`, "not_found");
  return { doc, stream };
}
