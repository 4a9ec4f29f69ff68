import type { Db } from "@/db/client";
import { getDocument } from "@/db/queries/documents";
import { ingestFile, type IngestReport } from "@/db/queries/intake";
import { requireWorkspaceRole, type Session } from "@/lib/action";
import type { BlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";

export interface UploadDeps {
  db: Db;
  blobs: BlobStore;
  maxFileBytes: number;
  /** Called with the documents stored for the first time (not duplicates) — e.g. to start processing. */
  onStored?: (docs: IngestReport["newDocuments"]) => Promise<void>;
}

/**
 * One uploaded file — a document, a .zip of documents or an .eml — checked by content (not extension) and
 * size, stored once per workspace. The report has a line per file inside, so the user sees each result.
 */
export async function uploadDocument(session: Session | null, file: { name: string; bytes: Uint8Array }, deps: UploadDeps) {
  const ctx = await requireWorkspaceRole(deps.db, session, "member");
  const report = await ingestFile(
    { db: deps.db, blobs: deps.blobs, limits: { sniff: { maxFileBytes: deps.maxFileBytes } } },
    { workspaceId: ctx.workspaceId, actorId: ctx.userId },
    { filename: file.name, bytes: file.bytes },
  );
  if (report.newDocuments.length && deps.onStored) {
    // The files are saved; if handing them on fails they stay queued and the sweeper
    // (inngest/functions/resend-stuck-documents.ts) sends them again — the upload itself did not fail.
    await deps.onStored(report.newDocuments).catch((err) => console.error("[upload] could not start processing; the sweeper will retry:", err));
  }
  return report;
}

/** Stream a stored document's bytes, only to members of its workspace. */
/** Where the PNG of page `page` of a scanned document is kept (TIFF scans: browsers cannot show TIFF). */
export function documentPageKey(blobKey: string, page: number) {
  return `${blobKey}.page-${page}.png`;
}

export async function openDocument(session: Session | null, documentId: string, deps: { db: Db; blobs: BlobStore }, opts: { page?: number } = {}) {
  const ctx = await requireWorkspaceRole(deps.db, session, "viewer");
  const doc = await getDocument(deps.db, { workspaceId: ctx.workspaceId, documentId });
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  if (opts.page !== undefined) {
    const stream = await deps.blobs.stream(documentPageKey(doc.blobKey, opts.page));
    if (!stream) throw new UserError(`Page ${opts.page} of ${doc.filename} has no page image (only TIFF scans have them, once read).`, "not_found");
    return { doc, stream, contentType: "image/png", size: null as number | null, filename: `${doc.filename.replace(/\.[^.]+$/, "")}-page-${opts.page}.png` };
  }
  const stream = await deps.blobs.stream(doc.blobKey);
  if (!stream) throw new UserError(`The file for ${doc.filename} is missing from storage.`, "not_found");
  return { doc, stream, contentType: doc.contentType, size: doc.size as number | null, filename: doc.filename };
}
