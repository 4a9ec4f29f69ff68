/**
 * Vehicle attribute extraction from normalized tokens: year (column, description, VIN), doors,
 * transmission, displacement, cylinders, cab, traction, fuel, body.
 */

export interface VehicleAttributes {
  doors?: number;
  occupants?: number;
  transmission?: "AUT" | "STD";
  displacement?: string;
  cylinders?: number;
  turbo?: boolean;
  cab?: "DC" | "CS" | "CHASIS";
  traction?: "4X2" | "4X4" | "AWD";
  fuel?: "GASOLINA" | "DIESEL" | "HIBRIDO" | "ELECTRICO";
  body?: string;
}

const BODY_TOKENS = new Set(["SEDAN", "HB", "PICKUP", "COUPE", "CONVERTIBLE", "WAGON", "VAN", "SUV"]);

export function attributesFromTokens(tokens: readonly string[]): VehicleAttributes {
  // every key present, in one order: keeps the object shape stable for fast comparisons
  const a: VehicleAttributes = {
    doors: undefined, occupants: undefined, transmission: undefined, displacement: undefined, cylinders: undefined,
    turbo: undefined, cab: undefined, traction: undefined, fuel: undefined, body: undefined,
  };
  for (const t of tokens) {
    let m: RegExpMatchArray | null;
    if ((m = /^([2-5])P$/.exec(t))) a.doors = Number(m[1]);
    else if ((m = /^(\d{1,2})OCUP$/.exec(t))) a.occupants = Number(m[1]);
    else if ((m = /^(\d\.\d)L$/.exec(t))) a.displacement = m[1];
    else if ((m = /^([3468])CIL$/.exec(t))) a.cylinders = Number(m[1]);
    else if (t === "AUT" || t === "STD") a.transmission = t;
    else if (t === "TURBO") a.turbo = true;
    else if (t === "DC" || t === "CS") a.cab = t;
    else if (t === "CHASIS") a.cab = a.cab ?? t; // "DOBLE CAB. CHASIS" is a double cab sold as chassis
    else if (t === "4X2" || t === "4X4" || t === "AWD") a.traction = t;
    else if (t === "DIESEL" || t === "GASOLINA" || t === "HIBRIDO" || t === "ELECTRICO") a.fuel = t;
    else if (BODY_TOKENS.has(t)) a.body = t;
  }
  return a;
}

/** Attributes that, when both sides state them and they differ, mean a different vehicle. */
export const HARD_ATTRIBUTES = ["doors", "transmission", "displacement", "cab", "traction", "fuel"] as const;

/** Number of hard attributes on which row and entry disagree (allocation-free form of attributeConflicts). */
export function countConflicts(row: VehicleAttributes, entry: VehicleAttributes): number {
  let n = 0;
  if (row.doors !== undefined && entry.doors !== undefined && row.doors !== entry.doors) n++;
  if (row.transmission !== undefined && entry.transmission !== undefined && row.transmission !== entry.transmission) n++;
  if (row.displacement !== undefined && entry.displacement !== undefined && row.displacement !== entry.displacement) n++;
  if (row.cab !== undefined && entry.cab !== undefined && row.cab !== entry.cab) n++;
  if (row.traction !== undefined && entry.traction !== undefined && row.traction !== entry.traction && (row.traction === "4X2" || entry.traction === "4X2")) n++;
  if (row.fuel !== undefined && entry.fuel !== undefined && row.fuel !== entry.fuel) n++;
  return n;
}

export function attributeConflicts(row: VehicleAttributes, entry: VehicleAttributes): string[] {
  const out: string[] = [];
  if (row.doors !== undefined && entry.doors !== undefined && row.doors !== entry.doors) out.push("doors");
  if (row.transmission !== undefined && entry.transmission !== undefined && row.transmission !== entry.transmission) out.push("transmission");
  if (row.displacement !== undefined && entry.displacement !== undefined && row.displacement !== entry.displacement) out.push("displacement");
  if (row.cab !== undefined && entry.cab !== undefined && row.cab !== entry.cab) out.push("cab");
  // AWD and 4X4 both drive all wheels
  if (row.traction !== undefined && entry.traction !== undefined && row.traction !== entry.traction && (row.traction === "4X2" || entry.traction === "4X2")) out.push("traction");
  if (row.fuel !== undefined && entry.fuel !== undefined && row.fuel !== entry.fuel) out.push("fuel");
  return out;
}

export interface YearOptions {
  /** Latest acceptable model year (default: current year + 1). */
  maxYear?: number;
  /** Earliest acceptable model year (default 1980). */
  minYear?: number;
  /** Two-digit years ≤ pivot are 20xx, above are 19xx (default: maxYear % 100). */
  pivot?: number;
}

export function defaultMaxYear(): number {
  return new Date().getFullYear() + 1;
}

/** Expand a 2-digit year with a pivot: 19 → 2019, 98 → 1998. */
export function expandTwoDigitYear(yy: number, pivot: number): number {
  return yy <= pivot ? 2000 + yy : 1900 + yy;
}

/** Year from a column value: 2019, "2019", 19, "19", "'19", "MOD 19", "2019.0"; null when not a plausible year. */
export function yearFromValue(value: unknown, opts: YearOptions = {}): number | null {
  const maxYear = opts.maxYear ?? defaultMaxYear();
  const minYear = opts.minYear ?? 1980;
  const pivot = opts.pivot ?? maxYear % 100;
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return null;
  let n: number;
  if (typeof value === "number") n = value;
  else {
    const s = String(value).trim().toUpperCase().replace(/^MOD(?:ELO)?\.?\s*/, "").replace(/^'/, "");
    if (!/^\d{2}(\d{2})?(\.0+)?$/.test(s)) return null;
    n = Number(s);
  }
  if (!Number.isInteger(n)) return null;
  if (n >= 0 && n <= 99) n = expandTwoDigitYear(n, pivot);
  return n >= minYear && n <= maxYear ? n : null;
}

const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;
const VIN_YEAR_LETTERS = "ABCDEFGHJKLMNPRSTVWXY";

export function isVin(s: string): boolean {
  return VIN_RE.test(s) && /\d/.test(s) && /[A-Z]/.test(s);
}

/**
 * Model year from a VIN's 10th character. The 30-year cycle is resolved with the North American rule
 * (7th character a letter → 2010 cycle, a digit → 1980 cycle), falling back to the other cycle when the
 * first choice is out of range.
 */
export function yearFromVin(vin: string, opts: YearOptions = {}): number | null {
  const v = vin.trim().toUpperCase();
  if (!isVin(v)) return null;
  const maxYear = opts.maxYear ?? defaultMaxYear();
  const minYear = opts.minYear ?? 1980;
  const c = v[9];
  let early: number;
  let late: number;
  const li = VIN_YEAR_LETTERS.indexOf(c);
  if (li >= 0) {
    early = 1980 + li;
    late = 2010 + li;
  } else if (c >= "1" && c <= "9") {
    early = 2000 + Number(c);
    late = 2030 + Number(c);
  } else return null;
  const preferLate = /[A-Z]/.test(v[6]);
  const order = preferLate ? [late, early] : [early, late];
  for (const y of order) if (y >= minYear && y <= maxYear) return y;
  return null;
}

/** Letter/digit a VIN carries in position 10 for a model year (used by the fixture generator). */
export function vinYearChar(year: number): string {
  if (year >= 2001 && year <= 2009) return String(year - 2000);
  const i = year >= 2010 ? year - 2010 : year - 1980;
  const c = VIN_YEAR_LETTERS[i];
  if (!c) throw new Error(`no VIN year character for ${year}`);
  return c;
}

export interface YearInText {
  year: number;
  /** Indexes of the tokens that expressed the year (to drop them from the description). */
  tokenIndexes: number[];
  source: "description";
  /** The words that gave the year, as tokens ("MOD 21", "MOEDLO 17", "A2019"). */
  text: string;
  /** The year marker was read through a typo (MOEDLO, MODLEO). */
  fuzzyMarker?: boolean;
}

/** Words that announce a model year in broker text: MOD 21, MODELO 2019, AÑO MOD 18, MDL 22, M.2020, A-2019. */
const YEAR_MARKERS = new Set(["MOD", "MODELO", "MODEL", "MODELOS", "MDLO", "MODLO", "ANO", "ANIO", "YEAR", "MDL", "MD", "MY", "ANOMOD", "ANOMODELO", "M", "A"]);
const GLUED_MARKER = /^(MOD|MODELO|MODEL|MDLO|ANO|ANIO|YEAR|MDL|MY|ANOMOD|ANOMODELO|M|A)(\d{2}|\d{4})$/;
/** Markers of three letters or more: a word one slip away from one of them is a misspelt marker (MOEDLO, MDOL, MDDLO). */
const FUZZY_TARGETS = [...YEAR_MARKERS].filter((m) => m.length >= 3);

/**
 * "exact" for a marker word, "fuzzy" for one typo away from a marker of 3+ letters, else null. A word the
 * catalog knows (`isKnownWord`: a trim, a model such as MDX) is never a misspelt marker.
 */
function markerKind(t: string, isKnownWord?: (t: string) => boolean): "exact" | "fuzzy" | null {
  if (YEAR_MARKERS.has(t)) return "exact";
  if (t.length >= 3 && t.length <= 9 && /^[A-Z]+$/.test(t) && !isKnownWord?.(t) && FUZZY_TARGETS.some((m) => editDistanceCapped(t, m) <= 1)) return "fuzzy";
  return null;
}

/** Optimal string alignment distance capped at 2 (local copy: attributes.ts does not import text.ts). */
function editDistanceCapped(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return Math.min(2, d[a.length][b.length]);
}

/**
 * Year in description tokens: a marker and a 2- or 4-digit year ("MOD 19", "MODELO 2019", "MDL 22", "M 2020",
 * "MOEDLO 17" with a typo in the marker), a marker glued to the year ("MOD21", "A2019", "MODELO2019"; hyphens are
 * joined by tokenizing), "'19" (rewritten to MOD 19 by the caller), or a standalone 4-digit year.
 * Tokens in `skip` (e.g. a model name such as PEUGEOT 2008) are ignored.
 */
export function findYearInTokens(tokens: readonly string[], skip: ReadonlySet<number>, opts: YearOptions = {}, isKnownWord?: (t: string) => boolean): YearInText | null {
  for (let i = 0; i < tokens.length; i++) {
    if (skip.has(i)) continue;
    const t = tokens[i];
    const glued = GLUED_MARKER.exec(t);
    if (glued) {
      const y = yearFromValue(glued[2], opts);
      if (y !== null) return { year: y, tokenIndexes: [i], source: "description", text: t };
    }
    if (i + 1 < tokens.length && !skip.has(i + 1) && /^\d{2}(\d{2})?$/.test(tokens[i + 1])) {
      const kind = markerKind(t, isKnownWord);
      // a one-letter marker (M 20, A 2019) only with a year that cannot be a version number
      if (kind && !(t.length === 1 && tokens[i + 1].length === 2 && i + 2 < tokens.length && /^[A-Z]{2,4}$/.test(tokens[i + 2]))) {
        const y = yearFromValue(tokens[i + 1], opts);
        if (y !== null) return { year: y, tokenIndexes: [i, i + 1], source: "description", text: `${t} ${tokens[i + 1]}`, fuzzyMarker: kind === "fuzzy" };
      }
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    if (skip.has(i) || !/^\d{4}$/.test(tokens[i])) continue;
    const y = yearFromValue(tokens[i], opts);
    if (y !== null) return { year: y, tokenIndexes: [i], source: "description", text: tokens[i] };
  }
  return null;
}

/** Rewrite "'19" / "’19" to "MOD 19" so the apostrophe year survives tokenization. */
export function rewriteApostropheYears(upper: string): string {
  return upper.replace(/(^|[\s(])'(\d{2})\b/g, "$1 MOD $2 ");
}
