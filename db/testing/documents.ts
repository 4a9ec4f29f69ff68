import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { storeDocument } from "@/db/queries/documents";
import { documents } from "@/db/schema";
import type { BlobStore } from "@/lib/blob";

/**
 * A PDF a user uploaded that Docket has read: stored (its bytes made up from the name and text), `text` set with its
 * pages split at form feeds, ready. Returns its id.
 */
export async function storeReadDocument(db: Db, blobs: BlobStore, q: { workspaceId: string; uploadedBy: string; filename: string; text: string }) {
  const { document } = await storeDocument(db, blobs, {
    workspaceId: q.workspaceId,
    filename: q.filename,
    contentType: "application/pdf",
    data: Buffer.from(`%PDF ${q.filename} ${q.text.length}`),
    source: "upload",
    uploadedBy: q.uploadedBy,
  });
  await db.update(documents).set({ text: q.text, status: "ready", pages: q.text.split("\n\f").length }).where(eq(documents.id, document.id));
  return document.id;
}
