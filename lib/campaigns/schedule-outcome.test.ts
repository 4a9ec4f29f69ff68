import { describe, expect, it } from "vitest";
import type { SendingWindow } from "./pacing";
import { scheduleOutcome } from "./schedule-outcome";

const weekdays: SendingWindow = { timeZone: "Europe/Berlin", days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "18:00" };
// Monday 2026-12-07 01:40 UTC = 02:40 in Berlin: before the window opens
const mondayNight = Date.parse("2026-12-07T01:40:00Z");

describe("the message after scheduling a campaign", () => {
  it("'Send now' outside the sending window says when the first message actually goes out", () => {
    const o = scheduleOutcome({ startAt: null, window: weekdays, timeZone: "Europe/Berlin", now: mondayNight });
    expect(o.firstSendAt.toISOString()).toBe("2026-12-07T08:00:00.000Z");
    expect(o.message).toBe("Scheduled: now is outside the sending window, so the first message goes out at 2026-12-07 09:00 (Europe/Berlin).");
    expect(o.message).not.toContain("starts now");
  });

  it("'Send now' inside the window, or with no window, starts now", () => {
    const noon = Date.parse("2026-12-07T11:00:00Z");
    expect(scheduleOutcome({ startAt: null, window: weekdays, timeZone: "Europe/Berlin", now: noon }).message).toBe("Scheduled: sending starts now.");
    expect(scheduleOutcome({ startAt: null, window: null, timeZone: "UTC", now: mondayNight }).message).toBe("Scheduled: sending starts now.");
  });

  it("a start time names itself, or the window's next opening when it falls outside the window", () => {
    const friEvening = new Date("2026-12-11T19:00:00Z"); // 20:00 Berlin, after the window
    expect(scheduleOutcome({ startAt: friEvening, window: weekdays, timeZone: "Europe/Berlin", now: mondayNight }).message).toBe(
      "Scheduled: that start time is outside the sending window, so the first message goes out at 2026-12-14 09:00 (Europe/Berlin).",
    );
    const tue = new Date("2026-12-08T10:00:00Z");
    expect(scheduleOutcome({ startAt: tue, window: weekdays, timeZone: "Europe/Berlin", now: mondayNight }).message).toBe("Scheduled: the first message goes out at 2026-12-08 11:00 (Europe/Berlin).");
  });
});
