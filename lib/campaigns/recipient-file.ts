import type ExcelJS from "exceljs";
import { loadXlsx } from "@/lib/xlsx";
import Papa from "papaparse";
import { decodeTextFile, mixedEncodingWarning } from "@/lib/text/decode-text";

// Reading a recipient list: a CSV/TSV/TXT or .xlsx file becomes a header + rows table. Blank lines are dropped but
// row numbers stay as a spreadsheet app shows them, so every later message can name the row.

export interface RecipientRow {
  /** Row number as a spreadsheet app shows it (header = row 1 when it is the first row; for CSV, the record number). */
  rowNumber: number;
  cells: string[];
}

export interface RecipientTable {
  /** Unique, trimmed header texts (duplicates get " (2)", blanks "Column C"). */
  headers: string[];
  rows: RecipientRow[];
  sheetName?: string;
  /** Things a person should check that did not stop the import (e.g. a file mixing two text encodings). */
  warnings?: string[];
}

export class RecipientImportError extends Error {
  override name = "RecipientImportError";
}

export const DEFAULT_MAX_ROWS = 100_000;

/** "A", "B", … "Z", "AA": the spreadsheet letter of a 0-based column. */
export function columnLetter(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Column ${columnLetter(i)}`;
    const key = base.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function toTable(grid: { rowNumber: number; cells: string[] }[], source: string, maxRows: number, sheetName?: string): RecipientTable {
  const headerIdx = grid.findIndex((r) => r.cells.some((c) => c !== ""));
  if (headerIdx < 0) throw new RecipientImportError(`${source}: the file has no rows`);
  const headerRow = grid[headerIdx];
  let width = headerRow.cells.length;
  while (width > 0 && headerRow.cells[width - 1] === "") width--;
  const rows: RecipientRow[] = [];
  for (let i = headerIdx + 1; i < grid.length; i++) {
    const r = grid[i];
    if (r.cells.every((c) => c === "")) continue; // blank lines carry no recipient; row numbers stay true
    if (r.cells.length > width) width = Math.max(width, r.cells.length);
    rows.push(r);
    if (rows.length > maxRows) {
      throw new RecipientImportError(`${source}: more than ${maxRows} rows; split the list into smaller files`);
    }
  }
  const headers = uniqueHeaders(Array.from({ length: width }, (_, i) => headerRow.cells[i] ?? ""));
  for (const r of rows) {
    if (r.cells.length < width) for (let i = r.cells.length; i < width; i++) r.cells.push("");
  }
  return { headers, rows, sheetName };
}

export function parseRecipientCsv(input: string | Uint8Array, opts: { filename?: string; maxRows?: number } = {}): RecipientTable {
  const source = opts.filename ?? "CSV";
  const decoded = typeof input === "string" ? null : decodeTextFile(input);
  const text = decoded ? decoded.text : (input as string);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, dynamicTyping: false });
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new RecipientImportError(`${source}: row ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const grid = parsed.data.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => (c ?? "").trim()) }));
  const table = toTable(grid, source, opts.maxRows ?? DEFAULT_MAX_ROWS);
  const warning = decoded && mixedEncodingWarning(source, decoded);
  return warning ? { ...table, warnings: [warning] } : table;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString().endsWith("T00:00:00.000Z") ? v.toISOString().slice(0, 10) : v.toISOString();
  const o = v as unknown as Record<string, unknown>;
  if ("result" in o || "formula" in o || "sharedFormula" in o) return cellText((o.result as ExcelJS.CellValue) ?? null);
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((p) => p.text).join("").trim();
  if ("text" in o) {
    const t = o.text;
    if (typeof t === "string") return t.trim();
    return cellText(t as ExcelJS.CellValue); // hyperlink whose text is rich text
  }
  if ("hyperlink" in o && typeof o.hyperlink === "string") return o.hyperlink.replace(/^mailto:/i, "").trim();
  return "";
}

export async function parseRecipientXlsx(
  data: Uint8Array,
  opts: { filename?: string; sheet?: string | number; maxRows?: number } = {},
): Promise<RecipientTable> {
  const source = opts.filename ?? "workbook";
  const wb = await loadXlsx(data, (reason) => new RecipientImportError(`${source}: not a readable .xlsx workbook (${reason})`));
  let ws: ExcelJS.Worksheet | undefined;
  if (opts.sheet === undefined) ws = wb.worksheets.find((w) => w.actualRowCount > 0) ?? wb.worksheets[0];
  else if (typeof opts.sheet === "number") ws = wb.worksheets[opts.sheet];
  else ws = wb.getWorksheet(opts.sheet);
  if (!ws) {
    const names = wb.worksheets.map((w) => `"${w.name}"`).join(", ");
    throw new RecipientImportError(`${source}: sheet ${JSON.stringify(opts.sheet ?? 1)} not found (sheets: ${names || "none"})`);
  }
  const grid: { rowNumber: number; cells: string[] }[] = [];
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const n = row.cellCount;
    for (let c = 1; c <= n; c++) cells.push(cellText(row.getCell(c).value));
    grid.push({ rowNumber, cells });
  });
  if (grid.length > maxRows + 1) {
    throw new RecipientImportError(`${source}: more than ${maxRows} rows; split the list into smaller files`);
  }
  return toTable(grid, `${source} (sheet "${ws.name}")`, maxRows, ws.name);
}

/** Reads a .csv/.txt/.tsv or .xlsx file; the format comes from the content (ZIP = xlsx) or the extension. */
export async function readRecipientFile(
  data: Uint8Array,
  filename: string,
  opts: { sheet?: string | number; maxRows?: number } = {},
): Promise<RecipientTable> {
  if (data.length === 0) throw new RecipientImportError(`${filename}: the file is empty`);
  const isZip = data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
  const isOle = data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0;
  if (isZip) return parseRecipientXlsx(data, { filename, ...opts });
  if (isOle) {
    throw new RecipientImportError(`${filename}: legacy Excel (.xls) files are not supported; save it as .xlsx or .csv`);
  }
  if (/\.xlsx?$/i.test(filename)) throw new RecipientImportError(`${filename}: not a valid .xlsx file`);
  return parseRecipientCsv(data, { filename, maxRows: opts.maxRows });
}

