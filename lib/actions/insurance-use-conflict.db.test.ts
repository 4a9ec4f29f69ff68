import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCase, finishCaseMatching } from "@/db/queries/insurance/cases";
import { activateCatalog, createCatalog, importCatalogEntries, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { startCaseRows } from "@/db/queries/insurance/fleet-rows";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { auditEvents, fleetRows, memberships } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { executeAction, type Session } from "@/lib/action";
import { localBlobStore } from "@/lib/blob";
import type { CatalogEntry } from "@/lib/insurance/catalog";
import type { CanonicalRow } from "@/lib/insurance/profile";
import { matchBatch } from "@/services/insurance/match-case";
import { acceptFleetRowsAction, correctFleetRowAction, searchCatalogAction } from "./insurance";

// A reviewer's hand-picked code whose catalog use contradicts the broker's use (the row says PARTICULAR, the code is a
// CARGA pickup) is not saved silently: the action answers with the conflict (row, code, both values), saves only once
// the reviewer confirms those very values, re-checks the role, and records the confirmation in the audit log.

let database: Database;
let owner: Session;
let viewer: Session;
let caseId: string;
let bulkCaseId: string;

const entry = (code: string, model: string, version: string, body: string, use: string): CatalogEntry => ({
  code, brand: "NISSAN", model, version, year: 2019, body, use, description: `${model} ${version}`,
});
const CATALOG = [
  entry("020600319", "NP300", "CAB. SENC. CHASIS 2.5L STD. 4X2", "PICKUP", "CARGA"),
  entry("020602019", "NP300", "DOBLE CAB. SE 2.5L STD. 4X2", "PICKUP", "PARTICULAR"),
  entry("020800219", "URVAN", "PASAJEROS 2.5L STD.", "VAN", "SERVICIO PUBLICO"),
];
const ROWS: CanonicalRow[] = [
  { rowNo: "1", brand: "NISSAN", model: "NP300", year: 2019, description: "DOBLE CAB SE STD 4X2", use: "PARTICULAR" },
  { rowNo: "2", brand: "NISSAN", model: "NP300", year: 2019, description: "DOBLE CAB SE STD 4X2" },
];

/** Rows for bulk accept: proposals (not auto-accepted) whose machine code's use agrees, contradicts, or is not given. */
const BULK_ROWS: CanonicalRow[] = [
  { rowNo: "1", brand: "NISSAN", model: "NP300", year: 2019, description: "CAB SENC CHASIS 2.5 STD 4X2", use: "PARTICULAR" },
  { rowNo: "2", brand: "NISSAN", model: "NP300", year: 2019, description: "DOBLE CAB SE 2.5 STD 4X2", use: "PARTICULAR" },
  { rowNo: "3", brand: "NISSAN", model: "URVAN", year: 2019, description: "PASAJEROS 2.5 STD", use: "PARTICULAR" },
  { rowNo: "4", brand: "NISSAN", model: "NP300", year: 2019, description: "CAB SENC CHASIS 2.5 STD 4X2", use: "CARGA" },
];

const rowBySource = async (sourceId: string, inCase = caseId) =>
  (await database.db.select().from(fleetRows).where(and(eq(fleetRows.caseId, inCase), eq(fleetRows.sourceId, sourceId))))[0];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const { userId, workspaceId } = await createTestUser(db, "reviewer@use-conflict.test", "Rita Reviewer");
  owner = { userId, workspaceId };
  const v = await findOrCreateUserByEmail(db, "viewer@use-conflict.test");
  await db.insert(memberships).values({ workspaceId, userId: v.id, role: "viewer" });
  viewer = { userId: v.id, workspaceId };
  const insurerId = (await createInsurer(db, { workspaceId, actorId: userId, name: "Seguros Uso" })).id;
  const catalog = await createCatalog(db, { workspaceId, actorId: userId, insurerId, filename: "catalogo.csv", blobKey: null });
  await importCatalogEntries(db, { workspaceId, catalogId: catalog.id, entries: CATALOG, errors: [] });
  await setCatalogImportState(db, { workspaceId, catalogId: catalog.id, state: "imported" });
  await activateCatalog(db, { workspaceId, actorId: userId, catalogId: catalog.id });
  const broker = await saveBroker(db, { workspaceId, actorId: userId, name: "Agente Uso", emailDomains: ["agenteuso.mx"] });
  const profile = await saveBrokerProfile(db, { workspaceId, actorId: userId, brokerId: broker.id, rules: { columns: [{ header: "MARCA", field: "brand" }] } });
  const c = await createCase(db, { workspaceId, actorId: userId, filename: "flotilla.xlsx", documentId: null, brokerId: broker.id, insurerId });
  caseId = c.id;
  await startCaseRows(db, {
    workspaceId, caseId, generation: c.generation, catalogId: catalog.id, profileId: profile.id, profileVersion: profile.version,
    rows: ROWS.map((canonical, i) => ({ rowNumber: i + 2, sourceId: String(i + 1), raw: {}, canonical })),
    errors: [],
  });
  await matchBatch({ db, blobs: localBlobStore("/nonexistent") }, { workspaceId, caseId, generation: c.generation, catalogId: catalog.id, brokerId: broker.id });
  await finishCaseMatching(db, { workspaceId, caseId, generation: c.generation });

  const b = await createCase(db, { workspaceId, actorId: userId, filename: "flotilla-2.xlsx", documentId: null, brokerId: broker.id, insurerId });
  bulkCaseId = b.id;
  await startCaseRows(db, {
    workspaceId, caseId: b.id, generation: b.generation, catalogId: catalog.id, profileId: profile.id, profileVersion: profile.version,
    rows: BULK_ROWS.map((canonical, i) => ({ rowNumber: i + 2, sourceId: String(i + 1), raw: {}, canonical })),
    errors: [],
  });
  await matchBatch({ db, blobs: localBlobStore("/nonexistent") }, { workspaceId, caseId: b.id, generation: b.generation, catalogId: catalog.id, brokerId: broker.id });
  await finishCaseMatching(db, { workspaceId, caseId: b.id, generation: b.generation });
  // every row a proposal, as a reviewer meets them under "Needs review"
  await db.update(fleetRows).set({ decision: "review", code: null }).where(eq(fleetRows.caseId, b.id));
});

afterAll(async () => database?.close());

describe("a reviewer's pick whose catalog use contradicts the broker's", () => {
  it("is not saved: the action answers with the conflict naming the row, the code and both values", async () => {
    const row = await rowBySource("1");
    expect(row.machineCode).toBe("020602019");
    const r = await executeAction(correctFleetRowAction, { caseId, rowId: row.id, code: "020600319" }, owner, database.db);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({
      saved: false,
      useConflict: { rowNumber: 2, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" },
    });
    expect(r.data.saved ? "" : r.data.reason).toContain('row 2: the broker\'s use "PARTICULAR" differs from the catalog\'s "CARGA" for code 020600319');
    expect(await rowBySource("1")).toMatchObject({ code: "020602019", reviewDecision: null });
  });

  it("refuses a confirmation of other values than the row's conflict (stale or forged)", async () => {
    const row = await rowBySource("1");
    const r = await executeAction(
      correctFleetRowAction,
      { caseId, rowId: row.id, code: "020600319", confirmUse: { broker: "PARTICULAR", catalog: "SERVICIO PUBLICO" } },
      owner,
      database.db,
    );
    expect(r).toMatchObject({ ok: true, data: { saved: false, useConflict: { catalog: "CARGA" } } });
    expect(await rowBySource("1")).toMatchObject({ reviewDecision: null });
  });

  it("checks the role before anything else: a viewer cannot confirm", async () => {
    const row = await rowBySource("1");
    const r = await executeAction(
      correctFleetRowAction,
      { caseId, rowId: row.id, code: "020600319", confirmUse: { broker: "PARTICULAR", catalog: "CARGA" } },
      viewer,
      database.db,
    );
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(await rowBySource("1")).toMatchObject({ reviewDecision: null });
  });

  it("saves once the reviewer confirms, recording the confirmed conflict in the audit log", async () => {
    const row = await rowBySource("1");
    const r = await executeAction(
      correctFleetRowAction,
      { caseId, rowId: row.id, code: "020600319", confirmUse: { broker: "PARTICULAR", catalog: "CARGA" } },
      owner,
      database.db,
    );
    expect(r).toMatchObject({ ok: true, data: { saved: true, decision: "corrected" } });
    expect(await rowBySource("1")).toMatchObject({ code: "020600319", reviewDecision: "corrected" });
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, row.id), eq(auditEvents.action, "fleet_row.corrected")));
    expect(audit.actorId).toBe(owner.userId);
    expect(audit.after).toMatchObject({
      code: "020600319",
      useConflictConfirmed: expect.stringContaining('row 2: the broker\'s use "PARTICULAR" differs from the catalog\'s "CARGA" for code 020600319'),
    });
  });

  it("saves a pick without a conflict at once (no use given, or the same use)", async () => {
    const row = await rowBySource("2");
    const r = await executeAction(correctFleetRowAction, { caseId, rowId: row.id, code: "020600319" }, owner, database.db);
    expect(r).toMatchObject({ ok: true, data: { saved: true, decision: "corrected" } });
    const back = await executeAction(correctFleetRowAction, { caseId, rowId: (await rowBySource("1")).id, code: "020602019" }, owner, database.db);
    expect(back).toMatchObject({ ok: true, data: { saved: true, decision: "accepted" } });
  });
});

describe("bulk accept of proposed codes whose catalog use contradicts the broker's", () => {
  const bulk = (sourceId: string) => rowBySource(sourceId, bulkCaseId);

  it("accepts the other rows and leaves those, naming each row, its code and both values", async () => {
    expect((await bulk("1")).machineCode).toBe("020600319");
    expect((await bulk("3")).machineCode).toBe("020800219");
    const r = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId }, owner, database.db);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.accepted).toBe(2);
    expect(r.data.status).toBe("review");
    expect(r.data.useConflicts.map((u) => [u.sourceId, u.useConflict])).toEqual([
      ["1", { rowNumber: 2, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" }],
      ["3", { rowNumber: 4, code: "020800219", broker: "PARTICULAR", catalog: "SERVICIO PUBLICO" }],
    ]);
    expect(r.data.useConflicts[0].reason).toContain('row 2: the broker\'s use "PARTICULAR" differs from the catalog\'s "CARGA" for code 020600319');
    expect(await bulk("1")).toMatchObject({ reviewDecision: null, code: null });
    expect(await bulk("3")).toMatchObject({ reviewDecision: null, code: null });
    expect(await bulk("2")).toMatchObject({ reviewDecision: "accepted", code: "020602019" });
    expect(await bulk("4")).toMatchObject({ reviewDecision: "accepted", code: "020600319" });
  });

  it("leaves them when the rows are picked by id too (Accept selected, the a key)", async () => {
    const r = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId, rowIds: [(await bulk("1")).id] }, owner, database.db);
    expect(r).toMatchObject({ ok: true, data: { accepted: 0, useConflicts: [{ sourceId: "1", useConflict: { catalog: "CARGA" } }] } });
    expect(await bulk("1")).toMatchObject({ reviewDecision: null });
  });

  it("accepts the rows of the very set the reviewer confirmed; a stale or forged set accepts none of them", async () => {
    const [one, three] = [await bulk("1"), await bulk("3")];
    const rowIds = [one.id, three.id];
    const first = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId, rowIds }, owner, database.db);
    expect(first).toMatchObject({ ok: true, data: { accepted: 0, useConflictSet: { count: 2 } } });
    const both = first.ok ? first.data.useConflictSet! : null;
    const forged = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId, rowIds, confirmUse: { count: 2, digest: "f".repeat(32) } }, owner, database.db);
    expect(forged).toMatchObject({ ok: true, data: { accepted: 0, useConflictsChanged: true, useConflictSet: both, useConflicts: [{ sourceId: "1" }, { sourceId: "3" }] } });
    // the set of rows 1 and 3, confirmed for row 1 alone: not the set this accept finds, so nothing is accepted
    const other = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId, rowIds: [one.id], confirmUse: both! }, owner, database.db);
    expect(other).toMatchObject({ ok: true, data: { accepted: 0, useConflictsChanged: true, useConflictSet: { count: 1 } } });
    expect(await bulk("1")).toMatchObject({ reviewDecision: null });
    const confirmUse = other.ok ? other.data.useConflictSet! : undefined;
    const r = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId, rowIds: [one.id], confirmUse }, owner, database.db);
    expect(r).toMatchObject({ ok: true, data: { accepted: 1, status: "review", useConflicts: [], useConflictSet: null, useConflictsChanged: false } });
    expect(await bulk("1")).toMatchObject({ reviewDecision: "accepted", code: "020600319" });
    expect(await bulk("3")).toMatchObject({ reviewDecision: null });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, one.id), eq(auditEvents.action, "fleet_row.accepted")));
    expect(audit.actorId).toBe(owner.userId);
    expect(audit.after).toMatchObject({
      code: "020600319",
      useConflictConfirmed: expect.stringContaining('row 2: the broker\'s use "PARTICULAR" differs from the catalog\'s "CARGA" for code 020600319'),
    });
  });

  it("checks the role: a viewer can neither accept nor confirm", async () => {
    const left = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId }, owner, database.db);
    const confirmUse = left.ok ? left.data.useConflictSet! : undefined;
    expect(confirmUse).toMatchObject({ count: 1 });
    const r = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId, confirmUse }, viewer, database.db);
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(await bulk("3")).toMatchObject({ reviewDecision: null });
  });

  it("Accept all with the confirmation accepts the last row and the case is ready", async () => {
    const left = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId }, owner, database.db);
    expect(left).toMatchObject({ ok: true, data: { accepted: 0, useConflicts: [{ sourceId: "3", useConflict: { catalog: "SERVICIO PUBLICO" } }] } });
    const confirmUse = left.ok ? left.data.useConflictSet! : undefined;
    const r = await executeAction(acceptFleetRowsAction, { caseId: bulkCaseId, confirmUse }, owner, database.db);
    expect(r).toMatchObject({ ok: true, data: { accepted: 1, status: "ready", useConflicts: [] } });
    expect(await bulk("3")).toMatchObject({ reviewDecision: "accepted", code: "020800219" });
  });
});

describe("the catalog search dialog", () => {
  it("shows each hit's use and flags a use that contradicts the row's USO before the reviewer picks", async () => {
    const row = await rowBySource("1", bulkCaseId); // PARTICULAR
    const r = await executeAction(searchCatalogAction, { caseId: bulkCaseId, rowId: row.id, query: "NP300 2019" }, viewer, database.db);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byCode = new Map(r.data.map((h) => [h.code, h]));
    expect(byCode.get("020600319")).toMatchObject({ use: "CARGA", useConflict: { rowNumber: 2, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" } });
    expect(byCode.get("020602019")).toMatchObject({ use: "PARTICULAR", useConflict: null });
  });

  it("flags nothing for a row without a use, and a use of the same kind in other words agrees", async () => {
    const none = await rowBySource("2"); // no use given
    const r = await executeAction(searchCatalogAction, { caseId, rowId: none.id, query: "NP300" }, owner, database.db);
    expect(r.ok && r.data.length > 0 && r.data.every((h) => h.useConflict === null && h.use)).toBe(true);
    const carga = await rowBySource("4", bulkCaseId); // CARGA
    const c = await executeAction(searchCatalogAction, { caseId: bulkCaseId, rowId: carga.id, query: "NP300" }, owner, database.db);
    expect(c.ok && c.data.find((h) => h.code === "020602019")?.useConflict).toMatchObject({ broker: "CARGA", catalog: "PARTICULAR" });
    expect(c.ok && c.data.find((h) => h.code === "020600319")?.useConflict).toBeNull();
  });

  it("refuses a row of another case", async () => {
    const other = await rowBySource("1");
    const r = await executeAction(searchCatalogAction, { caseId: bulkCaseId, rowId: other.id, query: "NP300" }, owner, database.db);
    expect(r).toMatchObject({ ok: false, code: "not_found" });
  });
});
