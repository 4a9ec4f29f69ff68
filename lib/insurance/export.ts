/**
 * Quote exports. The insurer's quoting format (Gcotiza: sheet COTIZACION) is a column template stored
 * as data — header, source path, type — and written with real Excel types (text keeps leading zeros,
 * numbers are numbers, percentages are fractions with a % format, dates are dates).
 * The quote file's vehicle columns read `vehicle.*`: the catalog entry's brand, model, year and use once the row has
 * a code (quote-vehicle.ts), the broker's writing (`canonical.*`, also `broker.*`) only where there is no code.
 * A generic export of match results (codes, confidence, decision) uses the same writer.
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { z } from "zod";
import { parseMoney, parsePercent } from "./fields";
import { policyTerms } from "./policy-terms";
import { quoteVehicle } from "./quote-vehicle";

export { QUOTE_SOURCES, quoteFileTemplate } from "./quote-sources";

export const quoteColumnTypeSchema = z.enum(["text", "int", "float", "percent", "date"]);
export type QuoteColumnType = z.infer<typeof quoteColumnTypeSchema>;

export const quoteColumnSchema = z.object({
  header: z.string().min(1),
  /**
   * Dot path into each export row, e.g. "code", "vehicle.brand" (the coded vehicle: the catalog's spelling once
   * matched), "canonical.insuredValue" (the broker's row; "broker.*" is the same), "quote.startDate".
   */
  source: z.string().min(1),
  type: quoteColumnTypeSchema,
  /** Value written when the source is empty (optional). */
  default: z.union([z.string(), z.number()]).optional(),
  width: z.number().int().positive().max(100).optional(),
});
export const quoteTemplateSchema = z.array(quoteColumnSchema).min(1, "a template needs at least one column");
export type QuoteColumn = z.infer<typeof quoteColumnSchema>;
export type QuoteTemplate = z.infer<typeof quoteTemplateSchema>;

/** A Gcotiza-style quote layout; insurers store their own variant as data. */
export const GCOTIZA_TEMPLATE: QuoteTemplate = [
  { header: "INCISO", source: "sourceId", type: "int" },
  { header: "CLAVE VEHICULAR", source: "code", type: "text" },
  { header: "MARCA", source: "vehicle.brand", type: "text" },
  { header: "SUBMARCA", source: "vehicle.model", type: "text" },
  { header: "MODELO", source: "vehicle.year", type: "int" },
  { header: "DESCRIPCION", source: "catalogDescription", type: "text", width: 48 },
  { header: "SERIE", source: "vehicle.vin", type: "text", width: 20 },
  { header: "PLACAS", source: "vehicle.plate", type: "text" },
  { header: "USO", source: "vehicle.use", type: "text", default: "PARTICULAR" },
  { header: "SUMA ASEGURADA", source: "canonical.insuredValue", type: "float" },
  { header: "COBERTURA", source: "policy.coverage", type: "text", default: "AMPLIA" },
  { header: "DEDUCIBLE DM", source: "policy.deductible", type: "percent", default: 0.05 },
  { header: "INICIO VIGENCIA", source: "quote.startDate", type: "date" },
];

/**
 * Rows written without a coded vehicle (callers of the lib) get one from the broker's values; `broker` names them too.
 * Rows without `policy` get the broker's coverage and deductibles normalised (policy-terms.ts).
 */
function withVehicle(row: ExportRow): ExportRow {
  const canonical = (row.canonical ?? {}) as Record<string, unknown>;
  const out: ExportRow = row.broker === undefined ? { ...row, broker: canonical } : { ...row };
  if (out.vehicle === undefined) out.vehicle = quoteVehicle({ rowNumber: Number(row.rowNumber ?? 0), canonical }, null).vehicle;
  if (out.policy === undefined) Object.assign(out, policyColumns({ rowNumber: Number(row.rowNumber ?? 0), canonical }));
  return out;
}

/**
 * A row's `policy` (the normalised terms) and `unresolved`: for each source the quote file cannot state (a
 * deductible the rules could not read), the reason, so the export stops naming the row and field instead of writing
 * the template's default for it.
 */
export function policyColumns(row: { rowNumber: number; canonical: Record<string, unknown> }): { policy: ReturnType<typeof policyTerms>["policy"]; unresolved: Record<string, string> } {
  const { policy, notes } = policyTerms(row);
  const unresolved: Record<string, string> = {};
  for (const n of notes) {
    if (n.field === "DEDUCIBLE") {
      const why = `${n.field} "${n.written}"${n.rowNumber ? ` (spreadsheet row ${n.rowNumber})` : ""}: ${n.message}`;
      for (const src of ["policy.deductible", "policy.theftDeductible", "policy.deductibles"]) unresolved[src] = why;
    }
  }
  return { policy, unresolved };
}

/** Generic export of match results. */
export const MATCH_RESULTS_TEMPLATE: QuoteTemplate = [
  { header: "id", source: "sourceId", type: "text" },
  { header: "row", source: "rowNumber", type: "int" },
  { header: "brand", source: "canonical.brand", type: "text" },
  { header: "model", source: "canonical.model", type: "text" },
  { header: "year", source: "canonical.year", type: "int" },
  { header: "description", source: "canonical.description", type: "text", width: 40 },
  { header: "vin", source: "canonical.vin", type: "text", width: 20 },
  { header: "code", source: "code", type: "text", default: "NONE" },
  { header: "catalog description", source: "catalogDescription", type: "text", width: 40 },
  { header: "confidence", source: "confidence", type: "percent" },
  { header: "decision", source: "decision", type: "text" },
];

export class ExportError extends Error {
  constructor(
    message: string,
    readonly problems: Array<{ row: number; column: string; message: string }>,
  ) {
    super(message);
    this.name = "ExportError";
  }
}

export type ExportRow = Record<string, unknown>;

function getPath(row: ExportRow, path: string): unknown {
  let cur: unknown = row;
  for (const part of path.split(".")) {
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v !== "string") return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v.trim());
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim()); // dd/mm/yyyy, the Mexican order
  if (m) return new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])));
  return null;
}

const FORMATS: Record<QuoteColumnType, string> = { text: "@", int: "0", float: "#,##0.00", percent: "0.00%", date: "dd/mm/yyyy" };

/** Convert one value to its Excel type; returns an error message when it cannot. */
export function convertCell(value: unknown, type: QuoteColumnType): { value: string | number | Date | null; error?: string } {
  if (value === null || value === undefined || value === "") return { value: null };
  const shown = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  switch (type) {
    case "text":
      return { value: value instanceof Date ? shown : String(value) };
    case "int": {
      const n = typeof value === "number" ? value : parseMoney(String(value));
      if (n === null || !Number.isInteger(n)) return { value: null, error: `"${shown}" is not a whole number` };
      return { value: n };
    }
    case "float": {
      const n = typeof value === "number" ? value : parseMoney(String(value));
      if (n === null) return { value: null, error: `"${shown}" is not a number` };
      return { value: n };
    }
    case "percent": {
      const n = typeof value === "number" ? (value > 1 ? value / 100 : value) : parsePercent(String(value));
      if (n === null) return { value: null, error: `"${shown}" is not a percentage` };
      return { value: n };
    }
    case "date": {
      const d = toDate(value);
      if (!d) return { value: null, error: `"${shown}" is not a date (use YYYY-MM-DD or DD/MM/YYYY)` };
      return { value: d };
    }
  }
}

function buildWorkbook(rows: readonly ExportRow[], templateInput: QuoteTemplate, sheetName: string): ExcelJS.Workbook {
  const template = quoteTemplateSchema.parse(templateInput);
  const wb = new ExcelJS.Workbook();
  wb.creator = "Docket";
  const ws = wb.addWorksheet(sheetName);
  ws.columns = template.map((c) => ({ header: c.header, key: c.header, width: c.width ?? Math.max(10, c.header.length + 2) }));
  ws.getRow(1).font = { bold: true };
  const problems: Array<{ row: number; column: string; message: string }> = [];
  rows.forEach((given, i) => {
    const row = withVehicle(given);
    const excelRow = ws.getRow(i + 2);
    template.forEach((col, c) => {
      let raw = getPath(row, col.source);
      const unresolved = (row.unresolved as Record<string, string> | undefined)?.[col.source];
      if (unresolved) problems.push({ row: i + 1, column: col.header, message: unresolved });
      if ((raw === null || raw === undefined || raw === "") && col.default !== undefined && !unresolved) raw = col.default;
      const { value, error } = convertCell(raw, col.type);
      if (error) problems.push({ row: i + 1, column: col.header, message: error });
      const cell = excelRow.getCell(c + 1);
      cell.value = value;
      cell.numFmt = FORMATS[col.type];
    });
  });
  if (problems.length) {
    const shown = problems.slice(0, 10).map((p) => `row ${p.row} (${p.column}): ${p.message}`);
    throw new ExportError(`cannot export ${problems.length} value(s): ${shown.join("; ")}${problems.length > 10 ? "; …" : ""}`, problems);
  }
  ws.views = [{ state: "frozen", ySplit: 1 }];
  return wb;
}

/** The quote file (Gcotiza format by default: sheet COTIZACION) as an .xlsx Buffer. */
export async function writeQuoteXlsx(rows: readonly ExportRow[], template: QuoteTemplate = GCOTIZA_TEMPLATE, sheetName = "COTIZACION"): Promise<Buffer> {
  const wb = buildWorkbook(rows, template, sheetName);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Same as writeQuoteXlsx, streamed (e.g. into an HTTP response or a blob upload). */
export async function writeQuoteXlsxToStream(rows: readonly ExportRow[], stream: Writable, template: QuoteTemplate = GCOTIZA_TEMPLATE, sheetName = "COTIZACION"): Promise<void> {
  const wb = buildWorkbook(rows, template, sheetName);
  await wb.xlsx.write(stream);
}

/** Generic export of match results as .xlsx (sheet RESULTADOS). */
/** The machine's decision in words ("no match"), as the review page shows it. */
const decisionInWords = (rows: readonly ExportRow[]): ExportRow[] => rows.map((r) => (typeof r.decision === "string" ? { ...r, decision: r.decision.replace(/_/g, " ") } : r));

export function writeMatchResultsXlsx(rows: readonly ExportRow[]): Promise<Buffer> {
  return writeQuoteXlsx(decisionInWords(rows), MATCH_RESULTS_TEMPLATE, "RESULTADOS");
}

/** Generic export of match results as CSV text (same columns; confidence as a 0–1 number). */
export function matchResultsToCsv(rows: readonly ExportRow[]): string {
  const template = MATCH_RESULTS_TEMPLATE;
  const data = decisionInWords(rows).map((row) =>
    template.map((col) => {
      let raw = getPath(row, col.source);
      if ((raw === null || raw === undefined || raw === "") && col.default !== undefined) raw = col.default;
      const { value } = convertCell(raw, col.type === "percent" ? "float" : col.type);
      return value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? "");
    }),
  );
  return Papa.unparse({ fields: template.map((c) => c.header), data });
}
