import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { localBlobStore } from "@/lib/blob";
import { buildEmlFromManualEntry } from "@/lib/intake/eml";
import { listDocuments } from "./documents";
import { getMessage, ingestEmail, ingestFile, messagesForDocument } from "./intake";

let database: Database;
let workspaceId: string;
let actorId: string;
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ingest-")));
const pdf = (n: number) => strToU8(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% file ${n}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId: actorId, workspaceId } = await createTestUser(database.db, "in@take.test"));
});
afterAll(async () => database?.close());

describe("ingest", () => {
  it("expands a zip: good files stored, a fake PDF reported by name, nothing good lost", async () => {
    const zip = zipSync({ "march/a.pdf": pdf(1), "march/b.pdf": pdf(2), "notes.pdf": strToU8("<html>not a pdf</html>") });
    const deps = { db: database.db, blobs };
    const r = await ingestFile(deps, { workspaceId, actorId }, { filename: "march.zip", bytes: zip });
    const byPath = Object.fromEntries(r.lines.map((l) => [l.path, l]));
    expect(byPath["march.zip/march/a.pdf"].status).toBe("stored");
    expect(byPath["march.zip/march/b.pdf"].status).toBe("stored");
    expect(byPath["march.zip/notes.pdf"].status).toBe("error");
    expect(byPath["march.zip/notes.pdf"].message).toMatch(/notes\.pdf/);
    expect(r.newDocuments).toHaveLength(2);
    // The same PDF uploaded again on its own is a duplicate of the one from the zip.
    const again = await ingestFile(deps, { workspaceId, actorId }, { filename: "copy.pdf", bytes: pdf(1) });
    expect(again.lines).toEqual([expect.objectContaining({ status: "duplicate", duplicateOf: "a.pdf" })]);
    expect(again.newDocuments).toHaveLength(0);
    const docs = await listDocuments(database.db, { workspaceId });
    expect(docs.map((d) => d.filename).sort()).toEqual(["a.pdf", "b.pdf"]);
  });

  it("stores an email once per Message-ID with its attachments linked to it", async () => {
    const email = buildEmlFromManualEntry({
      from: "ap@vendor.test",
      subject: "Invoice 77",
      body: "Please find attached.",
      attachments: [{ filename: "inv-77.pdf", content: Buffer.from(pdf(77)) }],
    });
    const deps = { db: database.db, blobs };
    const first = await ingestEmail(deps, { workspaceId, actorId }, { email, source: "manual" });
    expect(first.messageIds).toHaveLength(1);
    expect(first.lines).toEqual([expect.objectContaining({ status: "stored", path: 'email "Invoice 77" → inv-77.pdf' })]);
    const msg = await getMessage(database.db, { workspaceId, id: first.messageIds[0] });
    expect(msg?.documents.map((d) => d.filename)).toEqual(["inv-77.pdf"]);
    const trail = await messagesForDocument(database.db, { workspaceId, documentId: first.newDocuments[0].id });
    expect(trail[0].subject).toBe("Invoice 77");
    const second = await ingestEmail(deps, { workspaceId, actorId }, { email, source: "manual" });
    expect(second.messageIds).toHaveLength(0);
    expect(second.lines[0]).toMatchObject({ status: "duplicate" });
  });
});
