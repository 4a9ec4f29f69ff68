/**
 * Broker profiles as data: which sheet, where the header is, column → field mapping, normalization,
 * computed fields and validation. applyProfile turns a workbook into canonical fleet rows, reporting
 * bad rows by spreadsheet row number and saying when a file does not fit the profile at all.
 */
import { z } from "zod";
import { defaultMaxYear, yearFromValue } from "./attributes";
import { fleetFieldSchema, headerKey, parseMoney, parsePercent, type FleetField } from "./fields";
import { detectHeader, suggestMapping } from "./mapping";
import type { FleetRowInput } from "./matcher";
import { stripAccents } from "./text";
import { cellText, isBlankRow, type Cell, type Sheet, type Workbook } from "./workbook";

export const brokerProfileSchema = z.object({
  name: z.string().min(1).optional(),
  /** Which sheet: by name (case-insensitive), by 0-based index, or by a regular expression on the name. Empty = best fitting sheet. */
  sheet: z
    .object({
      name: z.string().min(1).optional(),
      index: z.number().int().nonnegative().optional(),
      pattern: z.string().min(1).optional(),
    })
    .prefault({}),
  /** 1-based header row, or "auto" to find it. */
  headerRow: z.union([z.literal("auto"), z.number().int().positive()]).default("auto"),
  columns: z
    .array(z.object({ header: z.string().min(1), field: fleetFieldSchema }))
    .min(1, "map at least one column")
    .refine((cols) => new Set(cols.map((c) => c.field)).size === cols.length, "each field can be mapped from one column only"),
  normalize: z
    .object({
      trim: z.boolean().default(true),
      upper: z.boolean().default(true),
      stripAccents: z.boolean().default(true),
      /** Two-digit years up to the pivot are 20xx, above it 19xx (default: next year's last two digits). */
      twoDigitYearPivot: z.number().int().min(0).max(99).optional(),
      /** Per field, value → replacement (keys compared after the other normalization rules). */
      valueMaps: z.partialRecord(fleetFieldSchema, z.record(z.string(), z.string())).default({}),
    })
    .prefault({}),
  /** Fields built from several columns or fields, e.g. description = SUBMARCA + VERSION. */
  computed: z
    .array(
      z.object({
        field: fleetFieldSchema,
        concat: z.array(z.string().min(1)).min(1),
        separator: z.string().default(" "),
      }),
    )
    .default([]),
  validation: z
    .object({
      required: z.array(fleetFieldSchema).default([]),
      yearRange: z.object({ min: z.number().int(), max: z.number().int() }).optional(),
      enums: z.partialRecord(fleetFieldSchema, z.array(z.string()).min(1)).default({}),
    })
    .prefault({}),
});

export type BrokerProfile = z.infer<typeof brokerProfileSchema>;
export type BrokerProfileInput = z.input<typeof brokerProfileSchema>;

export type CanonicalRow = Partial<Record<FleetField, string | number>>;

export interface ProfileRow {
  /** 1-based spreadsheet row number. */
  rowNumber: number;
  /** The row's own number column ("No.", "#") when mapped, else its 1-based data-row index. */
  sourceId: string;
  /** Header → cell text, as read. */
  raw: Record<string, string>;
  canonical: CanonicalRow;
}

export interface ProfileError {
  rowNumber: number;
  /** The row's id as ProfileRow.sourceId would have been (absent for sheet/header problems). */
  sourceId?: string;
  field: FleetField | "sheet" | "header";
  message: string;
}

export interface ApplyProfileResult {
  sheet: string | null;
  headerRow: number | null;
  rows: ProfileRow[];
  errors: ProfileError[];
  /** Total/summary rows dropped from the end of the sheet. */
  droppedRows: Array<{ rowNumber: number; reason: string }>;
  fits: boolean;
  misfitReason?: string;
  /** The profile fits (sheet and header found) but nothing is below the header: an empty list, not a misfit. */
  noDataRows?: boolean;
}

const NUMERIC_FIELDS = new Set<FleetField>(["insuredValue", "premium"]);

function pickSheets(wb: Workbook, p: BrokerProfile): { sheets: Sheet[]; problem?: string } {
  const names = wb.sheets.map((s) => s.name).join(", ");
  if (p.sheet.name) {
    const s = wb.sheets.find((x) => x.name.trim().toLowerCase() === p.sheet.name!.trim().toLowerCase());
    return s ? { sheets: [s] } : { sheets: [], problem: `sheet "${p.sheet.name}" not found (sheets: ${names})` };
  }
  if (p.sheet.index !== undefined) {
    const s = wb.sheets[p.sheet.index];
    return s ? { sheets: [s] } : { sheets: [], problem: `sheet number ${p.sheet.index + 1} not found (the file has ${wb.sheets.length})` };
  }
  if (p.sheet.pattern) {
    let re: RegExp;
    try {
      re = new RegExp(p.sheet.pattern, "i");
    } catch {
      return { sheets: [], problem: `sheet pattern "${p.sheet.pattern}" is not a valid regular expression` };
    }
    const list = wb.sheets.filter((x) => re.test(x.name));
    return list.length ? { sheets: list } : { sheets: [], problem: `no sheet name matches /${p.sheet.pattern}/ (sheets: ${names})` };
  }
  return { sheets: wb.sheets };
}

/** Locate the header row holding the profile's headers; returns the column index of each mapped header. */
function locateHeader(sheet: Sheet, p: BrokerProfile): { headerRow: number; index: Map<string, number>; missing: string[] } {
  const wanted = p.columns.map((c) => headerKey(c.header));
  const scan = (r: number) => {
    const keys = (sheet.rows[r - 1] ?? []).map((c) => headerKey(cellText(c)));
    const index = new Map<string, number>();
    for (const w of wanted) {
      const i = keys.indexOf(w);
      if (i >= 0) index.set(w, i);
    }
    return { headerRow: r, index, missing: p.columns.filter((c) => !index.has(headerKey(c.header))).map((c) => c.header) };
  };
  if (p.headerRow !== "auto") return scan(p.headerRow);
  let best = scan(detectHeader(sheet).headerRow || 1);
  for (let r = 1; r <= Math.min(sheet.rows.length, 30) && best.missing.length; r++) {
    const s = scan(r);
    if (s.missing.length < best.missing.length) best = s;
  }
  return best;
}

function normalizeValue(v: string, p: BrokerProfile): string {
  let s = v;
  if (p.normalize.trim) s = s.replace(/\s+/g, " ").trim();
  if (p.normalize.stripAccents) s = stripAccents(s);
  if (p.normalize.upper) s = s.toUpperCase();
  return s;
}

/** Apply a broker profile to a workbook. The profile is validated (and defaulted) with brokerProfileSchema. */
export function applyProfile(workbook: Workbook, profileInput: BrokerProfileInput | BrokerProfile): ApplyProfileResult {
  const p = brokerProfileSchema.parse(profileInput);
  const empty = (misfitReason: string, sheet: string | null = null, headerRow: number | null = null): ApplyProfileResult => ({
    sheet,
    headerRow,
    rows: [],
    errors: [],
    droppedRows: [],
    fits: false,
    misfitReason,
  });
  const { sheets, problem } = pickSheets(workbook, p);
  if (problem) return empty(problem);
  let chosen: { sheet: Sheet; loc: ReturnType<typeof locateHeader> } | null = null;
  for (const sheet of sheets) {
    const loc = locateHeader(sheet, p);
    if (!chosen || loc.missing.length < chosen.loc.missing.length) chosen = { sheet, loc };
    if (!loc.missing.length) break;
  }
  if (!chosen) return empty("the workbook has no sheets");
  const { sheet, loc } = chosen;
  if (loc.missing.length) {
    const found = (sheet.rows[loc.headerRow - 1] ?? []).map(cellText).filter(Boolean);
    return empty(
      `mapped column(s) missing: ${loc.missing.join(", ")} (sheet "${sheet.name}", header row ${loc.headerRow} has: ${found.join(", ") || "nothing"})`,
      sheet.name,
      loc.headerRow,
    );
  }

  const headerCells = (sheet.rows[loc.headerRow - 1] ?? []).map(cellText);
  const headerIndexByKey = new Map<string, number>();
  headerCells.forEach((h, i) => {
    const k = headerKey(h);
    if (k && !headerIndexByKey.has(k)) headerIndexByKey.set(k, i);
  });
  const mapped = p.columns.map((c) => ({ ...c, index: loc.index.get(headerKey(c.header))! }));
  const maxYear = defaultMaxYear();
  const pivot = p.normalize.twoDigitYearPivot ?? maxYear % 100;
  const rows: ProfileRow[] = [];
  const errors: ProfileError[] = [];
  let dataIndex = 0;

  for (let r = loc.headerRow; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r];
    const rowNumber = r + 1;
    if (isBlankRow(cells)) continue;
    // a repeated header (printed page breaks) is not data
    if (mapped.every((m) => headerKey(cellText(cells[m.index] ?? null)) === headerKey(m.header))) continue;
    if (mapped.every((m) => cellText(cells[m.index] ?? null) === "")) continue;
    dataIndex++;
    const raw: Record<string, string> = {};
    headerCells.forEach((h, i) => {
      if (h) raw[h] = cellText(cells[i] ?? null);
    });
    const canonical: CanonicalRow = {};
    const rowErrors: ProfileError[] = [];
    const setField = (field: FleetField, value: Cell) => {
      const text = cellText(value);
      if (text === "") return;
      if (field === "year") {
        const y = yearFromValue(typeof value === "number" ? value : normalizeValue(text, p), { maxYear, minYear: 1900, pivot });
        if (y === null) rowErrors.push({ rowNumber, field, message: `"${text}" is not a model year` });
        else canonical.year = y;
        return;
      }
      if (NUMERIC_FIELDS.has(field)) {
        const m = parseMoney(value);
        if (m === null) rowErrors.push({ rowNumber, field, message: `"${text}" is not an amount` });
        else canonical[field] = m;
        return;
      }
      if (field === "deductible") {
        const pc = parsePercent(value);
        canonical.deductible = pc !== null ? pc : normalizeValue(text, p);
        return;
      }
      let s = field === "rowNo" ? text.trim() : normalizeValue(text, p);
      const map = p.normalize.valueMaps[field];
      if (map) {
        for (const [from, to] of Object.entries(map)) {
          if (normalizeValue(from, p) === s) {
            s = to;
            break;
          }
        }
      }
      canonical[field] = s;
    };
    for (const m of mapped) setField(m.field, cells[m.index] ?? null);
    for (const c of p.computed) {
      const parts = c.concat
        .map((ref) => {
          const hi = headerIndexByKey.get(headerKey(ref));
          if (hi !== undefined) return normalizeValue(cellText(cells[hi] ?? null), p);
          const f = fleetFieldSchema.safeParse(ref);
          return f.success && canonical[f.data] !== undefined ? String(canonical[f.data]) : "";
        })
        .filter(Boolean);
      if (parts.length) setField(c.field, parts.join(c.separator));
    }
    for (const f of p.validation.required) {
      if (canonical[f] === undefined && !rowErrors.some((e) => e.field === f)) rowErrors.push({ rowNumber, field: f, message: `${f} is required` });
    }
    const yr = p.validation.yearRange;
    if (yr && typeof canonical.year === "number" && (canonical.year < yr.min || canonical.year > yr.max)) {
      rowErrors.push({ rowNumber, field: "year", message: `year ${canonical.year} is outside ${yr.min}–${yr.max}` });
    }
    for (const [field, allowed] of Object.entries(p.validation.enums) as Array<[FleetField, string[]]>) {
      const v = canonical[field];
      if (v === undefined) continue;
      const ok = allowed.some((a) => normalizeValue(a, p) === normalizeValue(String(v), p));
      if (!ok) rowErrors.push({ rowNumber, field, message: `"${v}" is not one of ${allowed.join(", ")}` });
    }
    const own = canonical.rowNo !== undefined ? String(canonical.rowNo) : "";
    const sourceId = own || String(dataIndex);
    if (rowErrors.length) {
      errors.push(...rowErrors.map((e) => ({ ...e, sourceId })));
      continue;
    }
    rows.push({ rowNumber, sourceId, raw, canonical });
  }
  const droppedRows = sheet.droppedRows.map(({ rowNumber, reason }) => ({ rowNumber, reason }));
  const result: ApplyProfileResult = { sheet: sheet.name, headerRow: loc.headerRow, rows, errors, droppedRows, fits: true };
  if (!rows.length && errors.length) {
    result.fits = false;
    result.misfitReason = `no row passed validation (${errors.length} error(s), first on row ${errors[0].rowNumber}: ${errors[0].message})`;
  } else if (!rows.length) {
    result.fits = false;
    result.noDataRows = true;
    result.misfitReason = `no data rows below header row ${loc.headerRow} in sheet "${sheet.name}"`;
  }
  return result;
}

/** The matcher's input from a canonical row (brand, model, year, version, description, VIN). */
export function toFleetRowInput(c: CanonicalRow): FleetRowInput {
  const str = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  return { brand: str(c.brand), model: str(c.model), year: c.year ?? "", version: str(c.version), description: str(c.description), vin: str(c.vin) };
}

/**
 * A starting profile for a file nobody has mapped yet (wizard step 2): the sheet whose header names the
 * most fleet fields, its header row, and the suggested mapping. Also returns the suggestions with evidence.
 */
export function suggestProfile(workbook: Workbook): { profile: BrokerProfile; suggestions: ReturnType<typeof suggestMapping>; headerConfidence: number } {
  let best: { sheetIndex: number; headerRow: number; confidence: number; suggestions: ReturnType<typeof suggestMapping> } | null = null;
  workbook.sheets.forEach((sheet, sheetIndex) => {
    const det = detectHeader(sheet);
    if (!det.headerRow) return;
    const headers = sheet.rows[det.headerRow - 1] ?? [];
    const sample = sheet.rows.slice(det.headerRow, det.headerRow + 30).filter((r) => !isBlankRow(r));
    const suggestions = suggestMapping(headers, sample);
    const mappedCount = suggestions.filter((s) => s.field).length;
    const score = det.confidence * 10 + mappedCount;
    const bestScore = best ? best.confidence * 10 + best.suggestions.filter((s) => s.field).length : -1;
    if (score > bestScore) best = { sheetIndex, headerRow: det.headerRow, confidence: det.confidence, suggestions };
  });
  if (!best) throw new Error(`${workbook.filename}: no sheet with a header row and data was found`);
  const b = best as { sheetIndex: number; headerRow: number; confidence: number; suggestions: ReturnType<typeof suggestMapping> };
  const columns = b.suggestions.filter((s) => s.field && !/^Column [A-Z]+$/.test(s.column)).map((s) => ({ header: s.column, field: s.field! }));
  if (!columns.length) throw new Error(`${workbook.filename}: no column could be recognised as a fleet field`);
  const profile = brokerProfileSchema.parse({
    name: `Suggested for ${workbook.filename}`,
    sheet: { name: workbook.sheets[b.sheetIndex].name },
    headerRow: b.headerRow,
    columns,
  });
  return { profile, suggestions: b.suggestions, headerConfidence: b.confidence };
}


export interface LayoutCandidate {
  brokerId: string;
  name: string;
  version: number;
  rules: BrokerProfileInput | BrokerProfile;
}

/**
 * Which broker's profile a spreadsheet fits, for a file that came without a sender (dropped in Documents, uploaded
 * without a broker). A profile counts when every column it maps is found and it yields rows, and it maps at least
 * three columns (a profile of one or two columns fits too many files to name a broker). One fit names the broker;
 * several are reported so the user picks.
 */
export function detectBrokerByLayout(workbook: Workbook, candidates: readonly LayoutCandidate[]): { broker: LayoutCandidate | null; fitting: LayoutCandidate[] } {
  const fitting = candidates.filter((c) => {
    const parsed = brokerProfileSchema.safeParse(c.rules);
    if (!parsed.success || parsed.data.columns.length < 3) return false;
    const r = applyProfile(workbook, parsed.data);
    return r.fits && r.rows.length > 0;
  });
  return { broker: fitting.length === 1 ? fitting[0] : null, fitting };
}
