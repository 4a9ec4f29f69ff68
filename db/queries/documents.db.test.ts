import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { documents, type Document } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { getDocument, markDocumentRead } from "./documents";

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
