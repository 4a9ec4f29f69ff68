import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { documents, runnerRuns } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { localBlobStore } from "@/lib/blob";
import { uploadDocument } from "@/lib/documents/upload";
import { terminateOcr } from "@/lib/extraction/ocr";
import { ManualClock, type RunnerHandle } from "@/lib/runner";
import { createExtractDocumentFunction } from "./extract-document";
import { STUCK_AFTER_MS } from "@/lib/documents/progress";
import { createResendStuckDocumentsFunction } from "./resend-stuck-documents";

// The send after a save fails: the upload still reports the file stored, the document waits "queued", and the
// sweeper re-sends its event so it is read after all — nothing stays queued forever, nothing is read twice.

const fixture = path.join(process.cwd(), "lib", "extraction", "fixtures", "text", "en-US-invoice-1.pdf");
let database: Database;
let runner: RunnerHandle;
let workspaceId: string;
let userId: string;
const clock = new ManualClock(Date.now());
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-stuck-")));

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId } = await createTestUser(database.db, "stuck@docs.test"));
  runner = await startTestRunner(
    database,
    [createExtractDocumentFunction(async () => ({ db: database.db, blobs })), createResendStuckDocumentsFunction(async () => ({ db: database.db, now: () => clock.now() }))],
    { clock },
  );
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
  await terminateOcr();
});

const statusOf = async (id: string) => (await database.db.select({ status: documents.status }).from(documents).where(eq(documents.id, id)))[0]?.status;

describe("resend-stuck-documents", () => {
  it("a document whose event could not be sent is stored, waits queued, and is read once the sweeper re-sends it", async () => {
    const report = await uploadDocument(
      { userId, workspaceId },
      { name: "acme.pdf", bytes: new Uint8Array(fs.readFileSync(fixture)) },
      {
        db: database.db,
        blobs,
        maxFileBytes: 25 * 1024 * 1024,
        onStored: async () => {
          throw new Error("event service unreachable");
        },
      },
    );
    expect(report.lines).toEqual([expect.objectContaining({ path: "acme.pdf", status: "stored" })]);
    const id = report.newDocuments[0].id;
    await runner.drain();
    expect(await statusOf(id)).toBe("queued");

    // before the deadline the sweeper leaves it alone (its event may just be waiting its turn)
    clock.advance(2 * 60_000);
    await runner.drain();
    expect(await statusOf(id)).toBe("queued");

    clock.advance(STUCK_AFTER_MS);
    await runner.drain();
    expect(await statusOf(id)).toMatch(/^(ready|needs_review)$/);
    const runs = await database.db.select({ id: runnerRuns.id }).from(runnerRuns).where(like(runnerRuns.functionId, "%extract-document"));
    expect(runs).toHaveLength(1);

    // later sweeps find nothing to re-send
    clock.advance(10 * 60_000);
    await runner.drain();
    expect(await statusOf(id)).toMatch(/^(ready|needs_review)$/);
  });
});
