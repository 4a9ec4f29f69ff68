import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { brokerAWorkbook, brokerBWorkbook, brokerCCsv, sampleVehicles } from "./fixtures/sample-spreadsheets";
import { detectHeader, suggestMapping } from "./mapping";
import { readWorkbook, SpreadsheetError } from "./workbook";

const vehicles = sampleVehicles();

describe("readWorkbook", () => {
  it("reads every sheet, copies merged values, uses formula results and drops the totals row", async () => {
    const wb = await readWorkbook(await brokerAWorkbook(vehicles), "broker-a.xlsx");
    expect(wb.format).toBe("xlsx");
    expect(wb.sheets.map((s) => s.name)).toEqual(["Flotilla", "Notas"]);
    const s = wb.sheets[0];
    expect(s.rows[0].slice(0, 3)).toEqual(["AGENTE DE SEGUROS DEL BAJIO, S.A. DE C.V.", "AGENTE DE SEGUROS DEL BAJIO, S.A. DE C.V.", "AGENTE DE SEGUROS DEL BAJIO, S.A. DE C.V."]);
    expect(s.rows[2]).toEqual([]); // blank row 3 kept so row numbers stay true
    // brand merged down over the NISSAN rows: every row carries the value
    expect(s.rows[4][1]).toBe("NISSAN");
    expect(s.rows[5][1]).toBe("NISSAN");
    expect(s.rows[6][1]).toBe("NISSAN");
    // the TOTAL row with =SUM(...) is gone and reported with its row number
    expect(s.rows.length).toBe(4 + vehicles.length);
    expect(s.droppedRows).toHaveLength(1);
    expect(s.droppedRows[0].rowNumber).toBe(5 + vehicles.length);
    expect(s.droppedRows[0].reason).toMatch(/total row "TOTAL" with formula =SUM\(H5:H\d+\)/);
  });

  it("reads a semicolon CSV with a BOM and keeps every cell as text", async () => {
    const wb = await readWorkbook(brokerCCsv(vehicles), "broker-c.csv");
    expect(wb.format).toBe("csv");
    const rows = wb.sheets[0].rows;
    expect(rows[0][0]).toBe("AÑO");
    expect(rows[1][0]).toBe(String(vehicles[0].year));
    expect(rows.length).toBe(vehicles.length + 1);
  });

  it("decodes Windows-1252 CSV files", async () => {
    const latin1 = Uint8Array.from([0x41, 0xd1, 0x4f, 0x2c, 0x4d, 0x41, 0x52, 0x43, 0x41, 0x0a, 0x32, 0x30, 0x31, 0x39, 0x2c, 0x56, 0x57]); // "AÑO,MARCA\n2019,VW"
    const wb = await readWorkbook(latin1, "x.csv");
    expect(wb.sheets[0].rows[0]).toEqual(["AÑO", "MARCA"]);
  });

  it("reads a CSV mixing UTF-8 and Windows-1252 rows line by line and warns", async () => {
    const data = Buffer.concat([Buffer.from("MARCA,MODELO\nCITROËN,C3\n", "utf8"), Buffer.from("SEÑAL,ÑANDÚ\n", "latin1")]);
    const wb = await readWorkbook(data, "flota.csv");
    expect(wb.sheets[0].rows).toEqual([["MARCA", "MODELO"], ["CITROËN", "C3"], ["SEÑAL", "ÑANDÚ"]]);
    expect(wb.warnings?.[0]).toMatch(/^flota\.csv mixes two text encodings: line 3/);
  });

  it("refuses legacy .xls with a clear message and unknown types", async () => {
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    await expect(readWorkbook(ole, "flota.xls")).rejects.toThrow(SpreadsheetError);
    await expect(readWorkbook(ole, "flota.xls")).rejects.toThrow(/flota\.xls: .*save it as \.xlsx/);
    await expect(readWorkbook(new TextEncoder().encode("x"), "a.pdf")).rejects.toThrow(/unsupported file type "\.pdf"/);
    await expect(readWorkbook(new Uint8Array(), "a.csv")).rejects.toThrow(/a\.csv: the file is empty/);
  });

  it("reads a text .xls export as delimited text", async () => {
    const wb = await readWorkbook(new TextEncoder().encode("MARCA\tMODELO\nVW\t2019\n"), "export.xls");
    expect(wb.sheets[0].rows).toEqual([
      ["MARCA", "MODELO"],
      ["VW", "2019"],
    ]);
  });

  it("the committed sample files are readable", async () => {
    const dir = join(__dirname, "fixtures", "samples");
    for (const f of ["broker-a.xlsx", "broker-b.xlsx", "broker-c.csv"]) {
      const wb = await readWorkbook(new Uint8Array(readFileSync(join(dir, f))), f);
      expect(wb.sheets.length).toBeGreaterThan(0);
    }
  });
});

describe("detectHeader and suggestMapping", () => {
  it("finds the header under title rows and suggests fields with evidence", async () => {
    const wb = await readWorkbook(await brokerAWorkbook(vehicles), "broker-a.xlsx");
    const sheet = wb.sheets[0];
    const det = detectHeader(sheet);
    expect(det.headerRow).toBe(4);
    expect(det.confidence).toBeGreaterThanOrEqual(0.9);
    const sugg = suggestMapping(sheet.rows[3], sheet.rows.slice(4));
    const byColumn = Object.fromEntries(sugg.map((s) => [s.column, s.field]));
    expect(byColumn).toEqual({
      "No.": "rowNo",
      MARCA: "brand",
      SUBMARCA: "model",
      MODELO: "year",
      DESCRIPCION: "description",
      SERIE: "vin",
      PLACAS: "plate",
      "SUMA ASEGURADA": "insuredValue",
      USO: "use",
    });
    const vin = sugg.find((s) => s.column === "SERIE")!;
    expect(vin.confidence).toBeGreaterThan(0.9);
    expect(vin.evidence.join(" ")).toMatch(/17-character VINs/);
    const year = sugg.find((s) => s.column === "MODELO")!;
    expect(year.evidence.join(" ")).toMatch(/model year/);
  });

  it("maps English headers and recognises columns by their values alone", async () => {
    const wb = await readWorkbook(await brokerBWorkbook(vehicles), "broker-b.xlsx");
    const sheet = wb.sheets[1];
    expect(detectHeader(sheet).headerRow).toBe(3);
    const sugg = suggestMapping(sheet.rows[2], sheet.rows.slice(3));
    expect(Object.fromEntries(sugg.map((s) => [s.column, s.field]))).toMatchObject({
      "#": "rowNo",
      Make: "brand",
      Model: "model",
      Year: "year",
      Version: "version",
      VIN: "vin",
      Plate: "plate",
      "Insured Value": "insuredValue",
      Premium: "premium",
      Coverage: "coverage",
      Deductible: "deductible",
    });
    // headers blanked out: values still give VIN, year, plate and money
    const blank = suggestMapping([], sheet.rows.slice(3));
    const fields = new Map(blank.map((s) => [s.index, s.field]));
    expect(fields.get(5)).toBe("vin");
    expect(fields.get(3)).toBe("year");
    expect(fields.get(6)).toBe("plate");
    expect(fields.get(7)).toBe("insuredValue");
    expect(blank[5].column).toBe("Column F");
  });

  it("reads a MODELO column of names as the model, not the year", () => {
    const sugg = suggestMapping(["MARCA", "MODELO", "AÑO"], [
      ["NISSAN", "VERSA", 2019],
      ["VW", "JETTA", 2020],
    ]);
    expect(sugg.map((s) => s.field)).toEqual(["brand", "model", "year"]);
  });

  it("finds a header row in a sheet built cell by cell", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Hoja1");
    ws.addRow(["Cotización flotilla"]);
    ws.addRow([]);
    ws.addRow(["INCISO", "AÑO", "MARCA", "DESCRIPCION", "NIV"]);
    ws.addRow([1, 2020, "KIA", "RIO LX AUT", "3KPA24AD5LE000001"]);
    const read = await readWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), "h.xlsx");
    expect(detectHeader(read.sheets[0]).headerRow).toBe(3);
  });

  it("keeps a header row that names a sum (SUMA ASEGURADA, TOTAL PAGADO) when no rows follow it: a totals row totals numbers", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Flotilla");
    ws.addRow(["Relación de unidades"]);
    ws.addRow([]);
    ws.addRow(["No.", "MARCA", "DESCRIPCION", "SUMA ASEGURADA"]);
    const headerOnly = (await readWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), "h.xlsx")).sheets[0];
    expect(headerOnly.rows[2]).toEqual(["No.", "MARCA", "DESCRIPCION", "SUMA ASEGURADA"]);
    expect(headerOnly.droppedRows).toEqual([]);
    // a totals row with its figure is still dropped, its amount written as text or as a number
    ws.addRow([1, "NISSAN", "VERSA SENSE", "250,000.00"]);
    ws.addRow(["TOTAL", null, null, "250,000.00"]);
    const withTotal = (await readWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), "t.xlsx")).sheets[0];
    expect(withTotal.rows).toHaveLength(4);
    expect(withTotal.droppedRows.map((d) => d.rowNumber)).toEqual([5]);
  });

  it("says a damaged .xlsx is not a readable workbook, naming the file", async () => {
    const damaged = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Array<number>(60).fill(7)]);
    const read = readWorkbook(damaged, "flota.xlsx");
    await expect(read).rejects.toThrow(SpreadsheetError);
    await expect(read).rejects.toThrow(/^flota\.xlsx: not a readable \.xlsx workbook \(.+\)$/);
  });
});
