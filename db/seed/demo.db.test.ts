import { vi } from "vitest";

await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("demo"));

import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listDocumentsPage } from "@/db/queries/documents/list";
import { listCases } from "@/db/queries/insurance/cases";
import { documentInFlight } from "@/lib/documents/progress";
import { documents, invoices } from "@/db/schema";
import { createTestDatabase, useAsAppDatabase } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { functions } from "@/inngest/functions";
import { getBlobStore } from "@/lib/blob";
import type { RunnerHandle } from "@/lib/runner/runner";
import { startDemoWork } from "@/lib/server-start";
import { seedDemo } from "./index";

// A fresh install: the demo seed, the work it leaves handed to the background functions (as the server start does),
// and the app's own functions run until nothing is due. Then nothing of the demo may be left in flight: Documents
// and Invoices would say "N in progress" and refresh every 2 s forever (the broker spreadsheets once stayed queued).

let database: Database;
let runner: RunnerHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsAppDatabase(database);
  runner = await startTestRunner(database, functions);
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

describe("a fresh demo", () => {
  it("reaches zero documents in flight once its background work is done", { timeout: 300_000 }, async () => {
    const { workspaceId, created, ...work } = await seedDemo(database.db, await getBlobStore());
    expect(created).toBe(true);
    expect(work.documents.length).toBeGreaterThan(0);
    expect(work.cases.length).toBe(3);
    await startDemoWork(work);
    await runner.drain();

    const stuck = await database.db
      .select({ filename: documents.filename, status: documents.status })
      .from(documents)
      .where(and(eq(documents.workspaceId, workspaceId), inArray(documents.status, ["queued", "processing"])));
    expect(stuck).toEqual([]);
    // the Documents page refreshes while any document is being read or indexed
    const { rows: docs } = await listDocumentsPage(database.db, { workspaceId, filters: {}, limit: 1000, offset: 0 });
    expect(docs.length).toBeGreaterThanOrEqual(work.documents.length);
    expect(docs.filter((d) => d.kind === "spreadsheet").length).toBe(3);
    expect(docs.filter(documentInFlight).map((d) => d.filename)).toEqual([]);
    for (const c of await listCases(database.db, { workspaceId })) expect(["review", "ready"]).toContain(c.status);

    // The review queue holds what a reviewer meets every week, each with its reason; the rest were read sure enough.
    const read = await database.db
      .select({ number: invoices.invoiceNumber, status: invoices.status, vendor: invoices.vendorName, minConfidence: invoices.minConfidence, issues: invoices.issues })
      .from(invoices)
      .where(eq(invoices.workspaceId, workspaceId));
    expect(read.length).toBe(12);
    const review = read.filter((r) => r.status === "needs_review").sort((a, b) => String(a.number).localeCompare(String(b.number)));
    expect(review.map((r) => r.number)).toEqual(["INV-1007", "INV-1010"]);
    expect(Number(review[0].minConfidence)).toBeLessThan(0.8); // a letterhead name alone: who sent it is a guess
    expect(review[1].issues.map((i) => i.code)).toContain("arithmetic");
    expect(read.filter((r) => r.status === "ready").length).toBe(10);
  });
});
