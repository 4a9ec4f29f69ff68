import ExcelJS from "exceljs";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCase, finishCaseMatching, requireCase } from "@/db/queries/insurance/cases";
import { activateCatalog, catalogEntriesByCode, createCatalog, importCatalogEntries, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { acceptFleetRows } from "@/db/queries/insurance/fleet-row-review";
import { startCaseRows } from "@/db/queries/insurance/fleet-rows";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { auditEvents, fleetRows, quoteTemplates } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { localBlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";
import type { CatalogEntry } from "@/lib/insurance/catalog";
import type { QuoteTemplate } from "@/lib/insurance/export";
import type { CanonicalRow } from "@/lib/insurance/profile";
import { exportCase } from "./export-case";
import { matchBatch } from "./match-case";

// The quote file produced through the services on a real engine: rows matched by the offline matcher against a
// catalog whose entries carry their use, then exported with the insurer's stored template. The file states the
// vehicle the insurer's way (its brand spelling, its year, its use), and a broker's use the catalog contradicts is
// kept, flagged for review with the row and both values, and recorded on the export.

let database: Database;
let workspaceId: string;
let userId: string;
let insurerId: string;
let caseId: string;
let catalogId: string;

const entry = (code: string, brand: string, model: string, version: string, body: string, use: string): CatalogEntry => ({
  code, brand, model, version, year: 2019, body, use, description: `${model} ${version}`,
});
const CATALOG = [
  entry("020600319", "NISSAN", "NP300", "CAB. SENC. CHASIS 2.5L STD. 4X2", "PICKUP", "CARGA"),
  entry("020602019", "NISSAN", "NP300", "DOBLE CAB. SE 2.5L STD. 4X2", "PICKUP", "PARTICULAR"),
  entry("020800219", "NISSAN", "URVAN", "PASAJEROS 2.5L STD.", "VAN", "SERVICIO PUBLICO"),
  entry("020800119", "NISSAN", "URVAN", "PANEL 2.5L STD.", "VAN", "CARGA"),
  entry("010100319", "VOLKSWAGEN", "JETTA", "COMFORTLINE 1.4T AUT.", "SEDAN", "PARTICULAR"),
  entry("010100119", "VOLKSWAGEN", "JETTA", "TRENDLINE 2.5L STD.", "SEDAN", "PARTICULAR"),
  entry("180200319", "MERCEDES BENZ", "CLASE C", "C 300 2.0T AUT.", "SEDAN", "PARTICULAR"),
  entry("180200119", "MERCEDES BENZ", "CLASE C", "C 200 1.5T AUT.", "SEDAN", "PARTICULAR"),
];
/** Broker rows as a profile reads them (spreadsheet rows 2–7). */
const ROWS: CanonicalRow[] = [
  { rowNo: "1", brand: "NISSAN", model: "NP300", year: 2019, description: "CAB SENC CHASIS STD 4X2", insuredValue: 310000 },
  { rowNo: "2", brand: "V.W.", model: "JETTA", year: 2019, description: "COMFORTLINE 1.4T AUT", use: "PARTICULAR", insuredValue: 380000 },
  { rowNo: "3", brand: "MERCEDES-BENZ", model: "CLASE C", year: 2019, description: "C 300 2.0T AUT", insuredValue: 720000 },
  { rowNo: "4", brand: "NISSAN", model: "NP300", year: 2019, description: "CAB SENC CHASIS STD 4X2", use: "PARTICULAR", insuredValue: 300000 },
  { rowNo: "5", brand: "NISSAN", model: "URVAN", year: 2019, description: "PASAJEROS 2.5 STD", use: "PASAJE", insuredValue: 560000 },
  { rowNo: "6", brand: "TESLA", model: "MODEL 3", year: 2023, insuredValue: 899000 },
];
/** The Gcotiza layout as insurers stored it before the quote file had vehicle columns. */
const STORED_BEFORE: QuoteTemplate = [
  { header: "INCISO", source: "sourceId", type: "int" },
  { header: "CLAVE VEHICULAR", source: "code", type: "text" },
  { header: "MARCA", source: "canonical.brand", type: "text" },
  { header: "SUBMARCA", source: "canonical.model", type: "text" },
  { header: "MODELO", source: "canonical.year", type: "int" },
  { header: "DESCRIPCION", source: "catalogDescription", type: "text", width: 48 },
  { header: "SERIE", source: "canonical.vin", type: "text", width: 20 },
  { header: "USO", source: "canonical.use", type: "text", default: "PARTICULAR" },
  { header: "SUMA ASEGURADA", source: "canonical.insuredValue", type: "float" },
];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  ({ userId, workspaceId } = await createTestUser(db, "underwriter@quote-file.test", "Ana Underwriter"));
  insurerId = (await createInsurer(db, { workspaceId, actorId: userId, name: "Seguros Cotiza" })).id;
  const catalog = await createCatalog(db, { workspaceId, actorId: userId, insurerId, filename: "catalogo.csv", blobKey: null });
  catalogId = catalog.id;
  await importCatalogEntries(db, { workspaceId, catalogId: catalog.id, entries: CATALOG, errors: [] });
  await setCatalogImportState(db, { workspaceId, catalogId: catalog.id, state: "imported" });
  await activateCatalog(db, { workspaceId, actorId: userId, catalogId: catalog.id });
  const broker = await saveBroker(db, { workspaceId, actorId: userId, name: "Agente Bajío", emailDomains: ["agentebajio.com.mx"] });
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
});

afterAll(async () => database?.close());

async function quoteSheet(body: Buffer | string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("COTIZACION")!;
  const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  return (sourceId: string, header: string) => {
    for (let r = 2; r <= ws.rowCount; r++) {
      if (String(ws.getRow(r).getCell(1).value) === sourceId) return ws.getRow(r).getCell(headers.indexOf(header) + 1).value;
    }
    throw new Error(`no row ${sourceId}`);
  };
}

describe("the quote file through the services", () => {
  it("flags a coded row whose broker's use contradicts the catalog, naming the row and both values", async () => {
    const rows = await database.db.select().from(fleetRows).where(and(eq(fleetRows.workspaceId, workspaceId), eq(fleetRows.caseId, caseId)));
    const bySource = new Map(rows.map((r) => [r.sourceId, r]));
    const conflicted = bySource.get("4")!;
    expect(conflicted.machineCode).toBe("020600319");
    expect(conflicted.decision).toBe("review");
    expect(conflicted.code).toBeNull();
    expect(conflicted.reason).toContain('row 5: the broker\'s use "PARTICULAR" differs from the catalog\'s "CARGA" for code 020600319');
    // the same vehicle without a use, and a use of the same kind in the broker's words, are not flagged
    expect(bySource.get("1")).toMatchObject({ code: "020600319", decision: "auto" });
    expect(bySource.get("5")).toMatchObject({ code: "020800219", decision: "auto" });
    expect(bySource.get("5")!.reason ?? "").not.toMatch(/use/);
  });

  it("refuses the quote file while rows wait for review, naming each row and the code column, unless told to leave them blank", async () => {
    const pending = (await database.db.select().from(fleetRows).where(eq(fleetRows.caseId, caseId))).filter((r) => r.decision === "review" && !r.reviewDecision);
    expect(pending.map((r) => r.sourceId)).toContain("4");
    const refused = await exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "quote", startDate: "2026-12-01" }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/^Case COT-\d{4}-\d{6}: \d+ row\(s\) still wait for review; the quote file would leave their CLAVE VEHICULAR blank: /);
    expect((refused as Error).message).toContain("row 4 (spreadsheet row 5): proposed 020600319, not yet accepted or corrected");
    expect((refused as Error).message).toContain('Accept, correct or mark them "no code" on the review page, or export leaving them blank.');
    expect((await requireCase(database.db, { workspaceId, caseId })).status).toBe("review");
    // the generic results carry the proposals: not refused
    await exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "xlsx" });

    const out = await exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "quote", startDate: "2026-12-01", pending: "blank" });
    expect((await quoteSheet(out.body))("4", "CLAVE VEHICULAR")).toBeNull();
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.action, "case.exported")))
      .orderBy(desc(auditEvents.at))
      .limit(1);
    expect(audit.after).toMatchObject({ kind: "quote", leftBlank: expect.arrayContaining(["row 4 (spreadsheet row 5): proposed 020600319, not yet accepted or corrected"]) });
  });

  it("writes the catalog's brand, model, year and use for coded rows and keeps the broker's confirmed use", async () => {
    const conflicted = (await database.db.select().from(fleetRows).where(and(eq(fleetRows.caseId, caseId), eq(fleetRows.sourceId, "4"))))[0];
    const left = await acceptFleetRows(database.db, { workspaceId, actorId: userId, caseId, rowIds: [conflicted.id] });
    expect(left).toMatchObject({ accepted: 0, useConflicts: [{ rowId: conflicted.id, useConflict: { code: "020600319", broker: "PARTICULAR", catalog: "CARGA" } }] });
    const confirmUse = left.useConflictSet!;
    expect(await acceptFleetRows(database.db, { workspaceId, actorId: userId, caseId, rowIds: [conflicted.id], confirmUse })).toMatchObject({ accepted: 1 });
    for (const template of ["default", "stored before vehicle columns"] as const) {
      if (template !== "default") {
        await database.db.update(quoteTemplates).set({ columns: STORED_BEFORE }).where(and(eq(quoteTemplates.workspaceId, workspaceId), eq(quoteTemplates.insurerId, insurerId)));
      }
      const out = await exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "quote", startDate: "2026-12-01" });
      const at = await quoteSheet(out.body);
      const label = `${template} template`;
      expect(at("1", "USO"), label).toBe("CARGA"); // no use given: the catalog's
      expect(at("1", "CLAVE VEHICULAR"), label).toBe("020600319");
      expect(at("2", "MARCA"), label).toBe("VOLKSWAGEN"); // V.W.
      expect(at("3", "MARCA"), label).toBe("MERCEDES BENZ"); // MERCEDES-BENZ
      expect(at("3", "SUBMARCA"), label).toBe("CLASE C");
      expect(at("3", "MODELO"), label).toBe(2019);
      expect(at("4", "USO"), label).toBe("PARTICULAR"); // the broker's, confirmed by a reviewer
      expect(at("5", "USO"), label).toBe("SERVICIO PUBLICO"); // PASAJE in the catalog's words
      expect(at("6", "MARCA"), label).toBe("TESLA"); // no code: the broker's writing
      expect(at("6", "USO"), label).toBe("PARTICULAR"); // the template's default
      expect(at("6", "SUMA ASEGURADA"), label).toBe(899000);
      expect(out.useConflicts, label).toEqual([{ rowNumber: 5, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" }]);
    }
    const exports = (await database.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.action, "case.exported")))).filter(
      (e) => (e.after as { kind: string }).kind === "quote",
    );
    expect(exports.length).toBe(3); // left blank once, then the two templates
    expect(JSON.stringify(exports.at(-1)!.after)).toContain('row 5: the broker\'s use \\"PARTICULAR\\" differs from the catalog\'s \\"CARGA\\"');
    expect((await requireCase(database.db, { workspaceId, caseId })).status).toBe("exported");
  });

  it("leaves the broker's writing in the generic results export", async () => {
    const out = await exportCase(database.db, { workspaceId, actorId: userId, caseId, format: "csv" });
    expect(String(out.body)).toContain("V.W.");
    expect(String(out.body)).toContain("MERCEDES-BENZ");
  });

  it("looks up the codes of a fleet of any size (more codes than a statement can bind)", async () => {
    const codes = [...Array.from({ length: 70_000 }, (_, i) => `X${i}`), "020600319", "180200319"];
    const found = await catalogEntriesByCode(database.db, { workspaceId, catalogId, codes });
    expect([...found.keys()].sort()).toEqual(["020600319", "180200319"]);
    expect(found.get("180200319")).toMatchObject({ brand: "MERCEDES BENZ", model: "CLASE C", use: "PARTICULAR" });
  });
});
