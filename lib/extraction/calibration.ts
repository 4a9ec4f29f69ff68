// Honest confidence: the layout reader's raw per-field scores mapped to how often such a score was right on real
// invoices (the tuned part of the e-invoice corpus; bench/invoices-real.ts --calibrate refits the table). A step
// function per field, monotone (pool-adjacent-violators), with Laplace smoothing so few samples never claim 1.0.

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

/** Calibrated confidences for fields read from the layout (e-invoice and learned fields keep theirs). */
export function calibrateInvoice(inv: ExtractedInvoice, t: CalibrationTable = TABLE): ExtractedInvoice {
  const confidence = { ...inv.confidence };
  for (const [f, v] of Object.entries(confidence) as [keyof typeof confidence, number][]) {
    const src = inv.sources?.[f];
    if (src && src !== "layout") continue;
    confidence[f] = calibrateValue(f, v, t);
  }
  return { ...inv, confidence };
}

/** Fit the table from (field, raw score, was it right) samples. */
export function fitCalibration(samples: { field: string; raw: number; ok: boolean }[]): CalibrationTable {
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
    // pool adjacent violators over ascending raw scores: accuracy must not fall as the score rises
    const blocks = [...byRaw.entries()].sort((a, b) => a[0] - b[0]).map(([lo, b]) => ({ lo, n: b.n, k: b.k }));
    for (let i = 1; i < blocks.length; ) {
      const a = blocks[i - 1];
      const b = blocks[i];
      if ((a.k + 1) / (a.n + 2) > (b.k + 1) / (b.n + 2)) {
        blocks.splice(i - 1, 2, { lo: a.lo, n: a.n + b.n, k: a.k + b.k });
        i = Math.max(1, i - 1);
      } else i++;
    }
    if (blocks.length) out[f] = blocks.map((b) => [b.lo, Math.round(((b.k + 1) / (b.n + 2)) * 1000) / 1000]);
  }
  return out;
}
