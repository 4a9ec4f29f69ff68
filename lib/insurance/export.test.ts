import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { formatCotNumber, parseCotNumber } from "./cot";
import { ExportError, GCOTIZA_TEMPLATE, matchResultsToCsv, QUOTE_SOURCES, quoteFileTemplate, writeMatchResultsXlsx, writeQuoteXlsx, writeQuoteXlsxToStream, type ExportRow, type QuoteTemplate } from "./export";

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

describe("the quote file's vehicle columns", () => {
  // a row matched to a catalog entry: the broker wrote "V.W." and no use; the entry says VOLKSWAGEN and CARGA
  const coded: ExportRow = {
    sourceId: "7",
    rowNumber: 9,
    code: "011200319",
    catalogDescription: "SAVEIRO ROBUST 1.6L STD.",
    canonical: { brand: "V.W.", model: "SAVEIRO ROBUST", description: "SAVEIRO ROBUST MOD 19", insuredValue: 250000 },
    vehicle: { brand: "VOLKSWAGEN", model: "SAVEIRO", version: "ROBUST 1.6L STD.", year: 2019, body: "PICKUP", use: "CARGA", vin: "" },
    quote: { startDate: "2026-12-01" },
  };
  const cells = async (buf: Buffer) => {
    const ws = (await load(buf)).getWorksheet("COTIZACION")!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    return (row: number, header: string) => ws.getRow(row + 1).getCell(headers.indexOf(header) + 1).value;
  };

  it("writes the catalog's brand, model, year and use once a row is coded (the broker's spelling stays in the app)", async () => {
    const at = await cells(await writeQuoteXlsx([coded]));
    expect(at(1, "MARCA")).toBe("VOLKSWAGEN");
    expect(at(1, "SUBMARCA")).toBe("SAVEIRO");
    expect(at(1, "MODELO")).toBe(2019);
    expect(at(1, "USO")).toBe("CARGA");
  });

  it("reads a template stored before vehicle columns existed (canonical.brand, canonical.use) as the coded vehicle", async () => {
    const stored: QuoteTemplate = [
      { header: "MARCA", source: "canonical.brand", type: "text" },
      { header: "MODELO", source: "canonical.year", type: "int" },
      { header: "USO", source: "canonical.use", type: "text", default: "PARTICULAR" },
      { header: "MARCA BROKER", source: "broker.brand", type: "text" },
      { header: "SUMA ASEGURADA", source: "canonical.insuredValue", type: "float" },
    ];
    const at = await cells(await writeQuoteXlsx([coded], quoteFileTemplate(stored)));
    expect(at(1, "MARCA")).toBe("VOLKSWAGEN");
    expect(at(1, "MODELO")).toBe(2019);
    expect(at(1, "USO")).toBe("CARGA");
    expect(at(1, "MARCA BROKER")).toBe("V.W.");
    expect(at(1, "SUMA ASEGURADA")).toBe(250000);
  });

  it("offers the template editor every source the Gcotiza layout reads, and shows a stored layout as the quote file reads it", () => {
    for (const col of GCOTIZA_TEMPLATE) expect(QUOTE_SOURCES, col.source).toContain(col.source);
    expect(QUOTE_SOURCES).toEqual(expect.arrayContaining(["vehicle.brand", "vehicle.use", "broker.brand", "canonical.insuredValue"]));
    expect(QUOTE_SOURCES).not.toContain("canonical.brand");
    const stored = quoteFileTemplate([
      { header: "MARCA", source: "canonical.brand", type: "text" },
      { header: "PLACAS", source: "canonical.plate", type: "text" },
      { header: "COBERTURA", source: "canonical.coverage", type: "text" },
      { header: "DEDUCIBLE", source: "canonical.deductible", type: "percent" },
      { header: "VALOR", source: "canonical.insuredValue", type: "float" },
    ]);
    // plates, coverage and deductible as the quote file states them (normalised); the broker's stay under broker.*
    expect(stored.map((c) => c.source)).toEqual(["vehicle.brand", "vehicle.plate", "policy.coverage", "policy.deductible", "canonical.insuredValue"]);
    expect(QUOTE_SOURCES).toEqual(expect.arrayContaining(["policy.theftDeductible", "broker.plate", "broker.coverage", "broker.deductible"]));
  });

  it("states coverage, deductibles and plates normalised; a deductible no rule reads stops the export naming row, field and what to do", async () => {
    const template: QuoteTemplate = [
      ...GCOTIZA_TEMPLATE,
      { header: "DEDUCIBLE RT", source: "policy.theftDeductible", type: "percent", default: 0.1 },
      { header: "PLACAS BROKER", source: "broker.plate", type: "text" },
    ];
    const given = (canonical: Record<string, unknown>, rowNumber = 4): ExportRow => ({ sourceId: "1", rowNumber, canonical: { brand: "NISSAN", ...canonical }, quote: { startDate: "2026-12-01" } });
    const at = await cells(
      await writeQuoteXlsx(
        [given({ coverage: "cobertura amplia", deductible: "DM 5 % RT 20 %", plate: "abc-123-d" }), given({ coverage: "R. C.", deductible: "", plate: "En trámite" })],
        template,
      ),
    );
    expect([at(1, "COBERTURA"), at(1, "DEDUCIBLE DM"), at(1, "DEDUCIBLE RT"), at(1, "PLACAS"), at(1, "PLACAS BROKER")]).toEqual(["AMPLIA", 0.05, 0.2, "ABC123D", "abc-123-d"]);
    expect([at(2, "COBERTURA"), at(2, "DEDUCIBLE DM"), at(2, "DEDUCIBLE RT"), at(2, "PLACAS")]).toEqual(["RESPONSABILIDAD CIVIL", 0.05, 0.1, null]); // blank: the defaults
    const bad = writeQuoteXlsx([given({ deductible: "5 y 10" }, 9)], template);
    await expect(bad).rejects.toBeInstanceOf(ExportError);
    await expect(bad).rejects.toThrow(/row 1 \(DEDUCIBLE DM\): DEDUCIBLE "5 y 10" \(spreadsheet row 9\): two percentages .*write it as DM 5% RT 10%/);
  });

  it("falls back to the broker's values for rows given without a vehicle", async () => {
    const at = await cells(await writeQuoteXlsx([{ sourceId: "1", canonical: { brand: "TESLA", model: "MODEL 3", year: 2023, use: "PASAJE" }, quote: { startDate: "2026-12-01" } }]));
    expect(at(1, "MARCA")).toBe("TESLA");
    expect(at(1, "MODELO")).toBe(2023);
    expect(at(1, "USO")).toBe("PASAJE");
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
