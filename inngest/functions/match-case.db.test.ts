import { vi } from "vitest";

// Before any module reads the environment (inngest/client reads it at import).
await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("match-case"));

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/action";
import { createCaseFromDocumentAction, createCaseFromUploadAction } from "@/lib/actions/insurance";
import { createOpenAIReranker } from "@/lib/insurance/reranker";
import { completion, scriptedOpenAI } from "@/lib/testing/openai-server";
import type { Database } from "@/db/client";
import { storeDocument } from "@/db/queries/documents";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { caseExportRows } from "@/db/queries/insurance/case-exports";
import { createCase, getCase, requestRematch } from "@/db/queries/insurance/cases";
import { activateCatalog, createCatalog, getCatalog } from "@/db/queries/insurance/catalogs";
import { acceptFleetRows, correctFleetRow } from "@/db/queries/insurance/fleet-row-review";
import { listFleetRows } from "@/db/queries/insurance/fleet-rows";
import { createInsurer, getQuoteTemplate } from "@/db/queries/insurance/insurers";
import { getInsuranceSettings, saveInsuranceSettings } from "@/db/queries/insurance/settings";
import { auditEvents, catalogEntries, fleetRows, runnerRuns, runnerSteps } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { localBlobStore } from "@/lib/blob";
import { catalogToCsv } from "@/lib/insurance/catalog";
import { writeQuoteXlsx } from "@/lib/insurance/export";
import { generateCatalog, toCatalogEntries, type GeneratedEntry } from "@/lib/insurance/fixtures/generate-catalog";
import { brokerAWorkbook, brokerBWorkbook, brokerCCsv, sampleVehicles, type SampleVehicle } from "@/lib/insurance/fixtures/sample-spreadsheets";
import { suggestProfile } from "@/lib/insurance/profile";
import { readWorkbook } from "@/lib/insurance/workbook";
import type { RunnerHandle } from "@/lib/runner/runner";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { MATCH_BATCH } from "@/services/insurance/match-case";
import type { MatchCaseDeps } from "@/services/insurance/match-deps";
import { createImportCatalogFunction } from "./import-catalog";
import { createMatchCaseFunction } from "./match-case";

const startCatalogImport = (c: { id: string; workspaceId: string }) => sendEvents(appEvent.catalogUploaded(c));
const startCaseMatching = (c: { id: string; workspaceId: string; generation: number }) => sendEvents(appEvent.caseCreated(c));
/** The deps the functions get; a test may swap them (the OpenAI re-ranker) and put them back. */
let currentDeps: () => Promise<MatchCaseDeps>;

// The match-case and import-catalog functions through the embedded runner, on a generated catalog and the
// lib's sample broker spreadsheets: import with progress and row errors, broker by sender domain, profile
// applied, rows matched in batches, misfits and unknown senders held with a reason, corrections learned.

let database: Database;
let runner: RunnerHandle;
let workspaceId: string;
let userId: string;
let insurerId: string;
let catalogId: string;
let brokerAId: string;
let catalog: GeneratedEntry[];
let vehicles: SampleVehicle[];
const openai = scriptedOpenAI();
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-match-blobs-")));

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId } = await createTestUser(database.db, "underwriter@insurance.test", "Ana Underwriter"));
  const deps = async () => ({ db: database.db, blobs });
  currentDeps = deps;
  const viaCurrent = () => currentDeps();
  runner = await startTestRunner(database, [createMatchCaseFunction(viaCurrent), createImportCatalogFunction(viaCurrent)]);
  catalog = generateCatalog({ seed: 7, size: 3000 });
  vehicles = sampleVehicles(catalog, 21, 12);
  insurerId = (await createInsurer(database.db, { workspaceId, actorId: userId, name: "Seguros Prueba" })).id;
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

async function uploadCatalog(csv: string, filename: string) {
  const key = `${workspaceId}/catalogs/${filename}-${Date.now()}`;
  await blobs.put(key, Buffer.from(csv), "text/csv");
  const c = await createCatalog(database.db, { workspaceId, actorId: userId, insurerId, filename, blobKey: key });
  await startCatalogImport(c);
  await runner.drain();
  return (await getCatalog(database.db, { workspaceId, catalogId: c.id }))!;
}

async function newCase(bytes: Uint8Array, filename: string, sender: string | null) {
  const { document } = await storeDocument(database.db, blobs, {
    workspaceId, filename, contentType: "application/octet-stream", data: Buffer.from(bytes), source: "upload", uploadedBy: userId, kind: "spreadsheet",
  });
  const c = await createCase(database.db, { workspaceId, actorId: userId, filename, documentId: document.id, senderAddress: sender });
  await startCaseMatching(c);
  await runner.drain();
  return (await getCase(database.db, { workspaceId, caseId: c.id }))!;
}

describe("import-catalog", () => {
  it("imports every good row with codes as text, and reports the bad ones by file row", async () => {
    const csv = catalogToCsv(toCatalogEntries(catalog));
    const lines = csv.split(/\r?\n/);
    // two broken rows at file rows 3 and 5: no year, and a duplicate code
    const broken = [...lines];
    broken.splice(2, 0, "9999999,NISSAN,VERSA,SENSE,,SEDAN,PARTICULAR,VERSA SENSE");
    broken.splice(4, 0, lines[1]);
    const c = await uploadCatalog(broken.join("\n"), "catalogo-v1.csv");
    expect(c.importState).toBe("imported");
    expect(c.importedRows).toBe(3000);
    expect(c.totalRows).toBe(3000);
    expect(c.errorCount).toBe(2);
    expect(c.rowErrors.map((e) => e.row)).toEqual([3, 5]);
    expect(c.rowErrors[0].message).toMatch(/year/);
    expect(c.rowErrors[1].message).toMatch(/duplicate code/);
    const leadingZero = catalog.find((e) => e.code.startsWith("0"))!;
    const stored = await database.db
      .select({ code: catalogEntries.code })
      .from(catalogEntries)
      .where(and(eq(catalogEntries.catalogId, c.id), eq(catalogEntries.code, leadingZero.code)));
    expect(stored).toEqual([{ code: leadingZero.code }]);
    catalogId = c.id;
    await activateCatalog(database.db, { workspaceId, actorId: userId, catalogId });
  });

  it("fails a file without the required columns with a message naming them", async () => {
    const c = await uploadCatalog("marca,descripcion\nNISSAN,VERSA\n", "wrong.csv");
    expect(c.importState).toBe("failed");
    expect(c.importError).toMatch(/lacks required column\(s\) code/);
    expect(c.status).toBe("draft");
  });
});

describe("match-case", () => {
  beforeAll(async () => {
    const broker = await saveBroker(database.db, { workspaceId, actorId: userId, name: "Agente del Bajío", emailDomains: ["agentebajio.com.mx"] });
    brokerAId = broker.id;
    const wb = await readWorkbook(await brokerAWorkbook(vehicles), "flotilla.xlsx");
    await saveBrokerProfile(database.db, { workspaceId, actorId: userId, brokerId: broker.id, rules: suggestProfile(wb).profile, sampleFilename: "flotilla.xlsx" });
  });

  it("detects the broker by sender domain, applies its profile and matches every row", async () => {
    const c = await newCase(await brokerAWorkbook(vehicles), "flotilla-marzo.xlsx", "Ventas <ventas@agentebajio.com.mx>");
    expect(c.brokerId).toBe(brokerAId);
    expect(c.profileVersion).toBe(1);
    expect(c.catalogId).toBe(catalogId);
    expect(["review", "ready"]).toContain(c.status);
    expect(c.totalRows).toBe(vehicles.length);
    expect(c.matchedRows).toBe(c.totalRows);
    expect(c.autoCount + c.reviewCount + c.noMatchCount).toBe(c.totalRows);
    const { rows } = await listFleetRows(database.db, { workspaceId, caseId: c.id, pageSize: 100 });
    const bySource = new Map(rows.map((r) => [r.sourceId, r]));
    let right = 0;
    vehicles.forEach((v, i) => {
      const r = bySource.get(String(i + 1))!;
      if (!v.entry) expect(r.decision, `${v.brand} ${v.model} is not in the catalog`).toBe("no_match");
      else if (r.machineCode === v.entry.code) right++;
    });
    expect(right).toBeGreaterThanOrEqual(10);
    // auto rows carry their code out; review rows wait for a person; abstentions have none
    for (const r of rows) {
      if (r.decision === "auto") expect(r.code).toBe(r.machineCode);
      else expect(r.code).toBeNull();
      expect(r.candidates.length).toBeLessThanOrEqual(5);
    }
    const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, c.id), eq(auditEvents.action, "case.matched")));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorType).toBe("system");
  });

  it("with OpenAI on, re-ranks only the review-band rows through the chat-completions API, batched", async () => {
    // The local chat-completions server picks each item's last candidate, confidently.
    const asked: string[][] = [];
    const pickLast = (req: { body: Record<string, unknown> }) => {
      const { items } = JSON.parse((req.body.messages as { content: string }[])[1].content) as { items: { id: string; candidates: { code: string }[] }[] };
      asked.push(items.map((i) => i.id));
      const results = items.map((i) => ({ id: i.id, code: i.candidates[i.candidates.length - 1].code, confidence: 0.97, reason: "scripted" }));
      return { status: 200, body: completion(JSON.stringify({ results })) };
    };
    for (let i = 0; i < 50; i++) openai.script.push(pickLast);
    const baseURL = openai.baseURL;
    const file = await brokerAWorkbook(vehicles);
    // A strict auto-accept threshold puts the matcher's less-than-certain rows in the review band.
    const settings = await getInsuranceSettings(database.db, { workspaceId });
    await saveInsuranceSettings(database.db, { workspaceId, actorId: userId, cotPrefix: settings.cotPrefix, autoThreshold: 0.999, reviewThreshold: settings.reviewThreshold });
    const offline = await newCase(file, "flotilla-offline.xlsx", "ventas@agentebajio.com.mx");
    const before = new Map((await listFleetRows(database.db, { workspaceId, caseId: offline.id, pageSize: 100 })).rows.map((r) => [r.sourceId, r]));
    const previous = currentDeps;
    currentDeps = async () => ({ db: database.db, blobs, reranker: createOpenAIReranker({ apiKey: "sk-test", baseURL, model: "gpt-test", batchSize: 4 }) });
    try {
      const withModel = await newCase(file, "flotilla-openai.xlsx", "ventas@agentebajio.com.mx");
      const after = (await listFleetRows(database.db, { workspaceId, caseId: withModel.id, pageSize: 100 })).rows;
      // the review band: rows proposed below the auto-accept threshold (a sure code whose catalog use contradicts the
      // broker's USO goes to review too, but it is not the model's to re-rank)
      const inBand = (r: { decision: string | null; confidence: number | null }) => r.decision === "review" && (r.confidence ?? 0) < 0.999;
      const reviewBefore = [...before.values()].filter(inBand);
      expect(reviewBefore.length).toBeGreaterThan(0);
      expect(asked.flat()).toHaveLength(reviewBefore.length);
      expect(Math.max(...asked.map((a) => a.length))).toBeLessThanOrEqual(4);
      for (const r of after) {
        const b = before.get(r.sourceId)!;
        if (inBand(b)) {
          expect(r.decision, `row ${r.sourceId} re-ranked`).toBe("review"); // 0.97 is below this test's 0.999 auto-accept
          expect(r.machineCode).toBe(b.candidates[b.candidates.length - 1].code);
        } else {
          expect(r.decision).toBe(b.decision);
          expect(r.machineCode).toBe(b.machineCode);
        }
      }
    } finally {
      await saveInsuranceSettings(database.db, { workspaceId, actorId: userId, cotPrefix: settings.cotPrefix, autoThreshold: settings.autoThreshold, reviewThreshold: settings.reviewThreshold });
      currentDeps = previous;
    }
  });

  it("matches a big list in batches, one step each, with progress ending at done = total", async () => {
    const many = sampleVehicles(catalog, 5, 1200);
    const profileC = suggestProfile(await readWorkbook(brokerCCsv(many), "lista.csv")).profile;
    const brokerC = await saveBroker(database.db, { workspaceId, actorId: userId, name: "Broker C", emailDomains: ["brokerc.mx"] });
    await saveBrokerProfile(database.db, { workspaceId, actorId: userId, brokerId: brokerC.id, rules: profileC });
    const c = await newCase(brokerCCsv(many), "lista.csv", "flotas@brokerc.mx");
    expect(c.totalRows).toBe(many.length);
    expect(c.matchedRows).toBe(many.length);
    const [run] = await database.db.select().from(runnerRuns).where(eq(runnerRuns.eventId, `case-match-${c.id}-1`));
    const steps = await database.db.select({ name: runnerSteps.name }).from(runnerSteps).where(eq(runnerSteps.runId, run.id));
    const batches = steps.filter((s) => s.name.startsWith("match-rows-")).length;
    expect(batches).toBe(Math.ceil(many.length / MATCH_BATCH));
    const unmatched = await database.db.select().from(fleetRows).where(and(eq(fleetRows.caseId, c.id), eq(fleetRows.matched, false)));
    expect(unmatched).toEqual([]);
    expect(batches).toBeGreaterThan(2);
    const absent = (await listFleetRows(database.db, { workspaceId, caseId: c.id, filter: "no_match", pageSize: 500 })).rows;
    expect(absent.some((r) => String(r.canonical.brand) === "TESLA")).toBe(true);
  });

  it("holds a file that does not fit the broker's profile, saying which columns are missing", async () => {
    const c = await newCase(await brokerBWorkbook(vehicles), "fleet.xlsx", "ops@agentebajio.com.mx");
    expect(c.status).toBe("needs_profile");
    expect(c.statusMessage).toMatch(/does not fit Agente del Bajío's profile \(version 1\)/);
    expect(c.statusMessage).toMatch(/sheet "Flotilla" not found \(sheets: Instructions, Fleet\)/);
    expect(c.totalRows).toBe(0);
  });

  it("says a spreadsheet without vehicle rows is empty, naming the file, instead of sending the person to change the profile", async () => {
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet("Hoja1");
    const empty = await newCase(new Uint8Array(await blank.xlsx.writeBuffer()), "vacia.xlsx", "ops@agentebajio.com.mx");
    expect(empty.status).toBe("failed");
    expect(empty.statusMessage).toBe("vacia.xlsx has no vehicle rows: every sheet is empty. Check that this is the broker's fleet list, then open a new case with the right file.");

    // the broker's own layout with its header and no rows below it: the profile fits, the list is empty
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await brokerAWorkbook(vehicles.slice(0, 2))) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Flotilla")!;
    let header = 0;
    sheet.eachRow((row, n) => {
      if (!header && (row.values as unknown[]).includes("SUBMARCA")) header = n;
    });
    for (const range of Object.keys((sheet as unknown as { _merges: Record<string, unknown> })._merges)) sheet.unMergeCells(range);
    for (let n = header + 1; n <= sheet.rowCount; n++) sheet.getRow(n).eachCell((cell) => (cell.value = null));
    const noRows = await newCase(new Uint8Array(await book.xlsx.writeBuffer()), "solo-encabezado.xlsx", "ops@agentebajio.com.mx");
    expect(noRows.status).toBe("failed");
    expect(noRows.statusMessage).toMatch(/^solo-encabezado\.xlsx has no vehicle rows below its header \(row \d+ of sheet "Flotilla"\)\. Check that this is the broker's fleet list, then open a new case with the right file\.$/);
  });

  it("refuses a damaged file uploaded as a case naming it once, with what to do", async () => {
    const broken = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + "A".repeat(500));
    const r = await executeAction(createCaseFromUploadAction, { file: { filename: "flotilla-rota.pdf", content: broken }, brokerId: brokerAId }, { userId, workspaceId }, database.db);
    expect(r).toMatchObject({ ok: false });
    const error = (r as { error: string }).error;
    expect(error).toMatch(/^flotilla-rota\.pdf: this PDF is incomplete .* get the file again$/);
    expect(error.split("flotilla-rota.pdf")).toHaveLength(2);
  });

  it("uploading the same fleet file again points to its case instead of opening a second one", async () => {
    const file = { filename: "flotilla-repetida.xlsx", content: await brokerAWorkbook(vehicles.slice(0, 2)) };
    const session = { userId, workspaceId };
    const first = await executeAction(createCaseFromUploadAction, { file, brokerId: brokerAId }, session, database.db);
    expect(first.ok).toBe(true);
    await runner.drain();
    const cot = (first as { data: { cases: { cotNumber: string }[] } }).data.cases[0].cotNumber;
    const again = await executeAction(createCaseFromUploadAction, { file: { ...file, filename: "otra-vez.xlsx" }, brokerId: brokerAId }, session, database.db);
    expect(again).toMatchObject({ ok: false, code: "conflict", error: `otra-vez.xlsx is the same file as flotilla-repetida.xlsx, which already has case ${cot}; open it from Insurance → Cases (use Match again there to change the broker).` });
  });

  it("holds an email from an unknown sender until a broker is chosen, then matches on rematch", async () => {
    const c = await newCase(await brokerAWorkbook(vehicles.slice(0, 4)), "unidades.xlsx", "someone@unknown-broker.com");
    expect(c.status).toBe("needs_profile");
    expect(c.statusMessage).toMatch(/someone@unknown-broker.com is not a known broker\. The file fits the profile of Agente del Bajío\./);
    const again = await requestRematch(database.db, { workspaceId, actorId: userId, caseId: c.id, brokerId: brokerAId });
    await startCaseMatching(again);
    await runner.drain();
    const after = (await getCase(database.db, { workspaceId, caseId: c.id }))!;
    expect(["review", "ready"]).toContain(after.status);
    expect(after.totalRows).toBe(4);
  });

  it("opens a case from a spreadsheet already in Documents once, and refuses other files by name", async () => {
    const bytes = await brokerAWorkbook(vehicles.slice(0, 3));
    const { document } = await storeDocument(database.db, blobs, {
      workspaceId, filename: "de-la-carpeta.xlsx", contentType: "application/octet-stream", data: Buffer.from(bytes), source: "upload", uploadedBy: userId, kind: "spreadsheet",
    });
    const session = { userId, workspaceId };
    const r = await executeAction(createCaseFromDocumentAction, { documentId: document.id }, session, database.db);
    expect(r.ok).toBe(true);
    await runner.drain();
    const caseId = (r as { data: { cases: { id: string; cotNumber: string }[] } }).data.cases[0].id;
    const c = (await getCase(database.db, { workspaceId, caseId }))!;
    // no sender, but the layout is Agente del Bajío's (the only profile it fits): attributed and matched
    expect(c).toMatchObject({ documentId: document.id, filename: "de-la-carpeta.xlsx", brokerId: brokerAId, totalRows: 3 });
    expect(["review", "ready"]).toContain(c.status);
    const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, caseId), eq(auditEvents.action, "case.broker_detected")));
    expect(audit[0].after).toMatchObject({ broker: brokerAId, reason: "the file fits Agente del Bajío's profile (version 1)" });
    const again = await executeAction(createCaseFromDocumentAction, { documentId: document.id }, session, database.db);
    expect(again).toMatchObject({ ok: false, code: "conflict", error: `de-la-carpeta.xlsx already has case ${c.cotNumber}; open it from Insurance → Cases.` });
    const { document: pdf } = await storeDocument(database.db, blobs, {
      workspaceId, filename: "factura.pdf", contentType: "application/pdf", data: Buffer.from("%PDF-1.4 not really"), source: "upload", uploadedBy: userId,
    });
    expect(await executeAction(createCaseFromDocumentAction, { documentId: pdf.id }, session, database.db)).toMatchObject({ ok: false, error: expect.stringMatching(/^factura\.pdf is not a spreadsheet/) });
  });

  it("keeps what a reviewer accepted through 'Match again' when the same code comes back", async () => {
    const c = await newCase(await brokerAWorkbook(vehicles.slice(0, 8)), "flotilla-rematch.xlsx", "ventas@agentebajio.com.mx");
    const before = (await listFleetRows(database.db, { workspaceId, caseId: c.id })).rows;
    const proposals = before.filter((r) => r.machineCode && r.decision === "review");
    const autos = before.filter((r) => r.decision === "auto");
    const accepted = [...proposals, ...autos].slice(0, 3);
    expect(accepted.length).toBeGreaterThan(0);
    const first = await acceptFleetRows(database.db, { workspaceId, actorId: userId, caseId: c.id, rowIds: accepted.map((r) => r.id) });
    // the proposals whose code's use differs from the broker's PARTICULAR, accepted as a reviewer confirms them
    const confirmUse = first.useConflictSet ?? undefined;
    await acceptFleetRows(database.db, { workspaceId, actorId: userId, caseId: c.id, rowIds: accepted.map((r) => r.id), confirmUse });
    const acceptedAt = new Map((await listFleetRows(database.db, { workspaceId, caseId: c.id })).rows.filter((r) => r.reviewDecision === "accepted").map((r) => [r.sourceId, r]));
    expect(acceptedAt.size).toBe(accepted.length);

    await startCaseMatching(await requestRematch(database.db, { workspaceId, actorId: userId, caseId: c.id }));
    await runner.drain();
    const after = (await listFleetRows(database.db, { workspaceId, caseId: c.id })).rows;
    for (const r of after) {
      const was = acceptedAt.get(r.sourceId);
      if (was) {
        expect(r, `row ${r.sourceId}`).toMatchObject({ reviewDecision: "accepted", code: was.code, reviewerName: "Ana Underwriter" });
        expect(r.reviewedAt).toEqual(was.reviewedAt);
      } else {
        expect(r.reviewDecision, `row ${r.sourceId}`).toBeNull();
      }
    }
    // a different code on the rematch drops the acceptance: the reviewer must look again
    const one = after.find((r) => acceptedAt.has(r.sourceId))!;
    await database.db.update(fleetRows).set({ code: "NOT-THE-SAME" }).where(eq(fleetRows.id, one.id));
    await startCaseMatching(await requestRematch(database.db, { workspaceId, actorId: userId, caseId: c.id }));
    await runner.drain();
    const third = (await listFleetRows(database.db, { workspaceId, caseId: c.id })).rows.find((r) => r.sourceId === one.sourceId)!;
    expect(third).toMatchObject({ reviewDecision: null, code: third.decision === "auto" ? third.machineCode : null });
  });

  it("remembers a reviewer's correction for the broker and applies it, visibly, next time", async () => {
    const c = await newCase(await brokerAWorkbook(vehicles.slice(0, 6)), "flotilla-abril.xlsx", "ventas@agentebajio.com.mx");
    const { rows } = await listFleetRows(database.db, { workspaceId, caseId: c.id });
    const target = rows.find((r) => r.machineCode)!;
    const other = catalog.find((e) => e.code !== target.machineCode && e.brand === String(target.canonical.brand))!;
    await correctFleetRow(database.db, { workspaceId, actorId: userId, caseId: c.id, rowId: target.id, code: other.code });
    const nope = rows.find((r) => r.id !== target.id && r.machineCode)!;
    await correctFleetRow(database.db, { workspaceId, actorId: userId, caseId: c.id, rowId: nope.id, code: null });

    const next = await newCase(await brokerAWorkbook(vehicles.slice(0, 7)), "flotilla-mayo.xlsx", "ventas@agentebajio.com.mx");
    const again = (await listFleetRows(database.db, { workspaceId, caseId: next.id })).rows;
    const learned = again.find((r) => r.sourceId === target.sourceId)!;
    expect(learned.learned).toBe(true);
    expect(learned.machineCode).toBe(other.code);
    expect(learned.learnedFrom?.by).toBe("Ana Underwriter");
    expect(learned.learnedFrom?.at).toBeInstanceOf(Date);
    const noCode = again.find((r) => r.sourceId === nope.sourceId)!;
    expect(noCode).toMatchObject({ learned: true, machineCode: null, decision: "no_match" });
    expect(noCode.reason).toMatch(/no code in the catalog/);
  });
});

describe("quote export", () => {
  it("writes the Gcotiza file from the insurer's stored template with codes as text", async () => {
    const c = await newCase(await brokerAWorkbook(vehicles), "flotilla-junio.xlsx", "ventas@agentebajio.com.mx");
    const tpl = (await getQuoteTemplate(database.db, { workspaceId, insurerId }))!;
    expect(tpl.sheetName).toBe("COTIZACION");
    const rows = await caseExportRows(database.db, { workspaceId, caseId: c.id, startDate: "2026-12-01" });
    const buffer = await writeQuoteXlsx(rows, tpl.columns, tpl.sheetName);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("COTIZACION")!;
    expect(ws).toBeDefined();
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(tpl.columns.map((col) => col.header));
    const codeCol = headers.indexOf("CLAVE VEHICULAR") + 1;
    const coded = rows.filter((r) => r.code);
    expect(coded.length).toBeGreaterThan(0);
    for (let i = 0; i < rows.length; i++) {
      const v = ws.getRow(i + 2).getCell(codeCol).value;
      expect(v ?? "").toBe(rows[i].code);
    }
    const startCol = headers.indexOf("INICIO VIGENCIA") + 1;
    expect(ws.getRow(2).getCell(startCol).value).toEqual(new Date(Date.UTC(2026, 11, 1)));
  });
  it("describes every coded row by one rule — brand and catalog description — however its code was decided", async () => {
    const c = await newCase(await brokerAWorkbook(vehicles), "flotilla-julio.xlsx", "ventas@agentebajio.com.mx");
    const rows = (await listFleetRows(database.db, { workspaceId, caseId: c.id })).rows;
    const label = (code: string) => {
      const e = catalog.find((x) => x.code === code)!;
      return `${e.brand} ${e.description}`;
    };
    const [auto, proposal, toCorrect] = rows.filter((r) => r.decision === "auto" && r.machineCode);
    expect(toCorrect).toBeTruthy();
    // a row the matcher left in the review band: its proposal stored, no code and no description decided yet
    await database.db.update(fleetRows).set({ decision: "review", code: null, catalogDescription: null }).where(eq(fleetRows.id, proposal.id));
    for (const codes of ["confirmed", "proposed"] as const) {
      const before = await caseExportRows(database.db, { workspaceId, caseId: c.id, codes });
      expect(before.find((r) => r.sourceId === proposal.sourceId)?.catalogDescription).toBe(codes === "proposed" ? label(proposal.machineCode!) : "");
    }
    await acceptFleetRows(database.db, { workspaceId, actorId: userId, caseId: c.id, rowIds: [proposal.id] });
    const other = catalog.find((e) => e.code !== toCorrect.machineCode && e.brand === String(toCorrect.canonical.brand))!;
    await correctFleetRow(database.db, { workspaceId, actorId: userId, caseId: c.id, rowId: toCorrect.id, code: other.code });
    for (const codes of ["confirmed", "proposed"] as const) {
      const out = await caseExportRows(database.db, { workspaceId, caseId: c.id, codes });
      for (const r of out.filter((x) => x.code)) expect(r.catalogDescription, `${codes} row ${r.rowNumber}`).toBe(label(String(r.code)));
      expect(out.find((r) => r.sourceId === proposal.sourceId)?.catalogDescription).toBe(label(proposal.machineCode!));
      expect(out.find((r) => r.sourceId === auto.sourceId)?.catalogDescription).toBe(label(auto.machineCode!));
    }
  });
});
