/**
 * Header-row detection and column → field suggestions for broker spreadsheets (profile wizard step 2).
 * Evidence comes from header words (Spanish/English) and from the values (VIN, year, plate, money…).
 */
import {
  FLEET_FIELDS,
  looksLikeBody,
  looksLikeBrand,
  looksLikeCoverage,
  looksLikePlate,
  looksLikeUse,
  looksLikeVin,
  looksLikeYear,
  matchHeader,
  parseMoney,
  parsePercent,
  type FleetField,
} from "./fields";
import { cellText, isBlankRow, type Cell, type Sheet } from "./workbook";

export interface HeaderDetection {
  /** 1-based spreadsheet row number of the header (0 when the sheet is empty). */
  headerRow: number;
  confidence: number;
  evidence: string[];
}

/** Find the header row among the first rows: the one naming the most fleet fields, followed by data. */
export function detectHeader(sheet: Sheet, maxScan = 30): HeaderDetection {
  let best: HeaderDetection & { score: number } = { headerRow: 0, confidence: 0, evidence: [], score: -Infinity };
  const rows = sheet.rows;
  for (let i = 0; i < Math.min(rows.length, maxScan); i++) {
    const row = rows[i];
    if (isBlankRow(row)) continue;
    const texts = row.map(cellText).filter(Boolean);
    if (texts.length < 2) continue;
    const distinct = new Set(texts).size;
    const textCells = row.filter((c) => typeof c === "string" && !/^[\d.,$\s%-]+$/.test(c)).length;
    const fields = new Set<FleetField>();
    for (const t of texts) {
      const hit = matchHeader(t)[0];
      if (hit && hit.score >= 0.6) fields.add(hit.field);
    }
    // data below: the next non-blank rows are about as wide
    let dense = 0;
    let seen = 0;
    for (let j = i + 1; j < rows.length && seen < 3; j++) {
      if (isBlankRow(rows[j])) continue;
      seen++;
      if (rows[j].filter((c) => c !== null).length >= texts.length * 0.5) dense++;
    }
    const score = fields.size * 2 + textCells / texts.length + (distinct >= 2 ? 0.5 : -3) + (dense >= Math.min(2, seen) && seen ? 1 : 0);
    if (score > best.score) {
      const n = fields.size;
      const confidence = distinct < 2 ? 0.1 : n >= 3 ? 0.95 : n === 2 ? 0.8 : n === 1 ? 0.6 : textCells >= 2 ? 0.3 : 0.1;
      best = {
        headerRow: i + 1,
        confidence,
        score,
        evidence: [
          n ? `row ${i + 1} names ${n} fleet field(s): ${[...fields].join(", ")}` : `row ${i + 1} is the first row of text labels`,
          ...(seen ? [`${dense} of the next ${seen} rows carry data`] : ["no data rows follow"]),
        ],
      };
    }
  }
  if (best.headerRow === 0) {
    const first = rows.findIndex((r) => !isBlankRow(r));
    return { headerRow: first + 1, confidence: first >= 0 ? 0.1 : 0, evidence: first >= 0 ? [`no header found; using the first non-blank row ${first + 1}`] : ["the sheet is empty"] };
  }
  return { headerRow: best.headerRow, confidence: best.confidence, evidence: best.evidence };
}

export interface MappingSuggestion {
  /** Header text as it appears in the file ("Column C" when the header cell is blank). */
  column: string;
  /** 0-based column index. */
  index: number;
  field: FleetField | null;
  confidence: number;
  evidence: string[];
}

interface ValueEvidence {
  field: FleetField;
  score: number;
  text: string;
}

function columnLetter(i: number): string {
  let s = "";
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function valueEvidence(values: Cell[]): ValueEvidence[] {
  const present = values.filter((v) => v !== null && cellText(v) !== "");
  const n = present.length;
  if (!n) return [];
  const share = (pred: (v: Cell) => boolean) => present.filter(pred).length / n;
  const out: ValueEvidence[] = [];
  const add = (field: FleetField, s: number, what: string) => {
    if (s >= 0.6) out.push({ field, score: 0.45 + 0.4 * s, text: `${Math.round(s * n)}/${n} sample values ${what}` });
  };
  add("vin", share(looksLikeVin), "are 17-character VINs (no I, O, Q)");
  add("year", share((v) => looksLikeYear(v)), "are model years (1980 to next year)");
  add("plate", share(looksLikePlate), "look like Mexican plates");
  add("brand", share(looksLikeBrand), "are vehicle brands");
  add("coverage", share(looksLikeCoverage), "are coverage names (AMPLIA, LIMITADA, RC…)");
  add("use", share(looksLikeUse), "are vehicle uses (PARTICULAR, CARGA…)");
  add("body", share(looksLikeBody), "are body types");
  const money = present.map(parseMoney).filter((m): m is number => m !== null && m >= 100);
  if (money.length / n >= 0.6 && !out.some((o) => o.field === "year")) {
    const sorted = [...money].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1];
    add(median >= 50_000 ? "insuredValue" : "premium", money.length / n, `are amounts of money (median ${Math.round(median).toLocaleString("en")})`);
  }
  const pct = present.filter((v) => (typeof v === "string" && /%\s*$/.test(v)) || (typeof v === "number" && v > 0 && v < 1));
  if (pct.length / n >= 0.6 && present.every((v) => parsePercent(v) !== null)) add("deductible", pct.length / n, "are percentages");
  const ints = present.map((v) => (typeof v === "number" ? v : /^\d+$/.test(String(v).trim()) ? Number(v) : NaN));
  if (ints.every((x) => Number.isInteger(x)) && n >= 2) {
    let steps = 0;
    for (let i = 1; i < ints.length; i++) if (ints[i] === ints[i - 1] + 1) steps++;
    add("rowNo", steps / (ints.length - 1), "count up by one (a row number)");
  }
  const longText = share((v) => typeof v === "string" && v.trim().split(/\s+/).length >= 3);
  add("description", longText, "are multi-word vehicle descriptions");
  return out;
}

/**
 * Suggest a field for every column from its header and sample values. Each field is given to one
 * column at most (the most confident); columns left over get field null.
 */
export function suggestMapping(headers: readonly Cell[], sampleRows: readonly (readonly Cell[])[]): MappingSuggestion[] {
  const width = Math.max(headers.length, ...sampleRows.map((r) => r.length));
  const options: Array<{ index: number; field: FleetField; confidence: number; evidence: string[] }> = [];
  const columns: string[] = [];
  for (let i = 0; i < width; i++) {
    const header = cellText(headers[i] ?? null);
    columns.push(header || `Column ${columnLetter(i)}`);
    const values = sampleRows.map((r) => (r[i] === undefined ? null : r[i]));
    const byField = new Map<FleetField, { h: number; v: number; evidence: string[] }>();
    for (const hit of header ? matchHeader(header) : []) {
      byField.set(hit.field, { h: hit.score, v: 0, evidence: [`header "${header}" ${hit.score >= 0.9 ? "is" : "contains"} "${hit.synonym}", a name for ${hit.field}`] });
    }
    for (const ve of valueEvidence(values)) {
      const cur = byField.get(ve.field) ?? { h: 0, v: 0, evidence: [] };
      cur.v = Math.max(cur.v, ve.score);
      cur.evidence.push(ve.text);
      byField.set(ve.field, cur);
    }
    // Mexican "MODELO" columns hold the year when the values are years, the submarca otherwise
    if (/^MODELO$/i.test(header.trim())) {
      const years = valueEvidence(values).some((v) => v.field === "year");
      const y = byField.get("year");
      const m = byField.get("model");
      if (years && y) y.evidence.push('in Mexican fleet files "MODELO" is the model year');
      else if (!years && m && values.some((v) => v !== null)) {
        m.h = 0.7;
        m.evidence.push('"MODELO" values are names, not years, so it is the model');
        if (y) y.h = 0.2;
      }
    }
    for (const [field, { h, v, evidence }] of byField) {
      const confidence = 1 - (1 - h) * (1 - v);
      if (confidence >= 0.3) options.push({ index: i, field, confidence: Math.round(confidence * 100) / 100, evidence });
    }
  }
  options.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  const taken = new Set<FleetField>();
  const chosen = new Map<number, (typeof options)[number]>();
  for (const o of options) {
    if (taken.has(o.field) || chosen.has(o.index)) continue;
    taken.add(o.field);
    chosen.set(o.index, o);
  }
  return columns.map((column, index) => {
    const c = chosen.get(index);
    if (c) return { column, index, field: c.field, confidence: c.confidence, evidence: c.evidence };
    const others = options.filter((o) => o.index === index).map((o) => `${o.field} (${o.confidence}) went to a more likely column`);
    return { column, index, field: null, confidence: 0, evidence: others.length ? others : ["no header word or value pattern recognised"] };
  });
}

export { FLEET_FIELDS };
