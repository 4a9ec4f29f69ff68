import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { documents, type Document } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { getDocument, markDocumentRead } from "./documents";
import { listDocumentsPage } from "./documents/list";

let database: Database;
let ws: string;
let other: string;
beforeAll(async () => {
  database = await createTestDatabase();
  ws = (await createTestUser(database.db, "docs-a@example.com")).workspaceId;
  other = (await createTestUser(database.db, "docs-b@example.com")).workspaceId;
});
afterAll(async () => database?.close());

async function doc(workspaceId: string, status: Document["status"]) {
  const [row] = await database.db
    .insert(documents)
    .values({ workspaceId, sha256: `${status}-${Math.random()}`, filename: `${status}.txt`, contentType: "text/plain", size: 3, blobKey: "k", source: "upload", status })
    .returning({ id: documents.id });
  return row.id;
}

describe("markDocumentRead", () => {
  it("makes a queued or processing document ready with its text, and leaves a failed or ready one as it is", async () => {
    const db = database.db;
    const queued = await doc(ws, "queued");
    expect(await markDocumentRead(db, { workspaceId: ws, documentId: queued, text: "hello", pages: 1 })).toBe(true);
    expect(await getDocument(db, { workspaceId: ws, documentId: queued })).toMatchObject({ status: "ready", text: "hello", pages: 1 });

    const processing = await doc(ws, "processing");
    expect(await markDocumentRead(db, { workspaceId: ws, documentId: processing })).toBe(true);

    // the document machine has no failed → ready (a failed file is retried, not declared read) nor ready → ready
    const failed = await doc(ws, "failed");
    expect(await markDocumentRead(db, { workspaceId: ws, documentId: failed, text: "x" })).toBe(false);
    expect(await getDocument(db, { workspaceId: ws, documentId: failed })).toMatchObject({ status: "failed" });
    expect(await markDocumentRead(db, { workspaceId: ws, documentId: queued, text: "again" })).toBe(false);
    expect(await getDocument(db, { workspaceId: ws, documentId: queued })).toMatchObject({ text: "hello" });
  });

  it("never touches another workspace's document", async () => {
    const theirs = await doc(other, "queued");
    expect(await markDocumentRead(database.db, { workspaceId: ws, documentId: theirs })).toBe(false);
    expect(await getDocument(database.db, { workspaceId: other, documentId: theirs })).toMatchObject({ status: "queued" });
  });
});

describe("listDocumentsPage", () => {
  it("counts the total only so far past the page, with the filters, and exactly below the bound", async () => {
    const db = database.db;
    const mine = await createTestUser(db, "docs-count@example.com");
    for (const status of ["ready", "ready", "failed"] as const) await doc(mine.workspaceId, status);
    const page = (offset: number, countAhead: number, status?: string) =>
      listDocumentsPage(db, { workspaceId: mine.workspaceId, filters: { status }, limit: 1, offset, countAhead });
    expect(await page(0, 1)).toMatchObject({ total: 1, totalExact: false });
    expect(await page(1, 1)).toMatchObject({ total: 2, totalExact: false });
    expect(await page(2, 1)).toMatchObject({ total: 3, totalExact: true });
    expect(await page(0, 3)).toMatchObject({ total: 3, totalExact: true });
    expect(await page(0, 1, "ready")).toMatchObject({ total: 1, totalExact: false });
    expect(await page(0, 2, "ready")).toMatchObject({ total: 2, totalExact: true });
    expect((await listDocumentsPage(db, { workspaceId: mine.workspaceId, filters: {}, limit: 25, offset: 0 })).rows).toHaveLength(3);
  });
});
