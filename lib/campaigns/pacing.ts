// Pacing decisions for one sending account, across all of its campaigns together. Pure: the caller
// passes the account's recent send attempts (from the DB), the clock and a random source, and gets the
// earliest instant the next send is allowed. The sender re-checks this inside its DB-locked step right
// before sending, and sleeps (step.sleepUntil) until `at` otherwise — so the caps hold on any executor.
//
// Rules, all at once:
//   * rolling 60-minute cap: in any 60-minute interval at most `perHour` sends
//   * rolling 24-hour cap:   in any 24-hour interval at most `perDay` sends
//   * a random gap of minGapSec..maxGapSec after the previous send (stable for a given previous send,
//     so re-evaluating after a sleep gives the same answer instead of drifting)
//   * inside the sending window (weekdays + local hours in an IANA time zone), if one is set
// Time zones are handled with Intl only.

import { mulberry32 } from "@/lib/random";

export interface PacingLimits {
  perHour: number;
  perDay: number;
  minGapSec: number;
  maxGapSec: number;
}

export const DEFAULT_PACING: Readonly<PacingLimits> = Object.freeze({ perHour: 4, perDay: 25, minGapSec: 60, maxGapSec: 300 });

/**
 * Hard ceilings per account kind. Gmail's published sending limits are 500 recipients/day for a
 * personal account and 2,000/day for Google Workspace; we never allow configuring above them. SMTP
 * providers vary, so they get the Workspace ceiling. The gap floor keeps sends from bursting.
 */
export const PACING_BOUNDS = {
  gmail: { maxPerDay: 500 },
  google_workspace: { maxPerDay: 2000 },
  smtp: { maxPerDay: 2000 },
  outbox: { maxPerDay: 2000 },
  maxPerHour: 200,
  minGapSecFloor: 10,
  maxGapSecCeiling: 6 * 3600,
} as const;

export type AccountKind = "gmail" | "google_workspace" | "smtp" | "outbox";

export class PacingError extends Error {
  override name = "PacingError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Fills defaults and checks the limits are within safe bounds for the account kind; throws PacingError naming the field. */
export function validatePacingLimits(input: Partial<PacingLimits>, kind: AccountKind = "gmail"): PacingLimits {
  const l: PacingLimits = { ...DEFAULT_PACING, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  const int = (field: keyof PacingLimits, min: number, max: number) => {
    const v = l[field];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new PacingError(`${field} must be a whole number from ${min} to ${max} (got ${v})`, field);
    }
  };
  int("perDay", 1, PACING_BOUNDS[kind].maxPerDay);
  int("perHour", 1, PACING_BOUNDS.maxPerHour);
  if (l.perHour > l.perDay) throw new PacingError(`perHour (${l.perHour}) cannot exceed perDay (${l.perDay})`, "perHour");
  int("minGapSec", PACING_BOUNDS.minGapSecFloor, PACING_BOUNDS.maxGapSecCeiling);
  int("maxGapSec", l.minGapSec, PACING_BOUNDS.maxGapSecCeiling);
  return l;
}

// -------------------------------------------------------------------------------------- randomness

/** mulberry32 seeded from a string or number: a small deterministic PRNG returning [0, 1). */
export function seededRandom(seed: string | number): () => number {
  let h = 2166136261 >>> 0; // FNV-1a over the seed's characters
  for (const ch of String(seed)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return mulberry32(h || 0x9e3779b9);
}

// -------------------------------------------------------------------------------------- time zones

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new PacingError(`unknown time zone "${timeZone}" (use an IANA name like America/Mexico_City)`, "timeZone");
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock date/time in `timeZone` at instant `ms`. */
export function toZoned(ms: number, timeZone: string): LocalDateTime {
  const out: LocalDateTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type in out) out[p.type as keyof LocalDateTime] = Number(p.value);
  }
  if (out.hour === 24) out.hour = 0; // defensive: some ICU versions render midnight as 24
  return out;
}

function offsetAt(ms: number, timeZone: string): number {
  const z = toZoned(ms, timeZone);
  const asUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`. For a time skipped by a DST change
 * it moves forward by the gap (02:30 → 03:30); for a repeated time it picks the earlier instant.
 */
export function fromZoned(local: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((o) => wall - o)
    .filter((t) => offsetAt(t, timeZone) === wall - t)
    .sort((a, b) => a - b);
  if (candidates.length) return candidates[0];
  return wall - before; // in the gap: interpret with the offset in force before the change
}

/** "2026-11-23T09:30" (or with ":ss") in the user's time zone → UTC Date. */
export function scheduleStartAt(localDateTime: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(localDateTime.trim());
  if (!m) throw new PacingError(`"${localDateTime}" is not a local date-time like 2026-11-23T09:30`, "startAt");
  const [year, month, day, hour, minute, second = 0] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new PacingError(`"${localDateTime}" is not a calendar date`, "startAt");
  }
  if (hour > 23 || minute > 59 || second > 59) throw new PacingError(`"${localDateTime}" has an invalid time`, "startAt");
  return new Date(fromZoned({ year, month, day, hour, minute, second }, timeZone));
}

/** "2026-11-23 09:30" in `timeZone` — for "resumes at …" messages. */
export function formatInZone(ms: number | Date, timeZone: string): string {
  const z = toZoned(+ms, timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${z.year}-${p(z.month)}-${p(z.day)} ${p(z.hour)}:${p(z.minute)}`;
}

// -------------------------------------------------------------------------------------- sending window

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SendingWindow {
  timeZone: string;
  days: readonly Weekday[];
  /** "HH:MM" local, inclusive. */
  start: string;
  /** "HH:MM" local, exclusive; "24:00" = end of day. */
  end: string;
}

interface ParsedWindow {
  timeZone: string;
  days: Set<number>;
  startSec: number;
  endSec: number;
}

function hhmm(v: string, field: string, allow24: boolean): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(v?.trim() ?? "");
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (!m || min > 59 || h > 24 || (h === 24 && (!allow24 || min !== 0))) {
    throw new PacingError(`${field} must be a time like 09:00 (got "${v}")`, `window.${field}`);
  }
  return (h * 60 + min) * 60;
}

const parsedWindows = new WeakMap<SendingWindow, ParsedWindow>();

export function validateSendingWindow(w: SendingWindow): ParsedWindow {
  const cached = parsedWindows.get(w);
  if (cached) return cached;
  formatter(w.timeZone);
  if (!w.days?.length) throw new PacingError("choose at least one sending day", "window.days");
  const days = new Set<number>();
  for (const d of w.days) {
    const i = WEEKDAYS.indexOf(d);
    if (i < 0) throw new PacingError(`unknown day "${d}" (use ${WEEKDAYS.join(", ")})`, "window.days");
    days.add(i);
  }
  const startSec = hhmm(w.start, "start", false);
  const endSec = hhmm(w.end, "end", true);
  if (endSec <= startSec) throw new PacingError(`window end ${w.end} must be after start ${w.start}`, "window.end");
  const parsed = { timeZone: w.timeZone, days, startSec, endSec };
  parsedWindows.set(w, parsed);
  return parsed;
}

function weekdayOf(z: { year: number; month: number; day: number }): number {
  return new Date(Date.UTC(z.year, z.month - 1, z.day)).getUTCDay();
}

function inParsedWindow(ms: number, w: ParsedWindow): boolean {
  const z = toZoned(ms, w.timeZone);
  const sec = z.hour * 3600 + z.minute * 60 + z.second;
  return w.days.has(weekdayOf(z)) && sec >= w.startSec && sec < w.endSec;
}

export function isInSendingWindow(at: number | Date, window: SendingWindow): boolean {
  return inParsedWindow(+at, validateSendingWindow(window));
}

/** `at` itself when it is inside the window, otherwise the next instant the window opens. */
export function nextWindowOpening(at: number | Date, window: SendingWindow): number {
  const w = validateSendingWindow(window);
  const t = +at;
  if (inParsedWindow(t, w)) return t;
  const z = toZoned(t, w.timeZone);
  for (let k = 0; k <= 8; k++) {
    const d = new Date(Date.UTC(z.year, z.month - 1, z.day + k));
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    if (!w.days.has(d.getUTCDay())) continue;
    const open = fromZoned(
      { ...date, hour: Math.floor(w.startSec / 3600), minute: Math.floor((w.startSec % 3600) / 60), second: 0 },
      w.timeZone,
    );
    if (open > t && inParsedWindow(open, w)) return open;
  }
  throw new PacingError("the sending window never opens", "window");
}

// -------------------------------------------------------------------------------------- decisions

export interface PacingInput {
  limits: PacingLimits;
  /** Every send attempt of this account (all campaigns) that reached the provider, at least the last 24 h. */
  recentSends: readonly (number | Date)[];
  now: number | Date;
  window?: SendingWindow | null;
  /** Earliest allowed start (e.g. the campaign's scheduled start). */
  notBefore?: number | Date | null;
  /** Random source in [0,1). Default: seeded from `seed` + the last send, so repeated decisions agree. */
  random?: () => number;
  seed?: string;
}

export type PacingReason = "ready" | "scheduled" | "gap" | "hourly_cap" | "daily_cap" | "window";

export interface PacingDecision {
  /** Earliest instant the next send may happen (≥ now). */
  at: Date;
  /** The constraint that set `at` ("ready" when that is now). */
  reason: PacingReason;
  /** The random gap chosen after the last send, in ms (null when there was no previous send). */
  gapMs: number | null;
  sentLastHour: number;
  sentLastDay: number;
}

/** Earliest time the account may send its next message. */
export function nextSendAt(input: PacingInput): PacingDecision {
  const { limits } = input;
  const now = +input.now;
  const sends = input.recentSends.map((s) => +s).filter((s) => s > now - DAY_MS - HOUR_MS);
  sends.sort((a, b) => a - b);
  const n = sends.length;
  const last = n ? sends[n - 1] : undefined;
  const rand = input.random ?? seededRandom(`${input.seed ?? ""}|${last ?? "none"}`);

  let at = now;
  let reason: PacingReason = "ready";
  const bump = (t: number, r: PacingReason) => {
    if (t > at) {
      at = t;
      reason = r;
    }
  };
  if (input.notBefore != null) bump(+input.notBefore, "scheduled");

  let gapMs: number | null = null;
  if (last !== undefined) {
    const spanSec = limits.maxGapSec - limits.minGapSec;
    gapMs = Math.round((limits.minGapSec + rand() * spanSec) * 1000);
    bump(last + gapMs, "gap");
  }
  // The k-th most recent send bounds the next one: sends[n-k] + window ≤ t keeps every window ≤ k.
  if (n >= limits.perHour) bump(sends[n - limits.perHour] + HOUR_MS, "hourly_cap");
  if (n >= limits.perDay) bump(sends[n - limits.perDay] + DAY_MS, "daily_cap");

  if (input.window) {
    const open = nextWindowOpening(at, input.window);
    if (open > at) {
      // Do not fire at exactly 09:00:00 every day: a little jitter, kept inside the window.
      const jitter = Math.round(rand() * limits.minGapSec * 1000);
      const withJitter = open + jitter;
      at = isInSendingWindow(withJitter, input.window) ? withJitter : open;
      reason = "window";
    }
  }
  let sentLastHour = 0;
  let sentLastDay = 0;
  for (const s of sends) {
    if (s > now - HOUR_MS && s <= now) sentLastHour++;
    if (s > now - DAY_MS && s <= now) sentLastDay++;
  }
  return { at: new Date(at), reason, gapMs, sentLastHour, sentLastDay };
}

/** True when a send at `now` is allowed — the check the sender repeats under its DB lock. */
export function canSendNow(input: PacingInput): boolean {
  return +nextSendAt(input).at <= +input.now;
}

/** A sentence for the campaign page: why the next send waits and until when, in the user's time zone. */
export function describeDecision(decision: PacingDecision, limits: PacingLimits, timeZone: string, now: number | Date): string {
  const when = formatInZone(decision.at, timeZone);
  if (+decision.at <= +now) return "Ready to send now.";
  switch (decision.reason) {
    case "daily_cap":
      return `Daily limit of ${limits.perDay} sends reached; resumes at ${when}.`;
    case "hourly_cap":
      return `Hourly limit of ${limits.perHour} sends reached; resumes at ${when}.`;
    case "window":
      return `Outside the sending window; resumes at ${when}.`;
    case "scheduled":
      return `Scheduled to start at ${when}.`;
    default:
      return `Next send at ${when}.`;
  }
}
