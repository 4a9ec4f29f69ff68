// What a vehicle matcher did with rows whose right code is known (null: the vehicle is not in the catalog): the
// counts behind top-1 accuracy, abstention, precision at high confidence and calibration, shared by the insurance
// benchmarks.

export interface MatchTally {
  /** Rows with a right code, and those of them given it. */
  answerable: number;
  right: number;
  /** Rows whose vehicle is not in the catalog, and those of them given no code. */
  noCode: number;
  abstained: number;
  /** Rows given a code at confidence ≥ `highAt`, those right, and those that had a right code. */
  high: number;
  highRight: number;
  highAnswerable: number;
  /** Rows given a code, in 10 equal-width confidence bins: how many, their summed confidence, how many right. */
  bins: { n: number; conf: number; ok: number }[];
}

export function tallyMatches(
  rows: readonly { expectedCode: string | null }[],
  results: readonly { code: string | null; confidence: number }[],
  highAt = 0.9,
): MatchTally {
  const t: MatchTally = { answerable: 0, right: 0, noCode: 0, abstained: 0, high: 0, highRight: 0, highAnswerable: 0, bins: Array.from({ length: 10 }, () => ({ n: 0, conf: 0, ok: 0 })) };
  rows.forEach((row, i) => {
    const r = results[i];
    const ok = r.code !== null && r.code === row.expectedCode;
    if (row.expectedCode) {
      t.answerable++;
      if (ok) t.right++;
    } else {
      t.noCode++;
      if (r.code === null) t.abstained++;
    }
    if (r.code !== null) {
      const b = t.bins[Math.max(0, Math.min(9, Math.floor(r.confidence * 10)))];
      b.n++;
      b.conf += r.confidence;
      if (ok) b.ok++;
      if (r.confidence >= highAt) {
        t.high++;
        if (ok) t.highRight++;
        if (row.expectedCode) t.highAnswerable++;
      }
    }
  });
  return t;
}

/** The first `n` rows the matcher got wrong (of those `where` keeps), by index: for printing while tuning. */
export function firstMisses<R extends { code: string | null }>(
  rows: readonly { expectedCode: string | null }[],
  results: readonly R[],
  n: number,
  where: (r: R) => boolean = () => true,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length && out.length < n; i++) if (results[i].code !== rows[i].expectedCode && where(results[i])) out.push(i);
  return out;
}
