import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogToCsv } from "@/lib/insurance/catalog";
import { generateCatalog, toCatalogEntries } from "@/lib/insurance/fixtures/generate-catalog";
import { generateNoisyRows } from "@/lib/insurance/fixtures/generate-rows";
import { brokerAWorkbook, brokerCCsv, sampleVehicles } from "@/lib/insurance/fixtures/sample-spreadsheets";
import { runMatch } from "./match";

const dir = mkdtempSync(join(tmpdir(), "docket-match-"));
const catalogPath = join(dir, "catalog.csv");
const generated = generateCatalog({ seed: 7 });
const vehicles = sampleVehicles(generated);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } }, out, err };
}

function readResult(path: string) {
  return Papa.parse<Record<string, string>>(readFileSync(path, "utf8"), { header: true, skipEmptyLines: true }).data;
}

beforeAll(async () => {
  writeFileSync(catalogPath, catalogToCsv(toCatalogEntries(generated)));
  writeFileSync(join(dir, "broker-a.xlsx"), await brokerAWorkbook(vehicles));
  writeFileSync(join(dir, "broker-c.csv"), brokerCCsv(vehicles));
});

describe("docket match", () => {
  it("matches a rows CSV and writes id, code, confidence, decision and attributes; abstentions are NONE", async () => {
    const rows = generateNoisyRows(generated, { seed: 99, count: 200, maxYear: 2027 });
    writeFileSync(join(dir, "rows.csv"), Papa.unparse(rows.map((r) => ({ id: `R${r.id}`, brand: r.brand, model: r.model, year: r.year, description: r.description }))));
    const t = io();
    const code = await runMatch(["--catalog", catalogPath, "--input", join(dir, "rows.csv"), "--out", join(dir, "out.csv"), "--max-year", "2027"], t.io);
    expect(code).toBe(0);
    const out = readResult(join(dir, "out.csv"));
    expect(Object.keys(out[0]).slice(0, 4)).toEqual(["id", "code", "confidence", "decision"]);
    expect(Object.keys(out[0])).toEqual(expect.arrayContaining(["brand", "model", "year", "transmission", "displacement", "cab", "traction"]));
    expect(out.map((o) => o.id)).toEqual(rows.map((r) => `R${r.id}`));
    let right = 0;
    let abstainedOnAbsent = 0;
    rows.forEach((r, i) => {
      if (r.expectedCode && out[i].code === r.expectedCode) right++;
      if (!r.expectedCode && out[i].code === "NONE") abstainedOnAbsent++;
      if (out[i].code === "NONE") expect(out[i].decision).toBe("no_match");
    });
    expect(right / rows.filter((r) => r.expectedCode).length).toBeGreaterThan(0.9);
    expect(abstainedOnAbsent / rows.filter((r) => !r.expectedCode).length).toBeGreaterThan(0.9);
    expect(t.err.join("")).toMatch(/matched 200 row\(s\) against 40000 catalog entries/);
  });

  it("reads a broker spreadsheet: ids from its No. column, header found under the title rows", async () => {
    const t = io();
    const code = await runMatch(["match", "--catalog", catalogPath, "--input", join(dir, "broker-a.xlsx"), "--out", join(dir, "a.csv")], t.io);
    expect(code).toBe(0);
    const out = readResult(join(dir, "a.csv"));
    expect(out.map((o) => o.id)).toEqual(vehicles.map((_, i) => String(i + 1)));
    vehicles.forEach((v, i) => expect(out[i].code).toBe(v.entry?.code ?? "NONE"));
    expect(t.err.join("")).toMatch(/header row 4/);
    expect(t.err.join("")).toMatch(/row \d+: skipped total row "TOTAL"/);
  });

  it("numbers rows 1..n when the spreadsheet has no row-number column", async () => {
    const t = io();
    expect(await runMatch(["--catalog", catalogPath, "--input", join(dir, "broker-c.csv")], t.io)).toBe(0);
    const out = Papa.parse<Record<string, string>>(t.out.join(""), { header: true, skipEmptyLines: true }).data;
    expect(out.map((o) => o.id)).toEqual(vehicles.map((_, i) => String(i + 1)));
    expect(out[vehicles.length - 2].code).toBe("NONE"); // TESLA: brand not in the catalog
    expect(out[vehicles.length - 2].reason).toMatch(/TESLA/);
  });

  it("writes unreadable spreadsheet rows as NONE with the reason instead of dropping them", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Hoja1");
    ws.addRow(["No.", "MARCA", "SUBMARCA", "AÑO", "DESCRIPCION"]);
    const v = vehicles[0];
    ws.addRow([7, v.brand, v.model, v.year, v.description]);
    ws.addRow([8, v.brand, v.model, "20X1", v.description]);
    writeFileSync(join(dir, "bad-year.xlsx"), new Uint8Array(await wb.xlsx.writeBuffer()));
    const t = io();
    expect(await runMatch(["--catalog", catalogPath, "--input", join(dir, "bad-year.xlsx")], t.io)).toBe(0);
    const out = Papa.parse<Record<string, string>>(t.out.join(""), { header: true, skipEmptyLines: true }).data;
    expect(out.map((o) => [o.id, o.code])).toEqual([
      ["7", v.entry!.code],
      ["8", "NONE"],
    ]);
    expect(out[1].reason).toMatch(/row not read: year: "20X1" is not a model year/);
    expect(t.err.join("")).toMatch(/bad-year\.xlsx row 3: year: "20X1" is not a model year/);
  });

  it("fails clearly on usage errors, missing files and bad catalogs", async () => {
    let t = io();
    expect(await runMatch(["--catalog", catalogPath], t.io)).toBe(2);
    expect(t.err.join("")).toMatch(/--input is required/);
    t = io();
    expect(await runMatch(["--catalog", join(dir, "nope.csv"), "--input", join(dir, "rows.csv")], t.io)).toBe(1);
    expect(t.err.join("")).toMatch(/catalog .*nope\.csv: file not found/);
    writeFileSync(join(dir, "badcat.csv"), "code,brand\n1,VW\n");
    t = io();
    expect(await runMatch(["--catalog", join(dir, "badcat.csv"), "--input", join(dir, "rows.csv")], t.io)).toBe(1);
    expect(t.err.join("")).toMatch(/badcat\.csv: header row 1 lacks required column\(s\) model, year/);
    t = io();
    expect(await runMatch(["--catalog", catalogPath, "--input", join(dir, "rows.csv"), "--auto", "high"], t.io)).toBe(2);
    expect(t.err.join("")).toMatch(/--auto must be a number/);
  });
});
