import { describe, expect, it } from "vitest";
import { calibrateValue, fitCalibration } from "./calibration";

describe("confidence calibration", () => {
  it("fits a monotone, smoothed step per field and maps raw scores onto it", () => {
    const samples = [
      ...Array.from({ length: 10 }, (_, i) => ({ field: "total", raw: 0.6, ok: i < 5 })),
      ...Array.from({ length: 10 }, (_, i) => ({ field: "total", raw: 0.8, ok: i < 3 })), // worse than 0.6: pooled
      ...Array.from({ length: 48 }, () => ({ field: "total", raw: 0.95, ok: true })),
    ];
    const t = fitCalibration(samples);
    expect(t.total).toEqual([[0.6, 0.409], [0.95, 0.98]]);
    expect(calibrateValue("total", 0.97, t)).toBe(0.98);
    expect(calibrateValue("total", 0.7, t)).toBe(0.409);
    // below the fitted range never more confident than it was; unknown fields unchanged; zero stays zero
    expect(calibrateValue("total", 0.3, t)).toBe(0.3);
    expect(calibrateValue("vendorName", 0.77, t)).toBe(0.77);
    expect(calibrateValue("total", 0, t)).toBe(0);
  });
});
