import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { BlobStore } from "@/lib/blob";
import { documentMachine } from "@/lib/status/machines";
import type { Db } from "../client";
import { documents, type Document } from "../schema";
import { recordAudit } from "./audit";
import { countPerDay } from "./per-day";

export interface StoreDocumentInput {
  workspaceId: string;
  filename: string;
  contentType: string;
  data: Buffer;
  source: Document["source"];
  uploadedBy: string | null;
  kind?: string | null;
}

/**
 * Store a file once per workspace (sha256). Returns the document and whether it already existed,
 * so the caller can tell the user "duplicate of <filename>" instead of processing it again.
 */
export async function storeDocument(db: Db, blobs: BlobStore, d: StoreDocumentInput) {
  const sha256 = createHash("sha256").update(d.data).digest("hex");
  const [existing] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.workspaceId, d.workspaceId), eq(documents.sha256, sha256)));
  if (existing) return { document: existing, duplicate: true as const };
  const blobKey = `${d.workspaceId}/${sha256}`;
  await blobs.put(blobKey, d.data, d.contentType);
  const [created] = await db
    .insert(documents)
    .values({
      workspaceId: d.workspaceId,
      sha256,
      filename: d.filename,
      contentType: d.contentType,
      size: d.data.length,
      blobKey,
      source: d.source,
      uploadedBy: d.uploadedBy,
      kind: d.kind ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    // Lost a race with an identical upload.
    const [winner] = await db
      .select()
      .from(documents)
      .where(and(eq(documents.workspaceId, d.workspaceId), eq(documents.sha256, sha256)));
    return { document: winner, duplicate: true as const };
  }
  await recordAudit(db, {
    workspaceId: d.workspaceId,
    actorId: d.uploadedBy,
    action: "document.stored",
    entityType: "document",
    entityId: created.id,
    after: { filename: d.filename, size: d.data.length, source: d.source },
  });
  return { document: created, duplicate: false as const };
}

export async function getDocument(db: Db, q: { workspaceId: string; documentId: string }) {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.workspaceId, q.workspaceId), eq(documents.id, q.documentId)));
  return row ?? null;
}

export async function listDocuments(db: Db, q: { workspaceId: string; limit?: number; offset?: number }) {
  return db
    .select({
      id: documents.id,
      filename: documents.filename,
      contentType: documents.contentType,
      size: documents.size,
      kind: documents.kind,
      status: documents.status,
      error: documents.error,
      source: documents.source,
      classification: documents.classification,
      classificationReason: documents.classificationReason,
      readAs: documents.readAs,
      createdAt: documents.createdAt,
      updatedAt: documents.updatedAt,
    })
    .from(documents)
    .where(eq(documents.workspaceId, q.workspaceId))
    .orderBy(desc(documents.createdAt))
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0);
}

export async function dashboardCounts(db: Db, q: { workspaceId: string; since: Date }) {
  const [totals] = await db
    .select({
      documents: sql<number>`count(*)::int`,
      failed: sql<number>`count(*) filter (where ${documents.status} = 'failed')::int`,
      needsReview: sql<number>`count(*) filter (where ${documents.status} = 'needs_review')::int`,
      bytes: sql<number>`coalesce(sum(${documents.size}), 0)::bigint`,
    })
    .from(documents)
    .where(eq(documents.workspaceId, q.workspaceId));
  const perDay = await countPerDay(db, documents, { workspaceId: documents.workspaceId, at: documents.createdAt }, q);
  const processedPerDay = await countPerDay(db, documents, { workspaceId: documents.workspaceId, at: documents.processedAt }, q);
  return { totals: { ...totals, bytes: Number(totals.bytes) }, perDay, processedPerDay };
}

/**
 * Documents saved but still queued past `olderThan` — across workspaces, for the sweeper that re-sends their event
 * when the send after the save failed. Oldest first.
 */
export async function listStuckQueuedDocuments(db: Db, q: { olderThan: Date; limit?: number }) {
  return db
    .select({ id: documents.id, workspaceId: documents.workspaceId, attempts: documents.attempts })
    .from(documents)
    .where(and(eq(documents.status, "queued"), lt(documents.updatedAt, q.olderThan)))
    .orderBy(asc(documents.updatedAt))
    .limit(q.limit ?? 500);
}

/**
 * A document read without the invoice reader (an email, a text file, a file kept as it is) is done: ready, with the
 * text it has, if its machine lets it become ready from where it is. Returns whether it changed.
 */
export async function markDocumentRead(db: Db, q: { workspaceId: string; documentId: string; text?: string; pages?: number }) {
  const changed = await db
    .update(documents)
    .set({ status: "ready", error: null, processedAt: new Date(), updatedAt: new Date(), ...(q.text !== undefined && { text: q.text }), ...(q.pages !== undefined && { pages: q.pages }) })
    .where(and(eq(documents.workspaceId, q.workspaceId), eq(documents.id, q.documentId), inArray(documents.status, documentMachine.from("ready"))))
    .returning({ id: documents.id });
  return changed.length > 0;
}
