import { describe, expect, it } from "vitest";
import { calibrateInvoice, calibrateValue, fitCalibration, wilsonLower } from "./calibration";
import type { ExtractedInvoice } from "./types";
import { DEFAULT_REVIEW_THRESHOLD } from "@/lib/workspace-settings";

describe("confidence calibration", () => {
  it("fits a monotone step per field, each step a lower bound of its accuracy, and maps raw scores onto it", () => {
    const samples = [
      ...Array.from({ length: 10 }, (_, i) => ({ field: "total", raw: 0.6, ok: i < 5 })),
      ...Array.from({ length: 10 }, (_, i) => ({ field: "total", raw: 0.8, ok: i < 3 })), // worse than 0.6: pooled
      ...Array.from({ length: 48 }, () => ({ field: "total", raw: 0.95, ok: true })),
    ];
    const t = fitCalibration(samples);
    // 0.8 does worse (3 of 10) than 0.6 (5 of 10): together 8 of 20, at least 0.242, holds both; 48 of 48 → at least
    // 0.947 (not the 0.98 a mean would claim)
    expect(t.total).toEqual([[0.6, 0.242], [0.8, 0.242], [0.95, 0.947]]);
    expect(calibrateValue("total", 0.97, t)).toBe(0.947);
    expect(calibrateValue("total", 0.7, t)).toBe(0.242);
    // below the fitted range never more confident than it was; unknown fields unchanged; zero stays zero
    expect(calibrateValue("total", 0.2, t)).toBe(0.2);
    expect(calibrateValue("total", 0.3, t)).toBe(0.242);
    expect(calibrateValue("vendorName", 0.77, t)).toBe(0.77);
    expect(calibrateValue("total", 0, t)).toBe(0);
  });

  it("lets no small group claim 0.9, and lets a higher score lean on the groups below it", () => {
    expect(wilsonLower(25, 25)).toBeGreaterThanOrEqual(0.9);
    expect(wilsonLower(24, 24)).toBeLessThan(0.9);
    expect(wilsonLower(10, 10)).toBeCloseTo(0.787, 3);
    const alone = fitCalibration(Array.from({ length: 10 }, () => ({ field: "issueDate", raw: 0.97, ok: true })));
    expect(alone.issueDate).toEqual([[0.97, 0.787]]);
    // accuracy does not fall as the score rises: 10 of 10 at 0.97 above 40 of 40 at 0.9 → at least 50 of 50
    const leaning = fitCalibration([
      ...Array.from({ length: 40 }, () => ({ field: "issueDate", raw: 0.9, ok: true })),
      ...Array.from({ length: 10 }, () => ({ field: "issueDate", raw: 0.97, ok: true })),
    ]);
    expect(leaning.issueDate).toEqual([[0.9, 0.937], [0.97, 0.949]]);
    // …never from above (1 of 1 at 0.95 under 40 of 40 at 0.96 earns what one sample earns), and a higher score
    // that does worse holds the lower ones to its floor
    const above = fitCalibration([
      { field: "vendorName", raw: 0.95, ok: true },
      ...Array.from({ length: 40 }, () => ({ field: "vendorName", raw: 0.96, ok: true })),
    ]);
    expect(above.vendorName[0]).toEqual([0.95, 0.27]);
    const worse = fitCalibration([
      ...Array.from({ length: 40 }, () => ({ field: "issueDate", raw: 0.9, ok: true })),
      ...Array.from({ length: 10 }, (_, i) => ({ field: "issueDate", raw: 0.97, ok: i < 7 })),
    ]);
    expect(worse.issueDate.every(([, c]) => c < 0.9)).toBe(true);
    expect(worse.issueDate[0][1]).toBe(worse.issueDate[1][1]);
  });

  it("keeps an invoice read on evidence alone capped, and e-invoice fields as they are", () => {
    const t = { total: [[0.6, 0.95]] as [number, number][] };
    const inv = {
      confidence: { total: 0.9, invoiceNumber: 1 },
      sources: { invoiceNumber: "e-invoice" },
      issues: [],
    } as unknown as ExtractedInvoice;
    expect(calibrateInvoice(inv, t).confidence).toEqual({ total: 0.95, invoiceNumber: 1 });
    const unsure = { ...inv, issues: [{ field: "document", code: "classified_unsure", message: "" }] } as ExtractedInvoice;
    expect(calibrateInvoice(unsure, t).confidence).toEqual({ total: 0.7, invoiceNumber: 0.7 });
  });
});

describe("the fitted table on the reader as it reads now", () => {
  it("lets a buyer name read from its block pass the default review threshold, and keeps a due date counted from the terms under it", () => {
    // 0.92: the first name line of a buyer block or address window (wrong on the tuned producers only when a salutation
    // or another column's key was taken for the name, which the reader no longer does)
    expect(calibrateValue("billToName", 0.92)).toBeGreaterThanOrEqual(DEFAULT_REVIEW_THRESHOLD);
    // 0.75: counted from "30 Tage netto" — an inference a person looks at
    expect(calibrateValue("dueDate", 0.75)).toBeLessThan(DEFAULT_REVIEW_THRESHOLD);
  });
});
