import { vi } from "vitest";

await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("ins-demo"));

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { createExtractDocumentFunction } from "@/inngest/functions/extract-document";
import { createMatchCaseFunction } from "@/inngest/functions/match-case";
import { startCaseMatching } from "@/services/insurance/start-case-matching";
import { localBlobStore } from "@/lib/blob";
import type { RunnerHandle } from "@/lib/runner/runner";
import { seedInsuranceDemo } from "./insurance";
import { listDocuments } from "@/db/queries/documents";
import { listBrokers } from "@/db/queries/insurance/brokers";
import { listCases } from "@/db/queries/insurance/cases";
import { listInsurers } from "@/db/queries/insurance/insurers";

// The demo seeder makes a real catalog, brokers with profiles and broker emails; the cases it opens are
// matched by the match-case function once a runner works off the stored events.

let database: Database;
let runner: RunnerHandle;
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ins-demo-blobs-")));

beforeAll(async () => {
  database = await createTestDatabase();
  runner = await startTestRunner(database, [createMatchCaseFunction(async () => ({ db: database.db, blobs })), createExtractDocumentFunction(async () => ({ db: database.db, blobs }))]);
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

describe("insurance demo seed", () => {
  it("opens cases from broker emails that the function then matches against the demo catalog", { timeout: 120_000 }, async () => {
    const { userId, workspaceId } = await createTestUser(database.db, "demo@ins-demo.test", "Demo");
    const opened = await seedInsuranceDemo({ db: database.db, blobs, workspaceId, ownerId: userId, now: new Date() });
    await startCaseMatching(opened.cases);
    const [insurer] = await listInsurers(database.db, { workspaceId });
    expect(insurer.activeCatalog?.entries).toBeGreaterThan(3000);
    expect(insurer.activeCatalog?.entries).toBeLessThan(8000);
    expect((await listBrokers(database.db, { workspaceId })).map((b) => b.latest?.version)).toEqual([1, 1, 1]);
    expect((await listCases(database.db, { workspaceId })).map((c) => c.status)).toEqual(["received", "received", "received"]);
    await runner.drain();
    const cases = await listCases(database.db, { workspaceId });
    for (const c of cases) {
      expect(["review", "ready"]).toContain(c.status);
      expect(c.brokerName).not.toBeNull();
      expect(c.matchedRows).toBe(c.totalRows);
      expect(c.autoCount).toBeGreaterThan(0);
    }
    expect(cases.map((c) => c.totalRows).sort((a, b) => a - b)).toEqual([8, 14, 40]);
    // the hand-typed list leaves work for a reviewer: some rows in review or abstained
    const typed = cases.find((c) => c.totalRows === 40)!;
    expect(typed.reviewCount).toBeGreaterThan(0);
    expect(typed.noMatchCount).toBeGreaterThan(0);
    // nothing of the demo is left in flight: Documents shows no work in progress on a fresh install
    const docs = await listDocuments(database.db, { workspaceId });
    expect(docs.length).toBeGreaterThanOrEqual(3);
    expect(docs.filter((d) => d.status === "queued" || d.status === "processing")).toEqual([]);
  });
});
