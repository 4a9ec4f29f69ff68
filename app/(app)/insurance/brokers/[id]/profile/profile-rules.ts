/**
 * The wizard's value rules as editable form state, and back: normalization switches, the two-digit-year
 * pivot, value maps (from → to per field) and allowed values per field. Pure and browser-safe (it must not
 * import lib/insurance/profile, which pulls the spreadsheet readers into the client bundle), so the
 * normalization below mirrors applyProfile's; profile-rules.test.ts holds the two together.
 */
import { FIELD_LABELS, FLEET_FIELDS, type FleetField } from "@/lib/insurance/fields";
import type { BrokerProfile } from "@/lib/insurance/profile";
import { stripAccents } from "@/lib/insurance/text";

export interface NormalizeSwitches {
  trim: boolean;
  upper: boolean;
  stripAccents: boolean;
}

export interface ValueMapRow {
  /** Stable React key; not saved. */
  key: number;
  from: string;
  to: string;
}

export interface FieldRules {
  maps: ValueMapRow[];
  allowed: string[];
}

export interface RulesDraft extends NormalizeSwitches {
  /** As typed; "" = the default pivot. */
  pivot: string;
  fields: Partial<Record<FleetField, FieldRules>>;
}

export interface RuleProblem {
  field: FleetField | "pivot";
  /** The value-map row (its key) the problem is on, when it is on one. */
  rowKey?: number;
  part?: "from" | "to";
  message: string;
}

/** Fields whose text values applyProfile runs through the value maps (years, amounts and deductibles are parsed instead). */
export const VALUE_MAP_FIELDS: readonly FleetField[] = FLEET_FIELDS.filter((f) => !["rowNo", "year", "insuredValue", "premium", "deductible"].includes(f));
/** Fields the wizard offers allowed values for. */
export const ALLOWED_VALUE_FIELDS: readonly FleetField[] = [...VALUE_MAP_FIELDS, "deductible"];
/** A field's sample values are listed when it has at most this many distinct ones. */
export const MAX_SAMPLE_VALUES = 20;

let lastKey = 0;
export function valueMapRow(from = "", to = ""): ValueMapRow {
  return { key: ++lastKey, from, to };
}

/** The comparison applyProfile makes between a cell and a value-map key or an allowed value. */
export function normalizeRuleValue(value: string, n: NormalizeSwitches): string {
  let s = value;
  if (n.trim) s = s.replace(/\s+/g, " ").trim();
  if (n.stripAccents) s = stripAccents(s);
  if (n.upper) s = s.toUpperCase();
  return s;
}

type RuleSource = Pick<BrokerProfile, "normalize" | "validation">;

/** The editable form of a saved profile's rules (or the defaults when there is none). Nothing is dropped. */
export function rulesDraftFromProfile(p?: RuleSource | null): RulesDraft {
  const fields: Partial<Record<FleetField, FieldRules>> = {};
  const slot = (f: FleetField) => (fields[f] ??= { maps: [], allowed: [] });
  for (const [f, map] of Object.entries(p?.normalize.valueMaps ?? {}) as Array<[FleetField, Record<string, string> | undefined]>) {
    for (const [from, to] of Object.entries(map ?? {})) slot(f).maps.push(valueMapRow(from, to));
  }
  for (const [f, allowed] of Object.entries(p?.validation.enums ?? {}) as Array<[FleetField, string[] | undefined]>) {
    slot(f).allowed.push(...(allowed ?? []));
  }
  return {
    trim: p?.normalize.trim ?? true,
    upper: p?.normalize.upper ?? true,
    stripAccents: p?.normalize.stripAccents ?? true,
    pivot: p?.normalize.twoDigitYearPivot === undefined ? "" : String(p.normalize.twoDigitYearPivot),
    fields,
  };
}

/** Fields with at least one value-map row or allowed value, in the canonical field order. */
export function fieldsWithRules(d: RulesDraft): FleetField[] {
  return FLEET_FIELDS.filter((f) => (d.fields[f]?.maps.length ?? 0) > 0 || (d.fields[f]?.allowed.length ?? 0) > 0);
}

/** "PARTICULAR, CARGA" or one value per line → ["PARTICULAR", "CARGA"] (trimmed, empties dropped). */
export function splitValueList(text: string): string[] {
  return text
    .split(/[,\n\r;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Add values to a field's allowed list: typed text (split with splitValueList) or values taken as they are.
 * Values equal (as applyProfile compares them) to one already there, or to an earlier one in the same text,
 * are not added and come back as `duplicates`.
 */
export function addAllowedValues(
  allowed: readonly string[],
  values: string | readonly string[],
  n: NormalizeSwitches,
): { allowed: string[]; added: string[]; duplicates: string[] } {
  const seen = new Set(allowed.map((a) => normalizeRuleValue(a, n)));
  const added: string[] = [];
  const duplicates: string[] = [];
  for (const v of typeof values === "string" ? splitValueList(values) : values) {
    const k = normalizeRuleValue(v, n);
    if (!k) continue;
    if (seen.has(k)) duplicates.push(v);
    else {
      seen.add(k);
      added.push(v);
    }
  }
  return { allowed: [...allowed, ...added], added, duplicates };
}

const quote = (s: string) => `“${s}”`;

/**
 * The draft as profile rules, with every problem named by field (and value-map row). A row left entirely
 * blank is ignored; a row with only one side filled, or two rows replacing the same value, is a problem.
 * `warnings` do not block saving (a replacement that is not itself an allowed value).
 */
export function compileRules(d: RulesDraft): {
  normalize: BrokerProfile["normalize"];
  enums: BrokerProfile["validation"]["enums"];
  problems: RuleProblem[];
  warnings: RuleProblem[];
} {
  const problems: RuleProblem[] = [];
  const warnings: RuleProblem[] = [];
  let pivot: number | undefined;
  if (d.pivot.trim() !== "") {
    const t = d.pivot.trim();
    if (/^\d{1,2}$/.test(t)) pivot = Number(t);
    else problems.push({ field: "pivot", message: `Two-digit-year pivot: ${quote(t)} is not a whole number from 0 to 99.` });
  }
  const valueMaps: BrokerProfile["normalize"]["valueMaps"] = {};
  const enums: BrokerProfile["validation"]["enums"] = {};
  for (const field of FLEET_FIELDS) {
    const rules = d.fields[field];
    if (!rules) continue;
    const label = FIELD_LABELS[field];
    const allowedKeys = new Set(rules.allowed.map((a) => normalizeRuleValue(a, d)));
    const entries: Array<[string, string]> = [];
    const firstRowByKey = new Map<string, number>();
    rules.maps.forEach((row, i) => {
      const n = i + 1;
      const fromKey = normalizeRuleValue(row.from, d);
      const toBlank = row.to.trim() === "";
      if (!fromKey && toBlank) return;
      if (!fromKey) {
        problems.push({ field, rowKey: row.key, part: "from", message: `${label}, replacement ${n}: the “from” value is empty — type the value to replace with ${quote(row.to)}.` });
        return;
      }
      if (toBlank) {
        problems.push({ field, rowKey: row.key, part: "to", message: `${label}, replacement ${n}: say what ${quote(row.from)} becomes (the “to” value is empty).` });
        return;
      }
      const earlier = firstRowByKey.get(fromKey);
      if (earlier !== undefined) {
        const same = fromKey === row.from ? "" : ` (both read as ${quote(fromKey)})`;
        problems.push({ field, rowKey: row.key, part: "from", message: `${label}, replacements ${earlier} and ${n} both replace ${quote(row.from)}${same}; keep one.` });
        return;
      }
      firstRowByKey.set(fromKey, n);
      entries.push([row.from, row.to]);
      if (allowedKeys.size && !allowedKeys.has(normalizeRuleValue(row.to, d))) {
        warnings.push({ field, rowKey: row.key, part: "to", message: `${label}, replacement ${n}: ${quote(row.to)} is not an allowed value, so rows with ${quote(row.from)} will still be reported.` });
      }
    });
    if (entries.length) valueMaps[field] = Object.fromEntries(entries);
    if (rules.allowed.length) enums[field] = [...rules.allowed];
  }
  return {
    normalize: { trim: d.trim, upper: d.upper, stripAccents: d.stripAccents, ...(pivot !== undefined ? { twoDigitYearPivot: pivot } : {}), valueMaps },
    enums,
    problems,
    warnings,
  };
}

export interface SampleValue {
  value: string;
  count: number;
}

/**
 * Distinct values per field in the rows a profile read (most frequent first), for the fields with at most
 * MAX_SAMPLE_VALUES of them. `repeats` says whether any value occurs more than once (a category-like column).
 */
export function sampleValuesByField(rows: ReadonlyArray<{ canonical: Partial<Record<FleetField, string | number>> }>): Partial<
  Record<FleetField, { values: SampleValue[]; repeats: boolean }>
> {
  const out: Partial<Record<FleetField, { values: SampleValue[]; repeats: boolean }>> = {};
  for (const field of ALLOWED_VALUE_FIELDS) {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = r.canonical[field];
      if (v === undefined || v === "") continue;
      const s = String(v);
      counts.set(s, (counts.get(s) ?? 0) + 1);
      if (counts.size > MAX_SAMPLE_VALUES) break;
    }
    if (!counts.size || counts.size > MAX_SAMPLE_VALUES) continue;
    const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    out[field] = { values, repeats: values.some((v) => v.count > 1) };
  }
  return out;
}
