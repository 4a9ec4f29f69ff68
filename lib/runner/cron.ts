// Cron schedules for cron triggers, evaluated in UTC: "m h dom mon dow" with *, lists, ranges, steps,
// month/day names and the @hourly/@daily/@weekly/@monthly/@yearly macros. An optional "TZ=UTC " prefix is
// accepted; other time zones are refused at start-up rather than fired at the wrong hour.

export class CronError extends Error {
  override name = "CronError";
}

const macros: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
  values: Set<number>;
  any: boolean;
}

function parseField(text: string, min: number, max: number, names: string[] | undefined, offset: number, src: string): Field {
  const values = new Set<number>();
  const value = (s: string) => {
    const idx = names?.indexOf(s.toUpperCase()) ?? -1;
    const n = idx >= 0 ? idx + offset : Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new CronError(`Invalid value "${s}" in cron "${src}"`);
    return n;
  };
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`Invalid step "${stepText}" in cron "${src}"`);
    let lo: number;
    let hi: number;
    if (range === "*" || range === "?") {
      lo = min;
      hi = max;
    } else if (range!.includes("-")) {
      const [a, b] = range!.split("-");
      lo = value(a!);
      hi = value(b!);
      if (lo > hi) throw new CronError(`Invalid range "${range}" in cron "${src}"`);
    } else {
      lo = value(range!);
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, any: text === "*" || text === "?" };
}

export interface CronSchedule {
  source: string;
  /** First fire time strictly after `afterMs`. */
  next(afterMs: number): number;
}

export function parseCron(source: string): CronSchedule {
  let expr = source.trim();
  const tz = /^(?:TZ|CRON_TZ)=(\S+)\s+/.exec(expr);
  if (tz) {
    if (tz[1] !== "UTC" && tz[1] !== "Etc/UTC") {
      throw new CronError(`Cron "${source}": time zone ${tz[1]} is not supported by the embedded runner (use UTC)`);
    }
    expr = expr.slice(tz[0].length);
  }
  expr = macros[expr] ?? expr;
  const parts = expr.split(/\s+/);
  if (parts.length !== 5) throw new CronError(`Cron "${source}" must have 5 fields (minute hour day month weekday)`);
  const minute = parseField(parts[0]!, 0, 59, undefined, 0, source);
  const hour = parseField(parts[1]!, 0, 23, undefined, 0, source);
  const dom = parseField(parts[2]!, 1, 31, undefined, 0, source);
  const month = parseField(parts[3]!, 1, 12, monthNames, 1, source);
  const dowRaw = parseField(parts[4]!, 0, 7, dayNames, 0, source);
  const dow = new Set([...dowRaw.values].map((d) => d % 7));

  const dayMatches = (d: Date) => {
    const domOk = dom.values.has(d.getUTCDate());
    const dowOk = dow.has(d.getUTCDay());
    // Standard cron: when both day fields are restricted, either may match.
    if (!dom.any && !dowRaw.any) return domOk || dowOk;
    return domOk && dowOk;
  };

  return {
    source,
    next(afterMs) {
      const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
      const limit = afterMs + 5 * 366 * 86_400_000;
      while (d.getTime() <= limit) {
        if (!month.values.has(d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!hour.values.has(d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
          continue;
        }
        if (!minute.values.has(d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
          continue;
        }
        return d.getTime();
      }
      throw new CronError(`Cron "${source}" never fires`);
    },
  };
}
