/**
 * The policy terms of a fleet row the way the quote file states them, by the general rules of Mexican auto insurance:
 * the coverage package (AMPLIA, LIMITADA, RESPONSABILIDAD CIVIL), the deductibles (daños materiales — DM — and robo
 * total — RT — as fractions) and the plates (letters and digits only). The app keeps showing what the broker wrote
 * (`canonical.*`); these are what the quote file gets (`policy.*`, `vehicle.plate`). A value no rule settles is kept
 * out of the quote file's number columns and explained in a review note naming the row, the field and what to do.
 */
import type { MatchResult } from "./matcher";
import { basicUpper } from "./text";

/** The standard coverage packages. */
export const COVERAGE_PACKAGES = ["AMPLIA", "LIMITADA", "RESPONSABILIDAD CIVIL"] as const;
export type CoveragePackage = (typeof COVERAGE_PACKAGES)[number];

/** Upper case, no accents, punctuation as spaces, "R.C." → "RC". */
const key = (s: string) =>
  basicUpper(s)
    .replace(/\b([A-Z])\.\s*(?=[A-Z]\b\.?)/g, "$1") // R.C. → RC., D.M. → DM.
    .replace(/[^A-Z0-9%.,]+/g, " ")
    .replace(/(?<!\d)[.,]|[.,](?!\d)/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const PACKAGE_WORDS: Record<CoveragePackage, string[]> = {
  AMPLIA: ["AMPLIA", "AMP", "AMPL", "AMPLIO", "COMPLETA", "COBERTURA AMPLIA", "PAQUETE AMPLIA", "PLAN AMPLIA", "AMPLIA PARTICULAR"],
  LIMITADA: ["LIMITADA", "LIM", "LIMIT", "LTDA", "COBERTURA LIMITADA", "PAQUETE LIMITADA", "PLAN LIMITADA"],
  "RESPONSABILIDAD CIVIL": [
    "RC", "R C", "RESPONSABILIDAD CIVIL", "RESP CIVIL", "RESP CIV", "RESPONSABILIDAD", "COBERTURA RC", "COBERTURA RESPONSABILIDAD CIVIL",
    "PAQUETE RC", "PLAN RC", "SOLO RC", "RC BASICA", "BASICA RC",
  ],
};
const PACKAGE_BY_WORD = new Map<string, CoveragePackage>();
for (const [p, words] of Object.entries(PACKAGE_WORDS) as Array<[CoveragePackage, string[]]>) for (const w of words) PACKAGE_BY_WORD.set(w, p);

export type TermField = "COBERTURA" | "DEDUCIBLE" | "PLACAS";

/** A value the rules did not settle: the row and field it came from, what the broker wrote, and what to do. */
export interface TermNote {
  rowNumber: number;
  field: TermField;
  written: string;
  message: string;
}

export const termNoteReason = (n: TermNote) => `row ${n.rowNumber}, ${n.field} "${n.written}": ${n.message}`;

const written = (v: unknown) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());

/** The coverage package: its standard term, or the broker's words (upper case) with a note when no package is named. */
export function normalizeCoverage(v: unknown, rowNumber = 0): { value: string | null; note: TermNote | null } {
  const w = written(v);
  if (!w) return { value: null, note: null };
  const k = key(w).replace(/%/g, "");
  const p = PACKAGE_BY_WORD.get(k) ?? PACKAGE_BY_WORD.get(k.replace(/^(COBERTURA|PAQUETE|PLAN|TIPO) (DE )?/, ""));
  if (p) return { value: p, note: null };
  return {
    value: k || w,
    note: {
      rowNumber, field: "COBERTURA", written: w,
      message: `not one of ${COVERAGE_PACKAGES.join(", ")}; the quote file keeps it as written — confirm the package with the broker`,
    },
  };
}

/** Deductibles as fractions: DM (daños materiales) and RT (robo total); null where the broker gave none. */
export interface Deductibles {
  dm: number | null;
  rt: number | null;
}

/** A percentage as written ("5", "5%", "0.05", "5,5 %") → fraction; null when it is none. */
function fraction(s: string): number | null {
  const m = /^(\d+(?:[.,]\d+)?)\s*(%?)$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1].replace(",", "."));
  return fractionOf(n, m[2] === "%");
}

function fractionOf(n: number, percentSign: boolean): number | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const f = percentSign || n >= 1 ? n / 100 : n;
  // deductibles run from 0 to well under half of the insured value; anything else is not a percentage of it
  return f <= 0.5 ? Math.round(f * 10_000) / 10_000 : null;
}

const DM_LABEL = String.raw`(?:DM|DANOS MATERIALES|DANOS MAT|DANOS|D MAT|DMAT)`;
const RT_LABEL = String.raw`(?:RT|ROBO TOTAL|ROBO|R TOTAL)`;
const NUM = String.raw`(\d+(?:[.,]\d+)?)\s*(%?)`;
const LABELLED = new RegExp(String.raw`^(?:DEDUCIBLES? )?(?:(${DM_LABEL}|${RT_LABEL}) ?:? ?${NUM})(?: ?(?:Y|,|/|-)? ?(${DM_LABEL}|${RT_LABEL}) ?:? ?${NUM})?$`);
const NO_DEDUCTIBLE = /^(SIN DEDUCIBLE|0|0 %|0%|CERO)$/;

/**
 * Deductibles as the quote file states them. "5%", "5 %", "0.05", "5" → DM 5 %; "DM 5% RT 10%", "DAÑOS MATERIALES 5
 * ROBO TOTAL 10" → DM 5 %, RT 10 %; "SIN DEDUCIBLE" → 0. Two percentages without saying which is which ("5/10"), an
 * amount in pesos, or words → none, with a note for review (the quote file must not state a deductible nobody wrote).
 */
export function normalizeDeductible(v: unknown, rowNumber = 0): { value: Deductibles; label: string; note: TermNote | null } {
  const none: Deductibles = { dm: null, rt: null };
  if (v === null || v === undefined || (typeof v === "string" && !v.trim())) return { value: none, label: "", note: null };
  const w = written(v);
  const ambiguous = (message: string) => ({ value: none, label: "", note: { rowNumber, field: "DEDUCIBLE" as const, written: w, message } });
  if (typeof v === "number") {
    const f = fractionOf(v, false);
    return f === null ? ambiguous("not a percentage of the insured value (an amount?); write the percentage, e.g. 5%") : done({ dm: f, rt: null });
  }
  const k = key(w).replace(/ %/g, "%");
  if (/\$|MXN|PESOS|UMA|DSM/.test(basicUpper(w)) || /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(k)) {
    return ambiguous("an amount, not a percentage of the insured value; the quote file needs the percentage, e.g. 5%");
  }
  if (NO_DEDUCTIBLE.test(k)) return done({ dm: 0, rt: null });
  const single = fraction(k.replace(/^(DEDUCIBLE|DED) /, ""));
  if (single !== null) return done({ dm: single, rt: null });
  const m = LABELLED.exec(k);
  if (m) {
    const out: Deductibles = { dm: null, rt: null };
    for (const [label, num, pct] of [m.slice(1, 4), m.slice(4, 7)]) {
      if (!label) continue;
      const f = fractionOf(Number(num.replace(",", ".")), pct === "%");
      const slot = new RegExp(`^${DM_LABEL}$`).test(label) ? "dm" : "rt";
      if (f === null || out[slot] !== null) return ambiguous("names a deductible twice or one that is not a percentage; write it as DM 5% RT 10%");
      out[slot] = f;
    }
    return done(out);
  }
  if (/^\d+(?:[.,]\d+)?%?(?: ?Y ?| ?- ?| )\d+(?:[.,]\d+)?%?$/.test(k)) {
    return ambiguous("two percentages without saying which is daños materiales and which robo total; write it as DM 5% RT 10% and match again");
  }
  return ambiguous("not a deductible the quote file can state; write it as 5% or DM 5% RT 10% and match again");

  function done(d: Deductibles) {
    return { value: d, label: deductibleLabel(d), note: null };
  }
}

const pct = (f: number) => `${Math.round(f * 10_000) / 100}%`;

/** "DM 5% RT 10%", "DM 5%", "RT 10%"; "" for none. */
export function deductibleLabel(d: Deductibles): string {
  return [d.dm !== null ? `DM ${pct(d.dm)}` : "", d.rt !== null ? `RT ${pct(d.rt)}` : ""].filter(Boolean).join(" ");
}

/** Words brokers write in PLACAS for a vehicle whose plates are not issued yet. */
const PENDING = /^(EN TRAMITE|TRAMITE|EN TRAMITES|S ?P|SIN PLACAS?|SIN|PENDIENTE|PENDIENTES|POR ASIGNAR|NUEVO|NUEVA|AGENCIA|N ?A|NO APLICA|NO|X+|0+|-+|\.+)$/;

/**
 * The plate as the quote file states it: upper case, spaces, hyphens and dots removed ("abc-12-34" → ABC1234).
 * A value that cannot be a plate ("EN TRAMITE", "S/P", a VIN, a lone word) → blank, with the note "plates pending".
 */
export function normalizePlate(v: unknown, rowNumber = 0): { value: string | null; note: TermNote | null } {
  const w = written(v);
  if (!w) return { value: null, note: null };
  const up = basicUpper(w);
  const compact = up.replace(/[\s\-.·/]+/g, "");
  if (/^[A-Z0-9]{5,8}$/.test(compact) && /\d/.test(compact) && /[A-Z]/.test(compact)) return { value: compact, note: null };
  const words = up.replace(/[^A-Z0-9]+/g, " ").trim();
  const message = !words || PENDING.test(words) || PENDING.test(compact)
    ? "plates pending; the quote file leaves PLACAS blank — add them when the broker sends them"
    : "cannot be a plate (5 to 8 letters and digits); plates pending: the quote file leaves PLACAS blank — check the column with the broker";
  return { value: null, note: { rowNumber, field: "PLACAS", written: w, message } };
}

/** What the quote file states for a row's policy terms, with the notes a reviewer should see. */
export interface PolicyTerms {
  coverage: string | null;
  /** DM deductible as a fraction (the quote file's DEDUCIBLE / DEDUCIBLE DM column). */
  deductible: number | null;
  /** RT deductible as a fraction. */
  theftDeductible: number | null;
  /** "DM 5% RT 10%". */
  deductibles: string;
}

export function policyTerms(row: { rowNumber: number; canonical: Record<string, unknown> }): { policy: PolicyTerms; plate: string | null; notes: TermNote[] } {
  const c = normalizeCoverage(row.canonical.coverage, row.rowNumber);
  const d = normalizeDeductible(row.canonical.deductible, row.rowNumber);
  const p = normalizePlate(row.canonical.plate, row.rowNumber);
  return {
    policy: { coverage: c.value, deductible: d.value.dm, theftDeductible: d.value.rt, deductibles: d.label },
    plate: p.value,
    notes: [c.note, d.note, p.note].filter((n): n is TermNote => n !== null),
  };
}

/**
 * A row whose coverage or deductible the rules could not settle goes to a reviewer (an auto-accepted code becomes a
 * proposal, its confidence unchanged); plates pending only add their note. Every note is appended to the reason.
 */
export function flagTermNotes(result: MatchResult, notes: readonly TermNote[]): MatchResult {
  if (!notes.length) return result;
  const holds = notes.some((n) => n.field !== "PLACAS");
  return {
    ...result,
    decision: holds && result.decision === "auto" ? "review" : result.decision,
    reason: [result.reason, ...notes.map(termNoteReason)].filter(Boolean).join("; "),
  };
}
