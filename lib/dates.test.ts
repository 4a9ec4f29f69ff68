import { describe, expect, it } from "vitest";
import { fillDays } from "./dates";

describe("fillDays", () => {
  it("fills missing days with zero and keeps counts", () => {
    const out = fillDays([{ day: "2026-01-02", count: 5 }], new Date("2026-01-01T10:00Z"), new Date("2026-01-03T23:00Z"));
    expect(out).toEqual([
      { day: "2026-01-01", count: 0 },
      { day: "2026-01-02", count: 5 },
      { day: "2026-01-03", count: 0 },
    ]);
  });
});
