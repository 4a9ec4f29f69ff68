import { vi } from "vitest";

// Before any module reads the environment (inngest/client reads it at import).
await vi.hoisted(async () => {
  (await import("@/db/testing/app-env")).useScratchAppEnv("embed-catalog");
  // OpenAI "on" for the Build embeddings action; the functions themselves use the local server through deps below.
  process.env.OPENAI_API_KEY = "sk-test-env";
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { nearestInMemory, nearestVersionTexts, nearestWithPgvector, refreshCatalogVectors } from "@/db/queries/catalog-vectors";
import { storeDocument } from "@/db/queries/documents";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCase, getCase } from "@/db/queries/insurance/cases";
import { activateCatalog, createCatalog, getCatalog } from "@/db/queries/insurance/catalogs";
import { listFleetRows } from "@/db/queries/insurance/fleet-rows";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { catalogVectors, runnerSteps } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { executeAction } from "@/lib/action";
import { buildCatalogEmbeddingsAction } from "@/lib/actions/insurance";
import { localBlobStore } from "@/lib/blob";
import { createOpenAIEmbedder, entryEmbeddingText } from "@/lib/insurance/embeddings";
import { suggestProfile } from "@/lib/insurance/profile";
import { createOpenAIReranker } from "@/lib/insurance/reranker";
import { readWorkbook } from "@/lib/insurance/workbook";
import type { RunnerHandle } from "@/lib/runner/runner";
import { completion, scriptedOpenAI } from "@/lib/testing/openai-server";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { CATALOG_SEARCH_KEYS_VERSION } from "@/lib/insurance/catalog-keys";
import { embedNextTexts } from "@/services/insurance/embed-catalog";
import type { MatchCaseDeps } from "@/services/insurance/match-deps";
import { refreshStaleCatalogEmbeddings } from "@/services/insurance/rekey-catalogs";
import { createEmbedCatalogFunction } from "./embed-catalog";
import { createImportCatalogFunction } from "./import-catalog";
import { createMatchCaseFunction } from "./match-case";

const startCatalogImport = (c: { id: string; workspaceId: string }) => sendEvents(appEvent.catalogUploaded(c));
const startCaseMatching = (c: { id: string; workspaceId: string; generation: number }) => sendEvents(appEvent.caseCreated(c));
let currentDeps: () => Promise<MatchCaseDeps>;
const viaCurrent = () => currentDeps();

// Catalog embeddings end to end through the embedded runner, against a local server speaking OpenAI's embeddings
// and chat protocol: import → embed (one vector per distinct version text, in steps, progress on the catalog) →
// a case whose rows the offline matcher cannot place by model name gains candidates by meaning, and the re-ranker's
// pick goes to review, never auto-accepted. This file runs on PGlite (pgvector: distances in SQL) in `npm test` and
// on Debian's PostgreSQL (no pgvector: distances in process) in `npm run test:pg`; the expectations are the same.

const openai = scriptedOpenAI();
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-embed-blobs-")));
let database: Database;
let runner: RunnerHandle;
let workspaceId: string;
let userId: string;
let insurerId: string;
let catalogId: string;
let brokerId: string;
let withAI: boolean;

const CATALOG = [
  "code,brand,model,version,year,body,use,description",
  // NP300 double and single cab, three years; the double cab SE is what the broker means below
  ...[2018, 2019, 2020].flatMap((y, i) => [
    `0${1000 + i * 10},NISSAN,NP300,DOBLE CABINA SE TM AC,${y},PICKUP,PARTICULAR,NP300 DOBLE CABINA SE TM AC 4X2`,
    `0${1001 + i * 10},NISSAN,NP300,CHASIS CABINA TM,${y},PICKUP,COMERCIAL,NP300 CHASIS CABINA TM 4X2`,
    `0${1002 + i * 10},NISSAN,VERSA,SENSE TM,${y},SEDAN,PARTICULAR,VERSA SENSE TM 4P`,
    `0${1003 + i * 10},NISSAN,VERSA,ADVANCE AUT,${y},SEDAN,PARTICULAR,VERSA ADVANCE AUT 4P`,
    `0${1004 + i * 10},TOYOTA,HILUX,DOBLE CABINA SR TM,${y},PICKUP,PARTICULAR,HILUX DOBLE CABINA SR TM 4X2`,
  ]),
].join("\n");

const FLEET = [
  "No.,MARCA,SUBMARCA,AÑO,DESCRIPCION",
  "1,NISSAN,VERSA,2019,SENSE TM 4P", // the offline matcher is sure: auto, never looked up
  "2,NISSAN,CAMIONETA,2019,DOBLE CABINA SE TM AC", // model word the catalog does not know: looked up by meaning
  "3,NISSAN,NP300,2024,DOBLE CABINA SE", // year not offered: stays an abstention
  "4,TESLA,MODEL 3,2019,LONG RANGE", // brand not carried: stays an abstention
].join("\n");

function deps(over: Partial<MatchCaseDeps> = {}): () => Promise<MatchCaseDeps> {
  return async () => ({ db: database.db, vector: database.hasVector, blobs, ...(withAI ? aiDeps() : {}), ...over });
}

function aiDeps() {
  return {
    embedder: createOpenAIEmbedder({ apiKey: "sk-test", baseURL: openai.baseURL, dimensions: 64, batchSize: 4, maxRetries: 1 }),
    reranker: createOpenAIReranker({ apiKey: "sk-test", baseURL: openai.baseURL, model: "gpt-test", maxRetries: 0 }),
  };
}

function useDeps(d: () => Promise<MatchCaseDeps>) {
  currentDeps = d;
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId } = await createTestUser(database.db, "embeddings@insurance.test", "Eva Embeddings"));
  insurerId = (await createInsurer(database.db, { workspaceId, actorId: userId, name: "Seguros Vectores" })).id;
  runner = await startTestRunner(database, [createMatchCaseFunction(viaCurrent), createImportCatalogFunction(viaCurrent), createEmbedCatalogFunction(viaCurrent)], { backoff: () => 0 });
  const broker = await saveBroker(database.db, { workspaceId, actorId: userId, name: "Flotillas Norte", emailDomains: ["flotillasnorte.mx"] });
  brokerId = broker.id;
  await saveBrokerProfile(database.db, { workspaceId, actorId: userId, brokerId, rules: suggestProfile(await readWorkbook(Buffer.from(FLEET), "flota.csv")).profile });
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

async function importCatalogFile(csv: string) {
  const key = `${workspaceId}/catalogs/${Date.now()}.csv`;
  await blobs.put(key, Buffer.from(csv), "text/csv");
  const c = await createCatalog(database.db, { workspaceId, actorId: userId, insurerId, filename: "catalogo.csv", blobKey: key });
  await startCatalogImport(c);
  await runner.drain();
  return (await getCatalog(database.db, { workspaceId, catalogId: c.id }))!;
}

async function matchFleet() {
  const { document } = await storeDocument(database.db, blobs, {
    workspaceId, filename: "flota.csv", contentType: "text/csv", data: Buffer.from(FLEET), source: "upload", uploadedBy: userId, kind: "spreadsheet",
  });
  const c = await createCase(database.db, { workspaceId, actorId: userId, filename: "flota.csv", documentId: document.id, senderAddress: "ops@flotillasnorte.mx" });
  await startCaseMatching(c);
  await runner.drain();
  const rows = (await listFleetRows(database.db, { workspaceId, caseId: c.id, pageSize: 50 })).rows;
  return { caseId: c.id, rows: new Map(rows.map((r) => [r.sourceId, r])) };
}

describe("embed-catalog", () => {
  it("leaves a catalog without embeddings when OpenAI is off, and sends nothing", async () => {
    withAI = false;
    useDeps(deps());
    const c = await importCatalogFile(CATALOG);
    expect(c.importState).toBe("imported");
    expect(c.embeddingState).toBe("none");
    expect(openai.received).toEqual([]);
  });

  it("embeds one vector per distinct version text after the import, in steps, with progress on the catalog", async () => {
    withAI = true;
    useDeps(deps());
    const c = await importCatalogFile(CATALOG);
    catalogId = c.id;
    await activateCatalog(database.db, { workspaceId, actorId: userId, catalogId });
    expect(c.importedRows).toBe(15);
    expect(c).toMatchObject({ embeddingState: "ready", embeddingModel: "text-embedding-3-small@64", embeddingTotal: 5, embeddingDone: 5, embeddingError: null });
    // 5 texts, 4 per request: two requests, each asking base64 floats of 64 dimensions (what the real client asks)
    const asked = openai.received.filter((r) => r.path === "/v1/embeddings");
    expect(asked.map((r) => (r.body.input as string[]).length)).toEqual([4, 1]);
    expect(asked[0].body).toMatchObject({ model: "text-embedding-3-small", dimensions: 64, encoding_format: "base64" });
    expect(asked[0].auth).toBe("Bearer sk-test");
    const stored = await database.db.select().from(catalogVectors).where(and(eq(catalogVectors.workspaceId, workspaceId), eq(catalogVectors.catalogId, catalogId)));
    const np300 = stored.find((v) => v.text === entryEmbeddingText({ brand: "NISSAN", model: "NP300", version: "DOBLE CABINA SE TM AC", description: "NP300 DOBLE CABINA SE TM AC 4X2" }))!;
    expect(np300).toMatchObject({ brandKey: "NISSAN", years: [2018, 2019, 2020] });
    expect(np300.embedding).toHaveLength(64);
    expect(Math.hypot(...np300.embedding!)).toBeCloseTo(1, 4);
  });

  it("finds the nearest texts with pgvector when the database has it and in process otherwise, with the same answer", async () => {
    const [vector] = await aiDeps().embedder.embed(["NISSAN CAMIONETA DC SE STD AC"]);
    const q = { workspaceId, catalogId, vector, brandKey: "NISSAN", year: 2019, limit: 3 };
    const { hits, via } = await nearestVersionTexts(database, q);
    expect(via).toBe(database.hasVector ? "pgvector" : "memory");
    expect(database.hasVector).toBe(database.engine === "pglite" ? true : database.hasVector);
    expect(hits).toHaveLength(3);
    expect(hits[0].text).toContain("NP300 DC SE");
    expect(hits.every((h) => !h.text.includes("HILUX"))).toBe(true); // brand filter
    const inMemory = await nearestInMemory(database.db, q);
    expect(inMemory.map((h) => h.text)).toEqual(hits.map((h) => h.text));
    inMemory.forEach((h, i) => expect(h.similarity).toBeCloseTo(hits[i].similarity, 4));
    if (database.hasVector) {
      expect((await nearestWithPgvector(database.db, { ...q, year: 2031 }))).toEqual([]); // year filter in SQL
    }
    expect(await nearestInMemory(database.db, { ...q, year: 2031 })).toEqual([]);
  });
});

describe("catalogs embedded before the current text rule", () => {
  const vectorsOf = async (id: string) =>
    new Map(
      (await database.db.select().from(catalogVectors).where(and(eq(catalogVectors.workspaceId, workspaceId), eq(catalogVectors.catalogId, id)))).map((v) => [v.text, v]),
    );
  const np300 = entryEmbeddingText({ brand: "NISSAN", model: "NP300", version: "DOBLE CABINA SE TM AC", description: "NP300 DOBLE CABINA SE TM AC 4X2" });
  const hilux = entryEmbeddingText({ brand: "TOYOTA", model: "HILUX", version: "DOBLE CABINA SR TM", description: "HILUX DOBLE CABINA SR TM 4X2" });
  /** What an older rule wrote for a text (not what the current rule writes for any entry). */
  const older = (text: string) => text.replace(/\bDC\b/, "DOBLE CABINA");

  it("re-embeds at start-up only the texts the current rule writes differently, keeping the other vectors; a second start does nothing", async () => {
    withAI = true;
    useDeps(deps());
    expect((await getCatalog(database.db, { workspaceId, catalogId }))?.embeddingTextsVersion).toBe(CATALOG_SEARCH_KEYS_VERSION);
    const before = await vectorsOf(catalogId);
    expect(older(np300)).not.toBe(np300);
    // as an older rule left it: the NP300 double cab's text written the old way, the catalog marked with no rule version
    await database.db.update(catalogVectors).set({ text: older(np300) }).where(eq(catalogVectors.id, before.get(np300)!.id));
    await database.db.execute(sql`update catalogs set embedding_texts_version = 0 where id = ${catalogId}`);
    openai.received.length = 0;

    const lines: string[] = [];
    const log = { log: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    expect(await refreshStaleCatalogEmbeddings(database.db, aiDeps().embedder, log)).toEqual([{ id: catalogId, workspaceId }]);
    expect(lines).toEqual(["[docket] catalog embeddings: 1 catalog(s) embedded before the current text rule are being refreshed (only changed texts)"]);
    await runner.drain();

    // one request, for the one changed text
    expect(openai.received.filter((r) => r.path === "/v1/embeddings").map((r) => r.body.input)).toEqual([[np300]]);
    const after = await vectorsOf(catalogId);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(after.get(np300)!.embedding).toHaveLength(64);
    expect(after.get(np300)!.years).toEqual([2018, 2019, 2020]);
    for (const [text, v] of before) if (text !== np300) expect(after.get(text), text).toMatchObject({ id: v.id, embedding: v.embedding });
    expect(await getCatalog(database.db, { workspaceId, catalogId })).toMatchObject({
      embeddingState: "ready", embeddingTotal: 5, embeddingDone: 5, embeddingTextsVersion: CATALOG_SEARCH_KEYS_VERSION,
    });

    openai.received.length = 0;
    lines.length = 0;
    expect(await refreshStaleCatalogEmbeddings(database.db, aiDeps().embedder, log)).toEqual([]);
    await runner.drain();
    expect(lines).toEqual([]);
    expect(openai.received).toEqual([]);
    // with OpenAI off nothing is looked at
    expect(await refreshStaleCatalogEmbeddings(database.db, null, log)).toEqual([]);
  });

  it("resumes a refresh stopped half-way: texts already embedded keep their vectors, only the rest are asked for", async () => {
    withAI = true;
    const before = await vectorsOf(catalogId);
    for (const text of [np300, hilux]) await database.db.update(catalogVectors).set({ text: older(text) === text ? `${text} OLD` : older(text) }).where(eq(catalogVectors.id, before.get(text)!.id));
    const first = await refreshCatalogVectors(database.db, { workspaceId, catalogId });
    expect(first).toMatchObject({ texts: 5, dropped: 2, added: 2, toEmbed: 2 });
    expect(await getCatalog(database.db, { workspaceId, catalogId })).toMatchObject({ embeddingState: "embedding", embeddingTotal: 5, embeddingDone: 3 });
    openai.received.length = 0;
    // one batch of one text done, then the run stops
    const d = await deps()();
    expect(await embedNextTexts(d, { workspaceId, catalogId, model: d.embedder!.model, limit: 1 })).toEqual({ done: 4, more: true });
    const again = await refreshCatalogVectors(database.db, { workspaceId, catalogId });
    expect(again).toMatchObject({ texts: 5, dropped: 0, added: 0, toEmbed: 1 });
    expect(await embedNextTexts(d, { workspaceId, catalogId, model: d.embedder!.model })).toEqual({ done: 5, more: false });
    const asked = openai.received.filter((r) => r.path === "/v1/embeddings").flatMap((r) => r.body.input as string[]);
    expect(asked.sort()).toEqual([np300, hilux].sort());
    const after = await vectorsOf(catalogId);
    expect([...after.values()].every((v) => v.embedding?.length === 64)).toBe(true);
    await database.db.execute(sql`update catalogs set embedding_state = 'ready' where id = ${catalogId}`);
  });
});

describe("matching with lookup by meaning", () => {
  it("gives rows with an unrecognised model candidates by meaning; the re-ranker's pick goes to review", async () => {
    withAI = true;
    useDeps(deps());
    openai.script.push(({ body }) => {
      const items = (JSON.parse((body.messages as Array<{ content: string }>)[1].content) as { items: Array<{ id: string; candidates: Array<{ code: string; description: string }> }> }).items;
      return {
        status: 200,
        body: completion(
          JSON.stringify({
            results: items.map((it) => ({ id: it.id, code: it.candidates.find((c) => c.description.includes("DOBLE CABINA SE"))?.code ?? null, confidence: 0.97, reason: "CAMIONETA DOBLE CABINA SE is the NP300 double cab" })),
          }),
        ),
      };
    });
    const { rows } = await matchFleet();
    expect(rows.get("1")).toMatchObject({ decision: "auto", machineCode: "01012" });
    const looked = rows.get("2")!;
    expect(looked.candidates[0]).toMatchObject({ code: "01010", year: 2019, via: "embedding" });
    expect(looked.candidates.every((c) => c.year === 2019)).toBe(true);
    expect(looked).toMatchObject({ decision: "review", machineCode: "01010" });
    expect(looked.confidence).toBeLessThan(0.9);
    expect(looked.reason).toMatch(/re-ranked by OpenAI.*did not recognise this model, so a reviewer confirms/);
    expect(rows.get("3")).toMatchObject({ decision: "no_match", machineCode: null });
    expect(rows.get("3")!.reason).toMatch(/year 2024 is not offered/);
    expect(rows.get("4")).toMatchObject({ decision: "no_match", machineCode: null });
    // one embeddings request for the one row that wanted a lookup; one chat request for it
    const emb = openai.received.filter((r) => r.path === "/v1/embeddings");
    expect(emb.map((r) => r.body.input)).toEqual([["NISSAN CAMIONETA DC SE STD AC"]]);
    const chat = openai.received.filter((r) => r.path === "/v1/chat/completions");
    expect(chat).toHaveLength(1);
  });

  it("keeps the offline answers when the embeddings API fails, and says so in the step's output", async () => {
    withAI = true;
    useDeps(deps());
    for (let i = 0; i < 2; i++) openai.embeddingScript.push({ status: 500, body: { error: { message: "upstream down" } } });
    const { rows } = await matchFleet();
    expect(rows.get("2")).toMatchObject({ decision: "no_match", machineCode: null });
    expect(rows.get("2")!.candidates.some((c) => c.via === "embedding")).toBe(false);
    const [step] = await database.db.select({ output: runnerSteps.output }).from(runnerSteps).where(eq(runnerSteps.name, "match-rows-0")).orderBy(desc(runnerSteps.endedAt)).limit(1);
    expect(step.output).toMatchObject({ lookedUp: 0, errors: [expect.stringMatching(/lookup by meaning skipped for 1 row\(s\): Embedding texts 1–1 failed \(HTTP 500\)/)] });
    expect(openai.received.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(0);
  });

  it("does not look up by meaning with a catalog embedded by another model", async () => {
    withAI = true;
    useDeps(deps({ embedder: createOpenAIEmbedder({ apiKey: "sk-test", baseURL: openai.baseURL, model: "text-embedding-3-large", dimensions: 64 }) }));
    const { rows } = await matchFleet();
    expect(rows.get("2")).toMatchObject({ decision: "no_match" });
    expect(openai.received).toEqual([]);
  });
});

describe("embedding failures", () => {
  it("marks the catalog failed with the reason after the retries, and matching still works offline", async () => {
    withAI = true;
    useDeps(deps());
    // every embeddings request fails: the client's own retry, then the step's retries
    openai.embeddingScript.push(...Array.from({ length: 40 }, () => ({ status: 500, body: { error: { message: "upstream down" } } })));
    const c = await importCatalogFile(CATALOG);
    expect(c.embeddingState).toBe("failed");
    expect(c.embeddingError).toMatch(/Embedding failed: Embedding texts 1–4 failed \(HTTP 500\).*use "Build embeddings" to try again/);
    openai.embeddingScript.length = 0;
    openai.received.length = 0;
    await activateCatalog(database.db, { workspaceId, actorId: userId, catalogId: c.id });
    const { caseId, rows } = await matchFleet();
    expect((await getCase(database.db, { workspaceId, caseId }))?.catalogId).toBe(c.id);
    expect(rows.get("1")).toMatchObject({ decision: "auto", machineCode: "01012" });
    expect(rows.get("2")).toMatchObject({ decision: "no_match" });
    expect(openai.received).toEqual([]); // a failed catalog's vectors are not used
  });

  it("lets an admin rebuild a failed catalog's embeddings (Build embeddings on the Catalogs page)", async () => {
    withAI = true;
    useDeps(deps());
    const c = await importCatalogFile(CATALOG);
    expect(c.embeddingState).toBe("ready");
    // make it failed as a run that gave up leaves it, then ask again as the workspace owner
    await database.db.execute(sql`update catalogs set embedding_state = 'failed', embedding_error = 'Embedding failed: down' where id = ${c.id}`);
    const session = { userId, workspaceId };
    const r = await executeAction(buildCatalogEmbeddingsAction, { catalogId: c.id }, session, database.db);
    expect(r).toMatchObject({ ok: true, data: { id: c.id, model: "text-embedding-3-small@256" } });
    expect((await getCatalog(database.db, { workspaceId, catalogId: c.id }))?.embeddingState).toBe("queued");
    const again = await executeAction(buildCatalogEmbeddingsAction, { catalogId: c.id }, session, database.db);
    expect(again).toMatchObject({ ok: false, error: expect.stringMatching(/already being embedded/) });
    await runner.drain();
    expect(await getCatalog(database.db, { workspaceId, catalogId: c.id })).toMatchObject({ embeddingState: "ready", embeddingError: null, embeddingDone: 5 });
  });
});
