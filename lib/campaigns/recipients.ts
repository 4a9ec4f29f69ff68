import ExcelJS from "exceljs";
import { decodeTextFile, mixedEncodingWarning } from "@/lib/text/decode-text";
import Papa from "papaparse";

// Recipient lists: read CSV/XLSX into a header + rows table, suggest a column mapping, then import:
// validate and normalise addresses, drop in-list duplicates, suppressed and (optionally) already
// contacted addresses — every skipped row is reported with its row number and reason; good rows are
// never lost because of bad ones. Every column that is not mapped becomes a placeholder field.

export const RECIPIENT_FIELDS = ["email", "company", "name", "role", "designation"] as const;
export type RecipientField = (typeof RECIPIENT_FIELDS)[number];

/** Source column (header text) for each recipient field. `email` is required. */
export type RecipientMapping = { email: string } & Partial<Record<Exclude<RecipientField, "email">, string>>;

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

// ------------------------------------------------------------------------------------------ reading

function columnLetter(i: number): string {
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
  const wb = new ExcelJS.Workbook();
  try {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new RecipientImportError(`${source}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
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

// ------------------------------------------------------------------------------------------ mapping

function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// Header synonyms (English and Spanish), most specific first.
const SYNONYMS: Record<RecipientField, string[]> = {
  email: ["email", "e mail", "email address", "mail", "correo", "correo electronico", "e mail address", "emails", "contact email", "work email"],
  company: ["company", "company name", "empresa", "organization", "organisation", "organizacion", "compania", "employer", "firm", "razon social", "business"],
  name: ["name", "full name", "contact name", "contact", "nombre", "nombre completo", "recipient", "person", "contacto"],
  role: ["role", "position", "job title", "title", "puesto", "cargo", "rol", "job", "posicion", "vacancy", "vacante"],
  designation: ["designation", "designacion", "seniority", "department", "departamento", "area"],
};

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface MappingSuggestion {
  mapping: Partial<RecipientMapping>;
  /** How each field was found: exact synonym, header containing a synonym, or the column's contents. */
  how: Partial<Record<RecipientField, "exact" | "partial" | "content">>;
}

/**
 * Suggests which header feeds each recipient field. With `sampleRows` the email column is also
 * found by content when no header names it.
 */
export function suggestRecipientMapping(headers: readonly string[], sampleRows?: readonly (readonly string[])[]): MappingSuggestion {
  const folded = headers.map(fold);
  const used = new Set<number>();
  const mapping: Partial<RecipientMapping> = {};
  const how: MappingSuggestion["how"] = {};
  for (const pass of ["exact", "partial"] as const) {
    for (const field of RECIPIENT_FIELDS) {
      if (mapping[field]) continue;
      for (const syn of SYNONYMS[field]) {
        const idx = folded.findIndex((h, i) => {
          if (used.has(i)) return false;
          if (pass === "exact") return h === syn;
          return new RegExp(`(^| )${syn}( |$)`).test(h);
        });
        if (idx >= 0) {
          mapping[field] = headers[idx];
          how[field] = pass;
          used.add(idx);
          break;
        }
      }
    }
  }
  if (!mapping.email && sampleRows?.length) {
    // A column full of addresses is the email column even if its header loosely matched another field.
    const exactCols = new Set(
      RECIPIENT_FIELDS.filter((f) => how[f] === "exact").map((f) => headers.indexOf(mapping[f]!)),
    );
    let best = -1;
    let bestScore = 0;
    headers.forEach((_, i) => {
      if (exactCols.has(i)) return;
      const vals = sampleRows.map((r) => (r[i] ?? "").trim()).filter(Boolean);
      const score = vals.length ? vals.filter((v) => EMAIL_SHAPE.test(v)).length / vals.length : 0;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    if (best >= 0 && bestScore >= 0.5) {
      for (const f of RECIPIENT_FIELDS) {
        if (mapping[f] === headers[best]) {
          delete mapping[f];
          delete how[f];
        }
      }
      mapping.email = headers[best];
      how.email = "content";
    }
  }
  return { mapping, how };
}

// ------------------------------------------------------------------------------------------ emails

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

/**
 * Trims, unwraps "Name <addr>" and "mailto:", lower-cases and checks the syntax (dot-atom local part,
 * a domain with at least two labels and an alphabetic TLD).
 */
export function normalizeEmail(input: string): EmailCheck {
  let s = input.trim();
  if (!s) return { ok: false, reason: "no email address" };
  const angle = /<([^<>]*)>\s*$/.exec(s);
  if (angle) s = angle[1].trim();
  s = s.replace(/^mailto:/i, "").trim();
  if (/[,;\s]/.test(s) && s.split(/[,;\s]+/).filter((p) => p.includes("@")).length > 1) {
    return { ok: false, reason: "more than one address in the cell" };
  }
  if (/\s/.test(s)) return { ok: false, reason: "contains spaces" };
  const at = s.lastIndexOf("@");
  if (at < 0) return { ok: false, reason: "missing @" };
  const local = s.slice(0, at);
  const domain = s.slice(at + 1).toLowerCase().replace(/\.$/, "");
  if (!local) return { ok: false, reason: "nothing before @" };
  if (local.length > 64 || s.length > 254) return { ok: false, reason: "too long" };
  if (!LOCAL.test(local)) return { ok: false, reason: `invalid characters or dots before @ ("${local}")` };
  const labels = domain.split(".");
  if (labels.length === 1 && LABEL.test(domain)) {
    return { ok: false, reason: `domain "${domain}" has no top-level domain (like .com)` };
  }
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return { ok: false, reason: `invalid domain "${domain}"` };
  if (!/^[a-z]{2,63}$|^xn--[a-z0-9-]{2,59}$/.test(labels[labels.length - 1])) {
    return { ok: false, reason: `invalid top-level domain ".${labels[labels.length - 1]}"` };
  }
  return { ok: true, email: `${local.toLowerCase()}@${domain}` };
}

export function isValidEmail(input: string): boolean {
  return normalizeEmail(input).ok;
}

// ------------------------------------------------------------------------------------------ import

export interface ImportedRecipient {
  rowNumber: number;
  /** Normalised (trimmed, lower-cased) address. */
  email: string;
  name?: string;
  company?: string;
  role?: string;
  designation?: string;
  /** Every placeholder value for this recipient, by placeholder key (see ImportResult.columns). */
  fields: Record<string, string>;
}

export type SkipReason = "invalid_email" | "duplicate" | "suppressed" | "already_contacted";

export interface SkippedRow {
  rowNumber: number;
  /** The address as written in the file (trimmed). */
  email: string;
  reason: SkipReason;
  /** Human-readable explanation, e.g. "duplicate of row 4". */
  detail: string;
}

export interface ImportOptions {
  mapping: RecipientMapping;
  /** Lower-cased addresses on the workspace's suppression list (unsubscribed, bounced). */
  suppressed?: ReadonlySet<string>;
  /** Lower-cased addresses this workspace has already emailed. */
  alreadyContacted?: ReadonlySet<string>;
  /** Skip addresses in `alreadyContacted` (default true when that set is given). */
  skipAlreadyContacted?: boolean;
}

export interface ImportResult {
  recipients: ImportedRecipient[];
  skipped: SkippedRow[];
  /** Placeholder keys available to the template (mapped fields, `first_name`, then extra columns). */
  columns: string[];
  /** Which header became which placeholder key. */
  columnKeys: { header: string; key: string }[];
  totalRows: number;
}

/** "Fecha de Ingreso" → "fecha_de_ingreso"; used for placeholder keys of extra columns. */
export function placeholderKey(header: string): string {
  return fold(header).replace(/ /g, "_");
}

function lowerSet(s: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (!s) return undefined;
  for (const v of s) {
    if (v !== v.toLowerCase() || v !== v.trim()) return new Set([...s].map((x) => x.trim().toLowerCase()));
  }
  return s;
}

export function importRecipients(table: RecipientTable, opts: ImportOptions): ImportResult {
  const { mapping } = opts;
  const idx = new Map(table.headers.map((h, i) => [h, i]));
  const fieldIdx: Partial<Record<RecipientField, number>> = {};
  for (const field of RECIPIENT_FIELDS) {
    const header = mapping[field];
    if (header === undefined || header === "") {
      if (field === "email") throw new RecipientImportError("choose which column holds the email address");
      continue;
    }
    const i = idx.get(header);
    if (i === undefined) {
      throw new RecipientImportError(`${field}: column "${header}" is not in the file (columns: ${table.headers.join(", ")})`);
    }
    fieldIdx[field] = i;
  }

  // Placeholder keys: mapped fields keep their field name; every other column gets a key from its header.
  const columnKeys: { header: string; key: string }[] = [];
  // "unsubscribe_url" is filled by the sender (see template.ts SYSTEM_PLACEHOLDERS); a column cannot shadow it.
  const usedKeys = new Set<string>([...RECIPIENT_FIELDS.filter((f) => fieldIdx[f] !== undefined), "unsubscribe_url"]);
  const mappedCols = new Set(Object.values(fieldIdx));
  const extra: { i: number; key: string }[] = [];
  for (const f of RECIPIENT_FIELDS) if (fieldIdx[f] !== undefined) columnKeys.push({ header: table.headers[fieldIdx[f]!], key: f });
  const deriveFirstName = fieldIdx.name !== undefined && !table.headers.some((h) => placeholderKey(h) === "first_name");
  if (deriveFirstName) usedKeys.add("first_name");
  table.headers.forEach((h, i) => {
    if (mappedCols.has(i)) return;
    let key = placeholderKey(h) || `column_${columnLetter(i).toLowerCase()}`;
    if (/^\d/.test(key)) key = `c_${key}`;
    if (usedKeys.has(key)) {
      let n = 2;
      while (usedKeys.has(`${key}_${n}`)) n++;
      key = `${key}_${n}`;
    }
    usedKeys.add(key);
    extra.push({ i, key });
    columnKeys.push({ header: h, key });
  });
  const columns = [
    ...RECIPIENT_FIELDS.filter((f) => fieldIdx[f] !== undefined),
    ...(deriveFirstName ? ["first_name"] : []),
    ...extra.map((e) => e.key),
  ];

  const suppressed = lowerSet(opts.suppressed);
  const contacted = opts.skipAlreadyContacted === false ? undefined : lowerSet(opts.alreadyContacted);
  const firstRowOf = new Map<string, number>();
  const recipients: ImportedRecipient[] = [];
  const skipped: SkippedRow[] = [];
  const emailCol = fieldIdx.email!;

  for (const row of table.rows) {
    const rawEmail = (row.cells[emailCol] ?? "").trim();
    const check = normalizeEmail(rawEmail);
    if (!check.ok) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "invalid_email", detail: check.reason });
      continue;
    }
    const email = check.email;
    if (suppressed?.has(email)) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "suppressed", detail: "on the suppression list (unsubscribed or bounced)" });
      continue;
    }
    if (contacted?.has(email)) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "already_contacted", detail: "already contacted by this workspace" });
      continue;
    }
    const first = firstRowOf.get(email);
    if (first !== undefined) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "duplicate", detail: `duplicate of row ${first}` });
      continue;
    }
    firstRowOf.set(email, row.rowNumber);

    const fields: Record<string, string> = { email };
    const r: ImportedRecipient = { rowNumber: row.rowNumber, email, fields };
    for (const f of ["company", "name", "role", "designation"] as const) {
      const i = fieldIdx[f];
      if (i === undefined) continue;
      const v = (row.cells[i] ?? "").trim();
      fields[f] = v;
      if (v) r[f] = v;
    }
    if (deriveFirstName) fields.first_name = (fields.name ?? "").split(/\s+/)[0] ?? "";
    for (const e of extra) fields[e.key] = (row.cells[e.i] ?? "").trim();
    recipients.push(r);
  }
  return { recipients, skipped, columns, columnKeys, totalRows: table.rows.length };
}
