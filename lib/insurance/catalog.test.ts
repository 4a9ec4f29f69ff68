import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { CatalogFormatError, catalogToCsv, parseCatalog } from "./catalog";

const enc = (s: string) => new TextEncoder().encode(s);

describe("parseCatalog (CSV)", () => {
  it("keeps codes as text with their leading zeros and reports bad rows by file row number", async () => {
    const csv = [
      "code,brand,model,version,year,body,use,description",
      "0012345,VOLKSWAGEN,JETTA,STYLE 2.5L AUT,2019,SEDAN,PARTICULAR,JETTA STYLE 2.5L AUT 4P",
      "0012346,VOLKSWAGEN,JETTA,STYLE 2.5L STD,20X9,SEDAN,PARTICULAR,JETTA STYLE 2.5L STD 4P",
      ",NISSAN,VERSA,SENSE,2020,SEDAN,PARTICULAR,VERSA SENSE",
      "0012345,NISSAN,VERSA,ADVANCE,2020,SEDAN,PARTICULAR,VERSA ADVANCE",
      "",
      "0099999,NISSAN,VERSA,EXCLUSIVE,2021,SEDAN,PARTICULAR,VERSA EXCLUSIVE",
    ].join("\n");
    const { entries, errors } = await parseCatalog(enc(csv), "cat.csv");
    expect(entries.map((e) => e.code)).toEqual(["0012345", "0099999"]);
    expect(entries[0]).toMatchObject({ brand: "VOLKSWAGEN", model: "JETTA", year: 2019, version: "STYLE 2.5L AUT" });
    expect(errors).toEqual([
      { row: 3, message: 'year "20X9" is not a model year' },
      { row: 4, message: "code is empty" },
      { row: 5, message: "duplicate code 0012345 (first seen on row 2)" },
    ]);
  });

  it("accepts Spanish headers where MODELO is the year next to SUBMARCA", async () => {
    const csv = "CLAVE;MARCA;SUBMARCA;VERSION;MODELO;TIPO;USO;DESCRIPCION\n01234;NISSAN;VERSA;SENSE;2019;SEDAN;PARTICULAR;VERSA SENSE STD\n";
    const { entries, errors } = await parseCatalog(enc(csv), "cat.csv");
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { code: "01234", brand: "NISSAN", model: "VERSA", version: "SENSE", year: 2019, body: "SEDAN", use: "PARTICULAR", description: "VERSA SENSE STD" },
    ]);
  });

  it("names the file and the missing columns when the header does not fit", async () => {
    await expect(parseCatalog(enc("brand,model\nVW,JETTA\n"), "bad.csv")).rejects.toThrow(CatalogFormatError);
    await expect(parseCatalog(enc("brand,model\nVW,JETTA\n"), "bad.csv")).rejects.toThrow(/bad\.csv: header row 1 lacks required column\(s\) code, year/);
  });

  it("round-trips through catalogToCsv", async () => {
    const entries = [{ code: "000123", brand: "KIA", model: "RIO", version: "LX, AUT", year: 2020, body: "SEDAN", use: "PARTICULAR", description: 'RIO "LX" AUT' }];
    const back = await parseCatalog(enc(catalogToCsv(entries)), "x.csv");
    expect(back.entries).toEqual(entries);
  });
});

describe("parseCatalog (XLSX)", () => {
  it("reads text codes, restores zero-padded numeric codes, and skips a title row", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Catalogo");
    ws.addRow(["Catálogo AMIS 2026"]);
    ws.addRow(["CLAVE", "MARCA", "SUBMARCA", "VERSION", "AÑO", "CARROCERIA", "USO", "DESCRIPCION"]);
    ws.addRow(["00771", "TOYOTA", "HILUX", "SR", 2020, "PICKUP", "CARGA", "HILUX SR 2.7L STD"]);
    const r = ws.addRow([772, "TOYOTA", "HILUX", "SRV", 2020, "PICKUP", "CARGA", "HILUX SRV 2.7L STD"]);
    r.getCell(1).numFmt = "00000";
    ws.addRow(["00773", "TOYOTA", "", "SRV", 2021, "PICKUP", "CARGA", "HILUX SRV"]);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    const { entries, errors } = await parseCatalog(data, "cat.xlsx");
    expect(entries.map((e) => e.code)).toEqual(["00771", "00772"]);
    expect(errors).toEqual([{ row: 5, message: "model is empty" }]);
  });
});
