import { describe, expect, it } from "vitest";
import { deductibleLabel, normalizeCoverage, normalizeDeductible, normalizePlate, policyTerms, termNoteReason } from "./policy-terms";

describe("coverage packages", () => {
  it.each([
    ["AMPLIA", "AMPLIA"], ["amplia", "AMPLIA"], ["Amp.", "AMPLIA"], ["AMP", "AMPLIA"], ["COBERTURA AMPLIA", "AMPLIA"], ["Cobertura  Amplia ", "AMPLIA"],
    ["LIMITADA", "LIMITADA"], ["Lim.", "LIMITADA"], ["LIM", "LIMITADA"], ["cobertura limitada", "LIMITADA"],
    ["RC", "RESPONSABILIDAD CIVIL"], ["R.C.", "RESPONSABILIDAD CIVIL"], ["r. c.", "RESPONSABILIDAD CIVIL"], ["Responsabilidad Civil", "RESPONSABILIDAD CIVIL"],
    ["RESP. CIVIL", "RESPONSABILIDAD CIVIL"], ["responsabilidad  civíl", "RESPONSABILIDAD CIVIL"],
  ])("%s → %s", (written, want) => {
    expect(normalizeCoverage(written, 4)).toEqual({ value: want, note: null });
  });

  it("keeps a package it does not know as written and sends it to review naming row and field", () => {
    const r = normalizeCoverage("Amplia Plus", 7);
    expect(r.value).toBe("AMPLIA PLUS");
    expect(termNoteReason(r.note!)).toBe('row 7, COBERTURA "Amplia Plus": not one of AMPLIA, LIMITADA, RESPONSABILIDAD CIVIL; the quote file keeps it as written — confirm the package with the broker');
  });

  it("leaves a blank coverage to the template's default", () => {
    expect(normalizeCoverage("  ")).toEqual({ value: null, note: null });
    expect(normalizeCoverage(null)).toEqual({ value: null, note: null });
  });
});

describe("deductibles", () => {
  it.each([
    ["5%", 0.05], ["5 %", 0.05], ["0.05", 0.05], ["5", 0.05], [0.05, 0.05], [5, 0.05], ["10%", 0.1], ["5,5 %", 0.055], ["DEDUCIBLE 5%", 0.05], ["SIN DEDUCIBLE", 0], ["0%", 0],
  ])("%s → DM %s", (written, dm) => {
    expect(normalizeDeductible(written, 3)).toMatchObject({ value: { dm, rt: null }, note: null });
  });

  it.each([
    ["DM 5% RT 10%", 0.05, 0.1], ["DM 5 % RT 10 %", 0.05, 0.1], ["D.M. 5% R.T. 10%", 0.05, 0.1], ["DAÑOS MATERIALES 5 ROBO TOTAL 10", 0.05, 0.1],
    ["Daños Materiales 5%, Robo Total 10%", 0.05, 0.1], ["RT 10% DM 5%", 0.05, 0.1], ["DM:5 / RT:10", 0.05, 0.1], ["DM 3%", 0.03, null], ["ROBO TOTAL 20%", null, 0.2],
  ])("%s → DM %s RT %s", (written, dm, rt) => {
    const r = normalizeDeductible(written, 3);
    expect(r).toMatchObject({ value: { dm, rt }, note: null });
  });

  it("states the normalised form in words", () => {
    expect(normalizeDeductible("DAÑOS MATERIALES 5 ROBO TOTAL 10").label).toBe("DM 5% RT 10%");
    expect(deductibleLabel({ dm: 0.055, rt: null })).toBe("DM 5.5%");
  });

  it.each([
    ["5/10", "two percentages without saying which is daños materiales and which robo total"],
    ["5 y 10", "two percentages without saying which"],
    ["$5,000", "an amount, not a percentage"],
    [5000, "not a percentage of the insured value"],
    ["75%", "not a deductible the quote file can state"],
    ["SEGUN POLIZA", "not a deductible the quote file can state"],
    ["DM 5% DM 10%", "names a deductible twice"],
  ])("sends %s to review with a reason naming row and field", (written, why) => {
    const r = normalizeDeductible(written, 9);
    expect(r.value).toEqual({ dm: null, rt: null });
    expect(termNoteReason(r.note!)).toMatch(new RegExp(`^row 9, DEDUCIBLE "${String(written).replace(/[$]/g, "\\$")}": .*${why}`));
  });
});

describe("plates", () => {
  it.each([
    ["ABC-123-D", "ABC123D"], ["abc 1234", "ABC1234"], [" JKL-12-34 ", "JKL1234"], ["12-AB-3C", "12AB3C"], ["PUE.123.A", "PUE123A"],
  ])("%s → %s", (written, want) => {
    expect(normalizePlate(written, 2)).toEqual({ value: want, note: null });
  });

  it.each(["EN TRAMITE", "En trámite", "S/P", "SP", "SIN PLACAS", "PENDIENTE", "N/A", "0", "---"])("%s → blank, plates pending", (written) => {
    const r = normalizePlate(written, 6);
    expect(r.value).toBeNull();
    expect(termNoteReason(r.note!)).toBe(`row 6, PLACAS "${written}": plates pending; the quote file leaves PLACAS blank — add them when the broker sends them`);
  });

  it("flags a value that cannot be a plate (a VIN, a word) as plates pending too", () => {
    for (const w of ["3VWFE21C04M000001", "NISSAN", "A1"]) {
      const r = normalizePlate(w, 8);
      expect(r.value, w).toBeNull();
      expect(r.note?.message, w).toMatch(/^cannot be a plate .*plates pending/);
    }
  });
});

describe("policyTerms", () => {
  it("collects the quote file's values and every note of a row", () => {
    const r = policyTerms({ rowNumber: 5, canonical: { coverage: "R.C.", deductible: "DM 5% RT 10%", plate: "S/P" } });
    expect(r.policy).toEqual({ coverage: "RESPONSABILIDAD CIVIL", deductible: 0.05, theftDeductible: 0.1, deductibles: "DM 5% RT 10%" });
    expect(r.plate).toBeNull();
    expect(r.notes.map(termNoteReason)).toEqual(['row 5, PLACAS "S/P": plates pending; the quote file leaves PLACAS blank — add them when the broker sends them']);
  });
});
