import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { formatCotNumber, parseCotNumber } from "./cot";
import { ExportError, GCOTIZA_TEMPLATE, matchResultsToCsv, writeMatchResultsXlsx, writeQuoteXlsx, writeQuoteXlsxToStream, type ExportRow } from "./export";

const rows: ExportRow[] = [
  {
    sourceId: "1",
    rowNumber: 5,
    code: "010100319",
    confidence: 0.97,
    decision: "auto",
    catalogDescription: "JETTA COMFORTLINE L4 1.4T AUT. 4PTAS.",
    canonical: { brand: "VOLKSWAGEN", model: "JETTA", year: 2019, vin: "3VWFE21C04M000001", plate: "ABC-123-D", insuredValue: 350000, deductible: 0.1, description: "JETTA COMFORT AUT" },
    quote: { startDate: "2026-12-01" },
  },
  {
    sourceId: "2",
    rowNumber: 6,
    code: null,
    confidence: 0,
    decision: "no_match",
    canonical: { brand: "TESLA", model: "MODEL 3", year: "2023", insuredValue: "$899,000.00" },
    quote: { startDate: "01/12/2026" },
  },
];

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe("writeQuoteXlsx (Gcotiza)", () => {
  it("writes sheet COTIZACION with the template's headers and real Excel types", async () => {
    const wb = await load(await writeQuoteXlsx(rows, GCOTIZA_TEMPLATE));
    const ws = wb.getWorksheet("COTIZACION")!;
    expect(ws).toBeDefined();
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(GCOTIZA_TEMPLATE.map((c) => c.header));
    const r = ws.getRow(2);
    expect(r.getCell(1).value).toBe(1); // int
    expect(r.getCell(2).value).toBe("010100319"); // text keeps the leading zero
    expect(r.getCell(2).numFmt).toBe("@");
    expect(r.getCell(5).value).toBe(2019);
    expect(r.getCell(10).value).toBe(350000);
    expect(r.getCell(10).numFmt).toBe("#,##0.00");
    expect(r.getCell(12).value).toBe(0.1);
    expect(r.getCell(12).numFmt).toBe("0.00%");
    expect(r.getCell(9).value).toBe("PARTICULAR"); // default
    const d = r.getCell(13).value as Date;
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString().slice(0, 10)).toBe("2026-12-01");
    const r2 = ws.getRow(3);
    expect(r2.getCell(10).value).toBe(899000); // money text → number
    expect(r2.getCell(5).value).toBe(2023);
    expect((r2.getCell(13).value as Date).toISOString().slice(0, 10)).toBe("2026-12-01"); // DD/MM/YYYY
    expect(r2.getCell(2).value).toBeNull();
  });

  it("refuses values that do not fit their column type, naming row and column", async () => {
    const bad = [{ ...rows[0], canonical: { ...(rows[0].canonical as object), year: "2019b" } }];
    await expect(writeQuoteXlsx(bad)).rejects.toThrow(ExportError);
    await expect(writeQuoteXlsx(bad)).rejects.toThrow(/row 1 \(MODELO\): "2019b" is not a whole number/);
    await expect(writeQuoteXlsx(rows, [{ header: "X", source: "code", type: "money" as never }])).rejects.toThrow();
  });

  it("streams the same workbook", async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    await writeQuoteXlsxToStream(rows, stream);
    stream.end();
    const wb = await load(Buffer.concat(chunks));
    expect(wb.getWorksheet("COTIZACION")!.getRow(2).getCell(2).value).toBe("010100319");
  });
});

describe("generic export", () => {
  it("writes codes, confidence and decision to XLSX and CSV", async () => {
    const wb = await load(await writeMatchResultsXlsx(rows));
    const ws = wb.getWorksheet("RESULTADOS")!;
    expect(ws.getRow(2).getCell(8).value).toBe("010100319");
    expect(ws.getRow(3).getCell(8).value).toBe("NONE");
    expect(ws.getRow(2).getCell(10).value).toBe(0.97);
    const csv = Papa.parse<Record<string, string>>(matchResultsToCsv(rows), { header: true }).data;
    expect(csv[0]).toMatchObject({ id: "1", code: "010100319", confidence: "0.97", decision: "auto", year: "2019" });
    expect(csv[1]).toMatchObject({ code: "NONE", decision: "no match" });
  });
});

describe("formatCotNumber", () => {
  it("formats and parses PREFIX-YEAR-SEQUENCE", () => {
    expect(formatCotNumber({ prefix: "COT", year: 2026, seq: 123 })).toBe("COT-2026-000123");
    expect(formatCotNumber({ prefix: "gmx-mty", year: 2026, seq: 7, width: 4 })).toBe("GMX-MTY-2026-0007");
    expect(formatCotNumber({ prefix: "COT", year: 2026, seq: 1234567 })).toBe("COT-2026-1234567");
    expect(parseCotNumber("GMX-MTY-2026-0007")).toEqual({ prefix: "GMX-MTY", year: 2026, seq: 7 });
    expect(parseCotNumber("nope")).toBeNull();
    expect(() => formatCotNumber({ prefix: "CO T", year: 2026, seq: 1 })).toThrow(/prefix/);
    expect(() => formatCotNumber({ prefix: "COT", year: 26, seq: 1 })).toThrow(/year/);
    expect(() => formatCotNumber({ prefix: "COT", year: 2026, seq: 0 })).toThrow(/sequence/);
  });
});
