/**
 * COT case numbers: PREFIX-YEAR-SEQUENCE, e.g. COT-2026-000123. The gapless per-workspace sequence
 * itself lives in the database; this only formats and parses.
 */

export interface CotNumberParts {
  prefix: string;
  year: number;
  seq: number;
  /** Digits the sequence is padded to (default 6). */
  width?: number;
}

export function formatCotNumber({ prefix, year, seq, width = 6 }: CotNumberParts): string {
  const p = prefix.trim().toUpperCase();
  if (!/^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/.test(p)) throw new Error(`COT prefix "${prefix}" must be letters and digits (dashes allowed inside)`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`COT year ${year} must be a 4-digit year`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`COT sequence ${seq} must be a positive whole number`);
  if (!Number.isInteger(width) || width < 1 || width > 12) throw new Error(`COT width ${width} must be between 1 and 12`);
  return `${p}-${year}-${String(seq).padStart(width, "0")}`;
}

export function parseCotNumber(value: string): { prefix: string; year: number; seq: number } | null {
  const m = /^([A-Z0-9]+(?:[-_][A-Z0-9]+)*)-(\d{4})-(\d+)$/i.exec(value.trim());
  if (!m) return null;
  return { prefix: m[1].toUpperCase(), year: Number(m[2]), seq: Number(m[3]) };
}
