/**
 * Insurer vehicle catalog import (CVEGS/AMIS-style): one code per brand + model (submarca) + version + year.
 * Codes are text and keep their leading zeros.
 */
import Papa from "papaparse";
import { yearFromValue } from "./attributes";
import { basicUpper } from "./text";
import { cellText, decodeText, guessDelimiter, readWorkbook, type Cell } from "./workbook";

export interface CatalogEntry {
  code: string;
  brand: string;
  model: string;
  version: string;
  year: number;
  body: string;
  use: string;
  description: string;
}

export interface CatalogRowError {
  /** 1-based row number in the file (header is row 1 for CSV; the spreadsheet row for XLSX). */
  row: number;
  message: string;
}

export interface ParsedCatalog {
  entries: CatalogEntry[];
  errors: CatalogRowError[];
}

export class CatalogFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogFormatError";
  }
}

type CatalogColumn = keyof CatalogEntry;

const HEADER_SYNONYMS: Record<CatalogColumn, string[]> = {
  code: ["CODE", "CODIGO", "CLAVE", "CVE", "CVEGS", "AMIS", "CLAVE AMIS", "CLAVE CVEGS", "CLAVE VEHICULAR", "CVE VEH"],
  brand: ["BRAND", "MARCA", "MAKE"],
  model: ["MODEL", "SUBMARCA", "SUB MARCA", "LINEA", "SUBMODEL"],
  version: ["VERSION", "TRIM", "VERSIONES"],
  year: ["YEAR", "ANO", "ANIO", "ANO MODELO", "MODEL YEAR"],
  body: ["BODY", "CARROCERIA", "TIPO", "BODY TYPE", "TIPO VEHICULO", "CLASE"],
  use: ["USE", "USO", "SERVICIO"],
  description: ["DESCRIPTION", "DESCRIPCION", "DESC", "DESCRIPCION LARGA", "NOMBRE"],
};

function headerKey(h: string): string {
  return basicUpper(h).replace(/[^A-Z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();
}

/** Map header cells to catalog columns. "MODELO" is the year when a model/submarca column exists. */
export function mapCatalogHeader(headers: readonly string[]): Partial<Record<CatalogColumn, number>> {
  const keys = headers.map(headerKey);
  const out: Partial<Record<CatalogColumn, number>> = {};
  keys.forEach((k, i) => {
    for (const [col, syns] of Object.entries(HEADER_SYNONYMS) as Array<[CatalogColumn, string[]]>) {
      if (out[col] === undefined && syns.includes(k)) out[col] = i;
    }
  });
  const modelo = keys.indexOf("MODELO");
  if (modelo >= 0) {
    if (out.model !== undefined && out.year === undefined) out.year = modelo;
    else if (out.model === undefined) out.model = modelo;
  }
  return out;
}

const REQUIRED: CatalogColumn[] = ["code", "brand", "model", "year"];

function buildEntries(
  filename: string,
  headerRowNumber: number,
  headers: string[],
  rows: Iterable<{ rowNumber: number; cells: readonly unknown[] }>,
  codeText: (rowNumber: number, col: number, v: unknown) => string,
): ParsedCatalog {
  const map = mapCatalogHeader(headers);
  const missing = REQUIRED.filter((c) => map[c] === undefined);
  if (map.version === undefined && map.description === undefined) missing.push("version");
  if (missing.length) {
    throw new CatalogFormatError(
      `${filename}: header row ${headerRowNumber} lacks required column(s) ${missing.join(", ")} ` +
        `(found: ${headers.filter(Boolean).join(", ") || "nothing"})`,
    );
  }
  const entries: CatalogEntry[] = [];
  const errors: CatalogRowError[] = [];
  const firstRowOfCode = new Map<string, number>();
  const maxYear = new Date().getFullYear() + 2;
  const get = (cells: readonly unknown[], col: CatalogColumn): string => {
    const i = map[col];
    if (i === undefined) return "";
    const v = cells[i];
    return v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
  };
  for (const { rowNumber, cells } of rows) {
    if (cells.every((c) => c === null || c === undefined || String(c).trim() === "")) continue;
    const code = codeText(rowNumber, map.code!, cells[map.code!]);
    const brand = get(cells, "brand");
    const model = get(cells, "model");
    const yearRaw = get(cells, "year");
    const problems: string[] = [];
    if (!code) problems.push("code is empty");
    if (!brand) problems.push("brand is empty");
    if (!model) problems.push("model is empty");
    const year = yearFromValue(yearRaw, { maxYear, minYear: 1950 });
    if (year === null) problems.push(`year "${yearRaw}" is not a model year`);
    if (code && firstRowOfCode.has(code)) problems.push(`duplicate code ${code} (first seen on row ${firstRowOfCode.get(code)})`);
    if (problems.length) {
      errors.push({ row: rowNumber, message: problems.join("; ") });
      continue;
    }
    firstRowOfCode.set(code, rowNumber);
    const version = get(cells, "version");
    const description = get(cells, "description");
    entries.push({
      code,
      brand,
      model,
      version: version || description,
      year: year!,
      body: get(cells, "body"),
      use: get(cells, "use"),
      description: description || `${model} ${version}`.trim(),
    });
  }
  return { entries, errors };
}

/** Parse a catalog from CSV or XLSX. Throws CatalogFormatError when required columns are missing. */
export async function parseCatalog(data: Uint8Array | string, filename: string): Promise<ParsedCatalog> {
  const isText = typeof data === "string" || !(data[0] === 0x50 && data[1] === 0x4b);
  if (isText && !/\.xlsx?$/i.test(filename)) {
    const text = typeof data === "string" ? data : decodeText(data);
    const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, dynamicTyping: false, delimiter: guessDelimiter(text.slice(0, 20_000)) });
    const rows = parsed.data;
    // record i (0-based) is file row i + 1; blank lines are kept by papaparse and skipped below.
    const headerIdx = rows.findIndex((r) => r.some((c) => c && c.trim() !== ""));
    if (headerIdx < 0) throw new CatalogFormatError(`${filename}: the file is empty`);
    const headers = rows[headerIdx].map((h) => h ?? "");
    const iter = function* () {
      for (let i = headerIdx + 1; i < rows.length; i++) yield { rowNumber: i + 1, cells: rows[i] };
    };
    const result = buildEntries(filename, headerIdx + 1, headers, iter(), (_r, _c, v) => (v === null || v === undefined ? "" : String(v).trim()));
    for (const e of parsed.errors) {
      if (e.type === "Quotes") result.errors.push({ row: (e.row ?? 0) + 1, message: e.message });
    }
    return result;
  }
  const wb = await readWorkbook(typeof data === "string" ? new TextEncoder().encode(data) : data, filename);
  const sheet = wb.sheets.find((s) => s.rows.some((r) => mapCatalogHeaderFound(r))) ?? wb.sheets[0];
  if (!sheet) throw new CatalogFormatError(`${filename}: the workbook has no sheets`);
  const headerIdx = sheet.rows.findIndex((r) => mapCatalogHeaderFound(r));
  if (headerIdx < 0) {
    throw new CatalogFormatError(`${filename}: no header row with code, brand, model and year columns found in sheet "${sheet.name}"`);
  }
  const headers = sheet.rows[headerIdx].map(cellText);
  const iter = function* () {
    for (let i = headerIdx + 1; i < sheet.rows.length; i++) yield { rowNumber: i + 1, cells: sheet.rows[i] as unknown[] };
  };
  const pads = sheet.zeroPadFormats ?? new Map<string, number>();
  return buildEntries(filename, headerIdx + 1, headers, iter(), (r, c, v) => {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") {
      const width = pads.get(`${r}:${c + 1}`);
      const s = String(v);
      return width ? s.padStart(width, "0") : s;
    }
    return String(v).trim();
  });
}

function mapCatalogHeaderFound(row: readonly Cell[]): boolean {
  const m = mapCatalogHeader(row.map(cellText));
  return REQUIRED.every((c) => m[c] !== undefined);
}

/** Serialize entries back to CSV (codes quoted as text are preserved by any CSV reader that keeps strings). */
export function catalogToCsv(entries: readonly CatalogEntry[]): string {
  return Papa.unparse({
    fields: ["code", "brand", "model", "version", "year", "body", "use", "description"],
    data: entries.map((e) => [e.code, e.brand, e.model, e.version, e.year, e.body, e.use, e.description]),
  });
}
