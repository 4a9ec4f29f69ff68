/**
 * Reading broker spreadsheets and catalog files: .xlsx (exceljs), .csv (papaparse).
 * Copes with title/blank rows above the header, merged cells (value copied to every cell of the range),
 * several sheets, total rows at the end (dropped and reported), formula cells (their cached result).
 */
import type ExcelJS from "exceljs";
import { loadXlsx } from "@/lib/xlsx";
import { decodeTextFile, mixedEncodingWarning } from "@/lib/text/decode-text";
import Papa from "papaparse";

export type Cell = string | number | boolean | Date | null;

export interface DroppedRow {
  rowNumber: number;
  reason: string;
  values: Cell[];
}

export interface Sheet {
  name: string;
  /** rows[i] is spreadsheet row i + 1 (blank rows kept as empty arrays so row numbers stay true). */
  rows: Cell[][];
  /** Total/summary rows removed from the end of the sheet. */
  droppedRows: DroppedRow[];
  /** Number format per cell for numeric cells whose format pads with zeros (e.g. "00000"), keyed "r:c". */
  zeroPadFormats?: Map<string, number>;
}

export interface Workbook {
  filename: string;
  format: "xlsx" | "csv";
  sheets: Sheet[];
  /** Things a person should check that did not stop the reading (e.g. a CSV mixing two text encodings). */
  warnings?: string[];
}

export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpreadsheetError";
  }
}

function extOf(filename: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(filename);
  return m ? m[1].toLowerCase() : "";
}

function isZip(d: Uint8Array): boolean {
  return d.length > 4 && d[0] === 0x50 && d[1] === 0x4b && d[2] === 0x03 && d[3] === 0x04;
}

function isOle(d: Uint8Array): boolean {
  return d.length > 8 && d[0] === 0xd0 && d[1] === 0xcf && d[2] === 0x11 && d[3] === 0xe0;
}

/** Decode a text file (UTF-8, Windows-1252, UTF-16, or a mix line by line: lib/text/decode-text). */
export function decodeText(data: Uint8Array): string {
  return decodeTextFile(data).text;
}

const TOTAL_LABEL = /^\s*(GRAN\s+)?(TOTAL(ES)?|SUBTOTAL|SUMA(S)?(\s+TOTAL)?|TOTAL\s+GENERAL)\b\s*:?\s*/i;
const AMOUNT_TEXT = /^\s*[$€]?\s*-?\d[\d.,' ]*\s*$/;
const SUM_FORMULA = /\b(SUM|SUBTOTAL|SUMA|SUMAR|AGGREGATE)\s*\(/i;

export function isBlankRow(row: readonly Cell[] | undefined): boolean {
  return !row || row.every((c) => c === null || (typeof c === "string" && c.trim() === ""));
}

/** Remove total rows (label TOTAL/SUMA… or SUM formulas) from the end of a sheet; report them. */
function dropTrailingTotals(rows: Cell[][], formulaRows: Map<number, string[]>): DroppedRow[] {
  const dropped: DroppedRow[] = [];
  for (let guard = 0; guard < 6; guard++) {
    let last = rows.length - 1;
    while (last >= 0 && isBlankRow(rows[last])) last--;
    if (last < 1) break;
    const row = rows[last];
    const label = row.find((c) => typeof c === "string" && TOTAL_LABEL.test(c));
    const formulas = formulaRows.get(last + 1) ?? [];
    const sumFormula = formulas.find((f) => SUM_FORMULA.test(f));
    if (!label && !sumFormula) break;
    // a totals row totals something: a label alone ("SUMA ASEGURADA", "TOTAL PAGADO") is a column head, and when
    // no data rows follow the header that head is the last row — dropping it lost the header itself
    if (!sumFormula && !row.some((c) => c !== label && (typeof c === "number" || (typeof c === "string" && AMOUNT_TEXT.test(c))))) break;
    const reason = label
      ? `total row "${String(label).trim()}"` + (sumFormula ? ` with formula =${sumFormula}` : "")
      : `summary row with formula =${sumFormula}`;
    dropped.unshift({ rowNumber: last + 1, reason, values: row });
    rows.length = last;
  }
  return dropped;
}

function unwrapValue(v: ExcelJS.CellValue): { value: Cell; formula?: string } {
  if (v === null || v === undefined) return { value: null };
  if (typeof v === "string") return { value: v.trim() === "" ? null : v };
  if (typeof v === "number" || typeof v === "boolean") return { value: v };
  if (v instanceof Date) return { value: v };
  if (typeof v === "object") {
    const o = v as unknown as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) {
      const formula = String(o.formula ?? o.sharedFormula ?? "");
      const r = o.result as ExcelJS.CellValue | undefined;
      const inner = r === undefined ? { value: null } : unwrapValue(r);
      return { value: inner.value, formula };
    }
    if ("richText" in o && Array.isArray(o.richText)) {
      const text = (o.richText as Array<{ text: string }>).map((p) => p.text).join("");
      return { value: text.trim() === "" ? null : text };
    }
    if ("text" in o) return { value: String(o.text) };
    if ("error" in o) return { value: null };
  }
  return { value: String(v) };
}

async function readXlsx(data: Uint8Array, filename: string): Promise<Workbook> {
  const wb = await loadXlsx(data, (reason) => new SpreadsheetError(`${filename}: not a readable .xlsx workbook (${reason})`));
  const sheets: Sheet[] = [];
  for (const ws of wb.worksheets) {
    const rows: Cell[][] = [];
    const formulaRows = new Map<number, string[]>();
    const zeroPadFormats = new Map<string, number>();
    const rowCount = ws.rowCount;
    let width = 0;
    for (let r = 1; r <= rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Cell[] = [];
      const n = row.cellCount;
      for (let c = 1; c <= n; c++) {
        const cell = row.getCell(c);
        const { value, formula } = unwrapValue(cell.value);
        cells.push(value);
        if (formula) {
          const list = formulaRows.get(r) ?? [];
          list.push(formula);
          formulaRows.set(r, list);
        }
        if (typeof value === "number" && cell.numFmt && /^0{2,}$/.test(cell.numFmt)) {
          zeroPadFormats.set(`${r}:${c}`, cell.numFmt.length);
        }
      }
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      if (cells.length > width) width = cells.length;
      rows.push(cells);
    }
    while (rows.length && isBlankRow(rows[rows.length - 1])) rows.pop();
    const droppedRows = dropTrailingTotals(rows, formulaRows);
    sheets.push({ name: ws.name, rows, droppedRows, zeroPadFormats });
  }
  return { filename, format: "xlsx", sheets };
}

/** Pick the delimiter that splits the first lines into the same number (>1) of fields most often. */
export function guessDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, 30);
  let best = ",";
  let bestScore = -1;
  for (const d of [",", ";", "\t", "|"]) {
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, "").split(d).length - 1);
    const modal = counts.filter((c) => c > 0).sort((a, b) => counts.filter((x) => x === b).length - counts.filter((x) => x === a).length)[0] ?? 0;
    const score = modal > 0 ? counts.filter((c) => c === modal).length * 100 + modal : 0;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function readCsv(data: Uint8Array | string, filename: string): Workbook {
  const decoded = typeof data === "string" ? null : decodeTextFile(data);
  const text = decoded ? decoded.text : (data as string);
  const warning = decoded && mixedEncodingWarning(filename.replace(/^.*[\\/]/, ""), decoded);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, dynamicTyping: false, delimiter: guessDelimiter(text) });
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new SpreadsheetError(`${filename}: row ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const rows: Cell[][] = parsed.data.map((r) => {
    const cells: Cell[] = r.map((v) => (v === undefined || v.trim() === "" ? null : v.trim()));
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
  while (rows.length && isBlankRow(rows[rows.length - 1])) rows.pop();
  const droppedRows = dropTrailingTotals(rows, new Map());
  const name = filename.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "") || "Sheet1";
  return { filename, format: "csv", sheets: [{ name, rows, droppedRows }], ...(warning && { warnings: [warning] }) };
}

/**
 * Read a broker spreadsheet or catalog file. The format is taken from the content when it is clear
 * (ZIP → .xlsx, OLE → legacy .xls) and from the extension otherwise.
 */
export async function readWorkbook(data: Uint8Array, filename: string): Promise<Workbook> {
  const ext = extOf(filename);
  if (data.length === 0) throw new SpreadsheetError(`${filename}: the file is empty`);
  if (isZip(data)) return readXlsx(data, filename);
  if (isOle(data) || ext === "xls") {
    if (isOle(data)) {
      throw new SpreadsheetError(
        `${filename}: this is a legacy Excel 97-2003 (.xls) file, which Docket cannot read. ` +
          `Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook), then upload that file.`,
      );
    }
    // Many systems export "xls" files that are really tab/comma separated text; read those as CSV.
    const head = decodeText(data.subarray(0, 512));
    if (/^\s*</.test(head)) {
      throw new SpreadsheetError(
        `${filename}: this .xls file is an HTML page, not a spreadsheet. Open it in Excel and save it as .xlsx.`,
      );
    }
    return readCsv(data, filename);
  }
  if (ext === "xlsx" || ext === "xlsm") {
    throw new SpreadsheetError(`${filename}: not a valid .xlsx file (it is not a ZIP package)`);
  }
  if (ext === "csv" || ext === "txt" || ext === "tsv" || ext === "") return readCsv(data, filename);
  throw new SpreadsheetError(`${filename}: unsupported file type ".${ext}" (use .xlsx or .csv)`);
}

/** Text of a cell for header matching and display. Dates become ISO dates. */
export function cellText(c: Cell): string {
  if (c === null) return "";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}
