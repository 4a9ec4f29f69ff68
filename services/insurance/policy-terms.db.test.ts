import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCase, finishCaseMatching } from "@/db/queries/insurance/cases";
import { activateCatalog, createCatalog, importCatalogEntries, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { acceptFleetRows } from "@/db/queries/insurance/fleet-row-review";
import { startCaseRows } from "@/db/queries/insurance/fleet-rows";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { fleetRows } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { localBlobStore } from "@/lib/blob";
import type { CatalogEntry } from "@/lib/insurance/catalog";
import type { CanonicalRow } from "@/lib/insurance/profile";
import { exportCase } from "./export-case";
import { matchBatch } from "./match-case";

// COBERTURA, DEDUCIBLE and PLACAS as brokers write them, through matching and the quote export on a real engine: the
// app keeps the broker's writing, the quote file gets the standard terms; a deductible no rule settles sends the row to
// review naming row and field and stops the quote export with what to do; plates pending are a note and a blank cell.

let database: Database;
let workspaceId: string;
let userId: string;

const entry = (code: string, version: string): CatalogEntry => ({
  code, brand: "VOLKSWAGEN", model: "JETTA", version, year: 2019, body: "SEDAN", use: "PARTICULAR", description: `JETTA ${version}`,
});
const CATALOG = [entry("010100319", "COMFORTLINE 1.4T AUT."), entry("010100119", "TRENDLINE 2.5L STD.")];
const row = (rowNo: string, extra: Partial<CanonicalRow>): CanonicalRow => ({ rowNo, brand: "VOLKSWAGEN", model: "JETTA", year: 2019, description: "COMFORTLINE 1.4T AUT", insuredValue: 380000, ...extra });

async function caseWith(rows: CanonicalRow[], name: string) {
  const db = database.db;
  const insurerId = (await createInsurer(db, { workspaceId, actorId: userId, name })).id;
  const catalog = await createCatalog(db, { workspaceId, actorId: userId, insurerId, filename: "catalogo.csv", blobKey: null });
  await importCatalogEntries(db, { workspaceId, catalogId: catalog.id, entries: CATALOG, errors: [] });
  await setCatalogImportState(db, { workspaceId, catalogId: catalog.id, state: "imported" });
  await activateCatalog(db, { workspaceId, actorId: userId, catalogId: catalog.id });
  const broker = await saveBroker(db, { workspaceId, actorId: userId, name: `Agente ${name}`, emailDomains: [`${name.toLowerCase().replace(/\W/g, "")}.mx`] });
  const profile = await saveBrokerProfile(db, { workspaceId, actorId: userId, brokerId: broker.id, rules: { columns: [{ header: "MARCA", field: "brand" }] } });
  const c = await createCase(db, { workspaceId, actorId: userId, filename: "flotilla.xlsx", documentId: null, brokerId: broker.id, insurerId });
  await startCaseRows(db, {
    workspaceId, caseId: c.id, generation: c.generation, catalogId: catalog.id, profileId: profile.id, profileVersion: profile.version,
    rows: rows.map((canonical, i) => ({ rowNumber: i + 2, sourceId: String(i + 1), raw: {}, canonical })),
    errors: [],
  });
  await matchBatch({ db, blobs: localBlobStore("/nonexistent") }, { workspaceId, caseId: c.id, generation: c.generation, catalogId: catalog.id, brokerId: broker.id });
  await finishCaseMatching(db, { workspaceId, caseId: c.id, generation: c.generation });
  const stored = await db.select().from(fleetRows).where(and(eq(fleetRows.workspaceId, workspaceId), eq(fleetRows.caseId, c.id)));
  return { caseId: c.id, rows: new Map(stored.map((r) => [r.sourceId, r])) };
}

async function quoteSheet(body: Buffer | string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("COTIZACION")!;
  const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  return (r: number, header: string) => ws.getRow(r + 1).getCell(headers.indexOf(header) + 1).value;
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId } = await createTestUser(database.db, "terms@policy.test"));
});

afterAll(async () => database?.close());

describe("policy terms through matching and the quote export", () => {
  it("writes the standard terms in the quote file and keeps the broker's writing in the app", async () => {
    const { caseId, rows } = await caseWith(
      [
        row("1", { coverage: "Amp.", deductible: "DAÑOS MATERIALES 5 ROBO TOTAL 10", plate: "abc-12-34" }),
        row("2", { coverage: "R.C.", deductible: 0.1, plate: "S/P" }),
        row("3", { coverage: "limitada", deductible: "DM 3% RT 5%", plate: "EN TRAMITE" }),
      ],
      "Terminos",
    );
    expect(rows.get("1")).toMatchObject({ decision: "auto", code: "010100319", canonical: { coverage: "Amp.", deductible: "DAÑOS MATERIALES 5 ROBO TOTAL 10", plate: "abc-12-34" } });
    // plates pending: a note, not a hold
    expect(rows.get("2")).toMatchObject({ decision: "auto", code: "010100319", canonical: { plate: "S/P" } });
    expect(rows.get("2")!.reason).toContain('row 3, PLACAS "S/P": plates pending; the quote file leaves PLACAS blank');
    const out = await exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "quote", startDate: "2026-12-01" });
    const at = await quoteSheet(out.body);
    expect([at(1, "COBERTURA"), at(1, "DEDUCIBLE DM"), at(1, "PLACAS")]).toEqual(["AMPLIA", 0.05, "ABC1234"]);
    expect([at(2, "COBERTURA"), at(2, "DEDUCIBLE DM"), at(2, "PLACAS")]).toEqual(["RESPONSABILIDAD CIVIL", 0.1, null]);
    expect([at(3, "COBERTURA"), at(3, "DEDUCIBLE DM"), at(3, "PLACAS")]).toEqual(["LIMITADA", 0.03, null]);
    // the generic results keep the broker's writing
    const csv = await exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "csv" });
    expect(String(csv.body)).not.toContain("ABC1234");
  });

  it("sends a deductible no rule settles to review naming row and field, and the quote export says what to do", async () => {
    const { caseId, rows } = await caseWith([row("1", { deductible: "5/10" }), row("2", { coverage: "AMPLIA PLUS", deductible: "5%" })], "Ambiguo");
    expect(rows.get("1")).toMatchObject({ decision: "review", machineCode: "010100319", code: null });
    expect(rows.get("1")!.reason).toContain('row 2, DEDUCIBLE "5/10": two percentages without saying which is daños materiales and which robo total; write it as DM 5% RT 10%');
    expect(rows.get("2")).toMatchObject({ decision: "review" });
    expect(rows.get("2")!.reason).toContain('row 3, COBERTURA "AMPLIA PLUS": not one of AMPLIA, LIMITADA, RESPONSABILIDAD CIVIL');
    await acceptFleetRows(database.db, { workspaceId, actorId: userId, caseId });
    await expect(exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "quote", startDate: "2026-12-01" })).rejects.toThrow(
      /row 1 \(DEDUCIBLE DM\): DEDUCIBLE "5\/10" \(spreadsheet row 2\): two percentages .* write it as DM 5% RT 10% and match again/,
    );
  });
});
