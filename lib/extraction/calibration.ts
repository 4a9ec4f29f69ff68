// Honest confidence: the layout reader's raw per-field scores mapped to how often such a score was right on real
// invoices (the tuned part of the e-invoice corpus; bench/invoices-real.ts --calibrate refits the table). A step
// function per field, monotone (pool-adjacent-violators), each step the lower confidence bound (Wilson, one-sided
// 95 %) of the accuracy its raw score reached: what the score earns on producers the table never saw, not the share
// it happened to get right on the ones it did.

import table from "./calibration-table.json";
import type { ExtractedInvoice } from "./types";

/** Per field: [raw lower bound, calibrated] steps, ascending by raw. */
export type CalibrationTable = Record<string, [number, number][]>;

const TABLE = table as unknown as CalibrationTable;

export function calibrateValue(field: string, raw: number, t: CalibrationTable = TABLE): number {
  const steps = t[field];
  if (!steps?.length || raw <= 0) return raw;
  let out = raw;
  for (const [lo, c] of steps) if (raw >= lo) out = c;
  // below the lowest fitted score: never more confident than the raw score or the lowest step
  if (raw < steps[0][0]) out = Math.min(raw, steps[0][1]);
  return Math.round(out * 1000) / 1000;
}

/** The most an invoice read on evidence alone (the classifier unsure) may claim for any field: a person checks it. */
export const UNSURE_CAP = 0.7;

/** The invoice was read although the classifier was unsure: its fields stay capped whatever the table says. */
export function isUnsureRead(inv: ExtractedInvoice): boolean {
  return inv.issues.some((i) => i.code === "classified_unsure");
}

/**
 * Calibrated confidences for fields read from the layout (e-invoice and learned fields keep theirs), the classifier's
 * doubt still capping an invoice read on evidence alone. What the product shows; the bench scores this same function.
 */
export function calibrateInvoice(inv: ExtractedInvoice, t: CalibrationTable = TABLE): ExtractedInvoice {
  const confidence = { ...inv.confidence };
  const unsure = isUnsureRead(inv);
  for (const [f, v] of Object.entries(confidence) as [keyof typeof confidence, number][]) {
    const src = inv.sources?.[f];
    if (unsure) confidence[f] = Math.min(v, UNSURE_CAP);
    else if (!src || src === "layout") confidence[f] = calibrateValue(f, v, t);
  }
  return { ...inv, confidence };
}

/**
 * One-sided 95 % confidence: a calibrated score is the accuracy its raw score reaches at least, nineteen times in twenty,
 * not the accuracy it happened to reach on the documents it was fitted on (producers never seen score lower).
 */
export const CALIBRATION_Z = 1.645;

/** Wilson score lower bound of a binomial proportion: k right of n, at the stated z. */
export function wilsonLower(k: number, n: number, z = CALIBRATION_Z): number {
  if (n <= 0) return 0;
  const p = k / n;
  const z2 = z * z;
  return Math.max(0, (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n));
}

/**
 * Fit the table from (field, raw score, was it right) samples. Per field, the samples are grouped by raw score. As
 * accuracy should not fall as the score rises, the pooled accuracy of a score's group together with any run of the
 * groups just below it is a floor for that score's own: each score maps to the best-supported Wilson lower bound of
 * such a run (never borrowing from higher scores). Where a higher score still earns less, the lower scores are held
 * to it (monotone, erring low). A small group cannot claim more than its size supports (25 of 25 right → 0.90,
 * 10 of 10 → 0.79).
 */
export function fitCalibration(samples: { field: string; raw: number; ok: boolean }[], z = CALIBRATION_Z): CalibrationTable {
  const out: CalibrationTable = {};
  const fields = [...new Set(samples.map((s) => s.field))];
  for (const f of fields) {
    const byRaw = new Map<number, { n: number; k: number }>();
    for (const s of samples.filter((x) => x.field === f && x.raw > 0)) {
      const key = Math.round(s.raw * 1000) / 1000;
      const b = byRaw.get(key) ?? { n: 0, k: 0 };
      b.n++;
      if (s.ok) b.k++;
      byRaw.set(key, b);
    }
    const groups = [...byRaw.entries()].sort((a, b) => a[0] - b[0]).map(([lo, b]) => ({ lo, n: b.n, k: b.k }));
    const floors = groups.map((_, j) => {
      let best = 0;
      let n = 0;
      let k = 0;
      for (let m = j; m >= 0; m--) {
        n += groups[m].n;
        k += groups[m].k;
        best = Math.max(best, wilsonLower(k, n, z));
      }
      return best;
    });
    for (let j = floors.length - 2; j >= 0; j--) floors[j] = Math.min(floors[j], floors[j + 1]);
    if (groups.length) out[f] = groups.map((g, j) => [g.lo, Math.round(floors[j] * 1000) / 1000]);
  }
  return out;
}
