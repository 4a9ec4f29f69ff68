/**
 * Confidence calibration: an isotonic (monotone, pool-adjacent-violators) map from the matcher's raw score to the
 * share of rows that were right at that score, fitted on generated rows the figures are never measured on
 * (bench/insurance-calibrate.ts writes calibration-map.ts). A calibrated 0.9 means 9 rows in 10 are right.
 */

export interface CalibrationMap {
  /** Raw scores (ascending) at the centre of each pooled block. */
  raw: number[];
  /** Share right in that block (non-decreasing). */
  calibrated: number[];
  /** What the map was fitted on (shown in docs and tests). */
  fittedOn: string;
}

/**
 * Pool-adjacent-violators fit of P(right | raw). Blocks hold at least `minBlock` rows so that a handful of rows
 * cannot pin a confidence at 0 or 1; the share is smoothed as (right + 0.5) / (n + 1).
 */
export function fitIsotonic(points: ReadonlyArray<{ raw: number; right: boolean }>, minBlock = 25, fittedOn = ""): CalibrationMap {
  const sorted = [...points].sort((a, b) => a.raw - b.raw);
  type Block = { n: number; right: number; rawSum: number };
  const blocks: Block[] = [];
  // start from runs of at least minBlock rows of neighbouring scores
  let cur: Block = { n: 0, right: 0, rawSum: 0 };
  for (const p of sorted) {
    cur.n++;
    cur.rawSum += p.raw;
    if (p.right) cur.right++;
    if (cur.n >= minBlock) {
      blocks.push(cur);
      cur = { n: 0, right: 0, rawSum: 0 };
    }
  }
  if (cur.n) {
    if (blocks.length) {
      const last = blocks[blocks.length - 1];
      last.n += cur.n;
      last.right += cur.right;
      last.rawSum += cur.rawSum;
    } else blocks.push(cur);
  }
  const rate = (b: Block) => (b.right + 0.5) / (b.n + 1);
  const stack: Block[] = [];
  for (const b of blocks) {
    stack.push({ ...b });
    while (stack.length > 1 && rate(stack[stack.length - 2]) >= rate(stack[stack.length - 1])) {
      const top = stack.pop()!;
      const prev = stack[stack.length - 1];
      prev.n += top.n;
      prev.right += top.right;
      prev.rawSum += top.rawSum;
    }
  }
  return { raw: stack.map((b) => round4(b.rawSum / b.n)), calibrated: stack.map((b) => round4(rate(b))), fittedOn };
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Calibrated confidence for a raw score: linear between block centres, flat beyond the ends; 0 stays 0. */
export function calibrate(map: CalibrationMap, raw: number): number {
  if (raw <= 0) return 0;
  const { raw: xs, calibrated: ys } = map;
  if (!xs.length) return raw;
  if (raw <= xs[0]) return ys[0];
  if (raw >= xs[xs.length - 1]) return ys[ys.length - 1];
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= raw) lo = mid;
    else hi = mid;
  }
  const t = (raw - xs[lo]) / (xs[hi] - xs[lo] || 1);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}

/**
 * The lower of several maps at every score: a confidence that holds for each population the maps were fitted on
 * (rows that always carry the words separating versions, and rows that sometimes leave them out).
 */
export function lowerEnvelope(maps: readonly CalibrationMap[], fittedOn: string): CalibrationMap {
  const xs = [...new Set(maps.flatMap((m) => m.raw))].sort((a, b) => a - b);
  const ys = xs.map((x) => Math.min(...maps.map((m) => calibrate(m, x))));
  // keep it monotone (each map is; their minimum is too, up to rounding)
  for (let k = 1; k < ys.length; k++) ys[k] = Math.max(ys[k], ys[k - 1]);
  return { raw: xs, calibrated: ys.map(round4), fittedOn };
}
