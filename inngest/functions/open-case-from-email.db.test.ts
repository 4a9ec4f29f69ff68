import { vi } from "vitest";

await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("open-case"));

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { ingestEmail } from "@/db/queries/intake";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { casesForMessage } from "@/db/queries/insurance/case-emails";
import { getCase } from "@/db/queries/insurance/cases";
import { activateCatalog, createCatalog, importCatalogEntries, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { localBlobStore } from "@/lib/blob";
import { buildEmlFromManualEntry } from "@/lib/intake/eml";
import { generateCatalog, toCatalogEntries } from "@/lib/insurance/fixtures/generate-catalog";
import { brokerAWorkbook, sampleVehicles } from "@/lib/insurance/fixtures/sample-spreadsheets";
import { suggestProfile } from "@/lib/insurance/profile";
import { readWorkbook } from "@/lib/insurance/workbook";
import { startDocumentProcessing } from "@/services/documents/start-document-processing";
import type { RunnerHandle } from "@/lib/runner/runner";
import { createMatchCaseFunction } from "./match-case";
import { createOpenCaseFromEmailFunction } from "./open-case-from-email";

// A broker's email with a fleet spreadsheet opens a matched case by itself once its documents are handed to
// processing (as mailbox polling and manual entry do); other senders' spreadsheets and PDFs do not.

let database: Database;
let runner: RunnerHandle;
let workspaceId: string;
let fleet: Uint8Array;
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-open-case-blobs-")));

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = async () => ({ db: database.db, blobs });
  runner = await startTestRunner(database, [createOpenCaseFromEmailFunction(deps), createMatchCaseFunction(deps)]);
  const user = await createTestUser(database.db, "uw@open-case.test");
  workspaceId = user.workspaceId;
  const catalog = generateCatalog({ seed: 7, size: 3000 });
  const insurer = await createInsurer(database.db, { workspaceId, actorId: user.userId, name: "Ins" });
  const c = await createCatalog(database.db, { workspaceId, actorId: user.userId, insurerId: insurer.id, filename: "c.csv", blobKey: null });
  await importCatalogEntries(database.db, { workspaceId, catalogId: c.id, entries: toCatalogEntries(catalog), errors: [] });
  await setCatalogImportState(database.db, { workspaceId, catalogId: c.id, state: "imported" });
  await activateCatalog(database.db, { workspaceId, actorId: user.userId, catalogId: c.id });
  fleet = await brokerAWorkbook(sampleVehicles(catalog, 21, 6));
  const broker = await saveBroker(database.db, { workspaceId, actorId: user.userId, name: "Bajío", emailDomains: ["agentebajio.com.mx"] });
  await saveBrokerProfile(database.db, { workspaceId, actorId: user.userId, brokerId: broker.id, rules: suggestProfile(await readWorkbook(fleet, "f.xlsx")).profile });
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

async function receive(from: string, filename: string, content: Uint8Array) {
  const email = buildEmlFromManualEntry({ from, subject: `Flotilla ${filename}`, body: "Anexo flotilla.", attachments: [{ filename, content }] });
  const report = await ingestEmail({ db: database.db, blobs }, { workspaceId, actorId: null }, { email, source: "manual" });
  await startDocumentProcessing(report.newDocuments);
  await runner.drain();
  return report.messageIds[0];
}

describe("open-case-from-email", () => {
  it("opens and matches a case for a known broker's spreadsheet, once", async () => {
    const messageId = await receive("Mariana <mariana@agentebajio.com.mx>", "flotilla.xlsx", fleet);
    const cases = await casesForMessage(database.db, { workspaceId, messageId });
    expect(cases).toHaveLength(1);
    const c = (await getCase(database.db, { workspaceId, caseId: cases[0].id }))!;
    expect(["review", "ready"]).toContain(c.status);
    expect(c.totalRows).toBe(8);
    expect(c.senderAddress).toBe("mariana@agentebajio.com.mx");
    // the same document handed on again (a retry) does not open a second case
    await startDocumentProcessing([{ id: c.documentId!, workspaceId, attempts: 1 }]);
    await runner.drain();
    expect(await casesForMessage(database.db, { workspaceId, messageId })).toHaveLength(1);
  });

  it("leaves spreadsheets from unknown senders to a person", async () => {
    const messageId = await receive("someone@elsewhere.example", "lista.csv", new TextEncoder().encode("MARCA,SUBMARCA,AÑO\nNISSAN,VERSA,2020\n"));
    expect(await casesForMessage(database.db, { workspaceId, messageId })).toEqual([]);
  });
});
