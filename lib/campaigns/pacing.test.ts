import { describe, expect, it } from "vitest";
import {
  DEFAULT_PACING,
  PacingError,
  canSendNow,
  describeDecision,
  formatInZone,
  fromZoned,
  isInSendingWindow,
  nextSendAt,
  nextWindowOpening,
  scheduleStartAt,
  seededRandom,
  toZoned,
  validatePacingLimits,
  type SendingWindow,
} from "./pacing";

const MIN = 60_000;
const HOUR = 60 * MIN;
const t = (iso: string) => Date.parse(iso);

describe("time zones with Intl", () => {
  it("converts a local schedule to UTC (Mexico City is UTC-6 all year)", () => {
    expect(scheduleStartAt("2026-11-23T09:30", "America/Mexico_City").toISOString()).toBe("2026-11-23T15:30:00.000Z");
    expect(scheduleStartAt("2026-07-01 08:00:15", "America/Mexico_City").toISOString()).toBe("2026-07-01T14:00:15.000Z");
    expect(scheduleStartAt("2026-07-01T09:00", "Europe/Berlin").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(scheduleStartAt("2026-01-01T09:00", "Asia/Kolkata").toISOString()).toBe("2026-01-01T03:30:00.000Z");
  });

  it("moves a time skipped by DST forward and picks the earlier of a repeated time", () => {
    // New York springs forward 2026-03-08 02:00 → 03:00; 02:30 does not exist
    expect(scheduleStartAt("2026-03-08T02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(formatInZone(t("2026-03-08T07:30:00Z"), "America/New_York")).toBe("2026-03-08 03:30");
    // falls back 2026-11-01 02:00 → 01:00; 01:30 happens twice (EDT first)
    expect(scheduleStartAt("2026-11-01T01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(toZoned(t("2026-11-01T06:30:00Z"), "America/New_York")).toMatchObject({ hour: 1, minute: 30 });
  });

  it("round-trips every hour of a year in several zones", () => {
    for (const tz of ["America/Mexico_City", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kathmandu"]) {
      for (let ms = t("2026-01-01T00:00:00Z"); ms < t("2027-01-01T00:00:00Z"); ms += 7 * HOUR) {
        const z = toZoned(ms, tz);
        const back = fromZoned(z, tz);
        // repeated wall times map to the earlier instant; everything else is exact
        if (back !== ms) expect(ms - back).toBe(HOUR);
      }
    }
  });

  it("rejects bad dates and unknown zones with clear errors", () => {
    expect(() => scheduleStartAt("2026-02-30T09:00", "UTC")).toThrow(/not a calendar date/);
    expect(() => scheduleStartAt("23/11/2026 9:00", "UTC")).toThrow(/local date-time/);
    expect(() => scheduleStartAt("2026-11-23T09:00", "Mars/Olympus")).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});

describe("sending window", () => {
  const window: SendingWindow = { timeZone: "America/Mexico_City", days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "18:00" };

  it("knows when it is open (end exclusive)", () => {
    expect(isInSendingWindow(t("2026-11-23T15:00:00Z"), window)).toBe(true); // Mon 09:00 local
    expect(isInSendingWindow(t("2026-11-23T23:59:59Z"), window)).toBe(true); // Mon 17:59:59
    expect(isInSendingWindow(t("2026-11-24T00:00:00Z"), window)).toBe(false); // Mon 18:00
    expect(isInSendingWindow(t("2026-11-22T16:00:00Z"), window)).toBe(false); // Sunday
  });

  it("skips the weekend: Friday evening → Monday 09:00 local", () => {
    expect(new Date(nextWindowOpening(t("2026-11-28T00:30:00Z"), window)).toISOString()).toBe("2026-11-30T15:00:00.000Z");
    // before opening on a weekday → same day
    expect(new Date(nextWindowOpening(t("2026-11-24T12:00:00Z"), window)).toISOString()).toBe("2026-11-24T15:00:00.000Z");
  });

  it("validates the window", () => {
    expect(() => isInSendingWindow(0, { ...window, start: "18:00", end: "09:00" })).toThrow(/must be after start/);
    expect(() => isInSendingWindow(0, { ...window, days: [] })).toThrow(/at least one sending day/);
    expect(() => isInSendingWindow(0, { ...window, start: "9am" })).toThrow(/start must be a time/);
  });
});

describe("validatePacingLimits", () => {
  it("fills defaults", () => {
    expect(validatePacingLimits({})).toEqual({ perHour: 4, perDay: 25, minGapSec: 60, maxGapSec: 300 });
  });

  it("never allows more than Gmail's daily limits and names the field", () => {
    expect(() => validatePacingLimits({ perDay: 501 }, "gmail")).toThrow(/perDay must be a whole number from 1 to 500/);
    expect(validatePacingLimits({ perDay: 2000, perHour: 100 }, "google_workspace").perDay).toBe(2000);
    expect(() => validatePacingLimits({ perDay: 2001 }, "google_workspace")).toThrow(PacingError);
    expect(() => validatePacingLimits({ perHour: 30, perDay: 25 })).toThrow(/perHour \(30\) cannot exceed perDay/);
    expect(() => validatePacingLimits({ minGapSec: 1 })).toThrow(/minGapSec/);
    expect(() => validatePacingLimits({ minGapSec: 120, maxGapSec: 60 })).toThrow(/maxGapSec must be a whole number from 120/);
    expect(() => validatePacingLimits({ perHour: 2.5 })).toThrow(/perHour/);
  });
});

describe("nextSendAt", () => {
  const limits = DEFAULT_PACING;
  const now = t("2026-11-23T16:00:00Z");

  it("allows the first send immediately", () => {
    expect(nextSendAt({ limits, recentSends: [], now })).toMatchObject({ at: new Date(now), reason: "ready", gapMs: null });
  });

  it("waits a random 60–300 s gap after the last send, stable across re-evaluations", () => {
    const last = now - 30_000;
    const d1 = nextSendAt({ limits, recentSends: [last], now, seed: "acct-1" });
    expect(d1.reason).toBe("gap");
    expect(+d1.at - last).toBeGreaterThanOrEqual(60_000);
    expect(+d1.at - last).toBeLessThanOrEqual(300_000);
    // re-evaluated later (after a sleep) the answer does not drift
    const d2 = nextSendAt({ limits, recentSends: [last], now: now + 20_000, seed: "acct-1" });
    expect(+d2.at).toBe(+d1.at);
    expect(canSendNow({ limits, recentSends: [last], now: +d1.at, seed: "acct-1" })).toBe(true);
    expect(canSendNow({ limits, recentSends: [last], now: +d1.at - 1, seed: "acct-1" })).toBe(false);
    // different gaps for different previous sends
    const gaps = new Set(Array.from({ length: 20 }, (_, i) => nextSendAt({ limits, recentSends: [last - i * 1000], now }).gapMs));
    expect(gaps.size).toBeGreaterThan(15);
  });

  it("enforces the rolling hour: the 5th send waits until the 1st is an hour old", () => {
    const sends = [now - 50 * MIN, now - 40 * MIN, now - 30 * MIN, now - 20 * MIN];
    const d = nextSendAt({ limits, recentSends: sends, now, random: () => 0 });
    expect(d).toMatchObject({ reason: "hourly_cap", sentLastHour: 4 });
    expect(+d.at).toBe(now + 10 * MIN);
  });

  it("enforces the rolling day and reports when it resumes", () => {
    const sends = Array.from({ length: 25 }, (_, i) => now - 23 * HOUR + i * 20 * MIN);
    const d = nextSendAt({ limits, recentSends: sends, now: sends[24] + 10 * MIN, random: () => 0.5 });
    expect(d.reason).toBe("daily_cap");
    expect(+d.at).toBe(sends[0] + 24 * HOUR);
    expect(d.sentLastDay).toBe(25);
  });

  it("honours a scheduled start and the sending window (with jitter inside the window)", () => {
    const window: SendingWindow = { timeZone: "America/Mexico_City", days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "18:00" };
    const fridayNight = t("2026-11-28T01:00:00Z"); // Fri 19:00 local
    const d = nextSendAt({ limits, recentSends: [fridayNight - 3 * HOUR], now: fridayNight, window, random: () => 0.5 });
    expect(d.reason).toBe("window");
    expect(+d.at).toBe(t("2026-11-30T15:00:00Z") + 30_000); // Monday 09:00:30 local
    const s = nextSendAt({ limits, recentSends: [], now, notBefore: now + HOUR });
    expect(s).toMatchObject({ reason: "scheduled", at: new Date(now + HOUR) });
  });

  it("describes the wait in the user's time zone", () => {
    const sends = Array.from({ length: 25 }, (_, i) => now - 23 * HOUR + i * 20 * MIN);
    const at = sends[24] + 10 * MIN;
    const d = nextSendAt({ limits, recentSends: sends, now: at });
    // first send was 2026-11-22T17:00Z → resumes 2026-11-23T17:00Z = 11:00 in Mexico City
    expect(describeDecision(d, limits, "America/Mexico_City", at)).toBe("Daily limit of 25 sends reached; resumes at 2026-11-23 11:00.");
    expect(describeDecision(nextSendAt({ limits, recentSends: [], now }), limits, "UTC", now)).toBe("Ready to send now.");
  });
});

// ----------------------------------------------------------------------------------------------------
// Property test: several campaigns share one account; workers wake in random order with random latency,
// sends fail at random (transient with retry, permanent), workers crash before or after the provider
// accepted a message and reconcile on restart, campaigns are paused and resumed. Whatever happens, the
// account never exceeds its caps in any rolling window, gaps and the sending window hold, no recipient
// receives two copies, and every recipient ends sent or failed.

const ZONES = ["America/Mexico_City", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC"];

interface SimRecipient {
  id: string;
  status: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  retryAt: number;
  messageId: string;
}

function simulate(seed: number) {
  const rnd = seededRandom(`trial-${seed}`);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const perHour = int(1, 8);
  const minGapSec = int(10, 120);
  const limits = validatePacingLimits({
    perHour,
    perDay: int(perHour, perHour * 5),
    minGapSec,
    maxGapSec: minGapSec + int(0, 600),
  });
  let window: SendingWindow | null = null;
  if (rnd() < 0.6) {
    const days = (["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const).filter(() => rnd() < 0.6);
    const startH = int(0, 20);
    window = {
      timeZone: ZONES[int(0, ZONES.length - 1)],
      days: days.length ? days : ["wed"],
      start: `${String(startH).padStart(2, "0")}:${rnd() < 0.5 ? "00" : "30"}`,
      end: `${String(int(startH + 1, 24)).padStart(2, "0")}:00`,
    };
  }
  const start = t("2026-01-01T00:00:00Z") + Math.floor(rnd() * 360) * 24 * HOUR + int(0, 23) * HOUR;
  const campaigns = Array.from({ length: int(2, 4) }, (_, c) => ({
    id: `c${c}`,
    wake: start + int(0, 3 * 3600) * 1000,
    pausedUntil: 0,
    recipients: Array.from({ length: int(3, 30) }, (_, r): SimRecipient => ({
      id: `c${c}-r${r}`,
      status: "pending",
      attempts: 0,
      retryAt: 0,
      messageId: `<c${c}-r${r}@sim>`,
    })),
  }));
  const attempts: number[] = []; // the account's send log in the DB
  const delivered = new Map<string, number>(); // provider side: message-id → copies delivered

  for (let step = 0; step < 200_000; step++) {
    const active = campaigns.filter((c) => c.recipients.some((r) => r.status === "pending" || r.status === "sending"));
    if (!active.length) break;
    active.sort((a, b) => a.wake - b.wake || (rnd() < 0.5 ? -1 : 1));
    const c = active[0];
    const now = c.wake;
    if (now < c.pausedUntil) {
      c.wake = c.pausedUntil;
      continue;
    }
    // restart reconciliation: a recipient left in "sending" by a crash is resolved against the provider
    for (const r of c.recipients) {
      if (r.status === "sending") r.status = delivered.has(r.messageId) ? "sent" : "pending";
    }
    const ready = c.recipients.find((r) => r.status === "pending" && r.retryAt <= now);
    if (!ready) {
      const nextRetry = Math.min(...c.recipients.filter((r) => r.status === "pending").map((r) => r.retryAt));
      c.wake = Number.isFinite(nextRetry) ? nextRetry : now + HOUR;
      continue;
    }
    // the claim, as done under the account's DB lock
    const decision = nextSendAt({ limits, recentSends: attempts, now, window, seed: "account-1" });
    if (+decision.at > now) {
      c.wake = +decision.at + int(0, 5000); // sleepUntil + executor latency
      continue;
    }
    if (rnd() < 0.03) {
      c.pausedUntil = now + int(1, 48) * HOUR; // user pauses, resumes later
      c.wake = c.pausedUntil;
      continue;
    }
    ready.status = "sending";
    ready.attempts++;
    attempts.push(now); // attempt recorded before calling the provider
    const roll = rnd();
    if (roll < 0.7) {
      delivered.set(ready.messageId, (delivered.get(ready.messageId) ?? 0) + 1);
      ready.status = "sent";
    } else if (roll < 0.8) {
      ready.status = ready.attempts >= 3 ? "failed" : "pending"; // transient → retry with backoff
      ready.retryAt = now + 2 ** ready.attempts * MIN;
    } else if (roll < 0.86) {
      ready.status = "failed"; // permanent
    } else if (roll < 0.93) {
      delivered.set(ready.messageId, (delivered.get(ready.messageId) ?? 0) + 1); // accepted, then crash
    } // else: crash before the provider call; status stays "sending"
    c.wake = now + int(0, 2000);
  }
  return { limits, window, attempts, delivered, campaigns };
}

describe("pacing property test (seeded random interleavings)", () => {
  it("never breaks caps, gaps or the window; never sends twice; finishes every recipient", () => {
    let totalAttempts = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const { limits, window, attempts, delivered, campaigns } = simulate(seed);
      const ctx = `seed ${seed} limits ${JSON.stringify(limits)} window ${JSON.stringify(window)}`;
      const a = [...attempts].sort((x, y) => x - y);
      totalAttempts += a.length;
      for (let i = 0; i + limits.perHour < a.length; i++) {
        if (a[i + limits.perHour] - a[i] < HOUR) throw new Error(`${ctx}: ${limits.perHour + 1} sends within an hour at ${new Date(a[i]).toISOString()}`);
      }
      for (let i = 0; i + limits.perDay < a.length; i++) {
        if (a[i + limits.perDay] - a[i] < 24 * HOUR) throw new Error(`${ctx}: ${limits.perDay + 1} sends within 24 h at ${new Date(a[i]).toISOString()}`);
      }
      for (let i = 1; i < a.length; i++) {
        if (a[i] - a[i - 1] < limits.minGapSec * 1000) throw new Error(`${ctx}: gap ${a[i] - a[i - 1]} ms < min at ${new Date(a[i]).toISOString()}`);
      }
      if (window) {
        for (const x of a) if (!isInSendingWindow(x, window)) throw new Error(`${ctx}: send outside window at ${new Date(x).toISOString()}`);
      }
      for (const [id, copies] of delivered) if (copies > 1) throw new Error(`${ctx}: ${id} delivered ${copies} times`);
      for (const c of campaigns) {
        for (const r of c.recipients) {
          if (r.status !== "sent" && r.status !== "failed") throw new Error(`${ctx}: ${r.id} ended ${r.status}`);
          if (r.status === "sent" && delivered.get(r.messageId) !== 1) throw new Error(`${ctx}: ${r.id} sent but not delivered`);
        }
      }
    }
    expect(totalAttempts).toBeGreaterThan(1000); // the simulation really exercised the pacer
  });
});
