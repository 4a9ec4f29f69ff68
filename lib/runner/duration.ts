// Durations as the SDK writes them (`timeStr`: "1w2d3h4m5s", "" for zero) and sleepUntil targets (ISO dates).

const units: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Milliseconds of "1h30m"-style durations; throws on anything else. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === "") return 0;
  const re = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (const m of trimmed.matchAll(re)) {
    total += Number(m[1]) * units[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== trimmed.length) throw new Error(`Unsupported duration "${text}" (expected e.g. "30s", "1h30m")`);
  return total;
}

const isoDate = /^\d{4}-\d{2}-\d{2}T/;

/** When a Sleep op named `name` (a duration or an ISO instant) started at `nowMs` ends. */
export function sleepTarget(name: string, nowMs: number): number {
  if (isoDate.test(name)) {
    const at = Date.parse(name);
    if (Number.isNaN(at)) throw new Error(`Invalid sleepUntil date "${name}"`);
    return at;
  }
  return nowMs + parseDuration(name);
}
