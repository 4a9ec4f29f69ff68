import { describe, expect, it } from "vitest";
import { attributesFromTokens, findYearInTokens, isVin, rewriteApostropheYears, yearFromValue, yearFromVin } from "./attributes";
import { basicUpper, brandKeyOf, editDistance, nameKey, normalizeText, normalizeTokens } from "./text";

describe("normalizeTokens", () => {
  it("uppercases, strips accents and expands Spanish and English abbreviations to one form", () => {
    expect(normalizeText("Automática 4 puertas A/A")).toBe("AUT 4P AC");
    expect(normalizeText("AUT.")).toBe(normalizeText("automatic"));
    expect(normalizeText("TA")).toBe("AUT");
    expect(normalizeText("Estándar")).toBe("STD");
    expect(normalizeText("TM")).toBe("STD");
    expect(normalizeText("manual")).toBe("STD");
    expect(normalizeText("DOBLE CABINA")).toBe("DC");
    expect(normalizeText("D/C")).toBe("DC");
    expect(normalizeText("CAB. SENC.")).toBe("CS");
    expect(normalizeText("cabina sencilla")).toBe("CS");
    expect(normalizeText("4PTAS.")).toBe("4P");
    expect(normalizeText("5 PAS")).toBe("5OCUP");
    expect(normalizeText("2WD")).toBe("4X2");
    expect(normalizeText("4 x 4")).toBe("4X4");
    expect(normalizeText("4WD")).toBe("4X4");
    expect(normalizeText("AIRE ACONDICIONADO")).toBe("AC");
    expect(normalizeText("LTD")).toBe("LIMITED");
  });

  it("reads displacement, cylinders and turbo", () => {
    expect(normalizeTokens("1.6L")).toEqual(["1.6L"]);
    expect(normalizeTokens("1,6 lts")).toEqual(["1.6L"]);
    expect(normalizeTokens("L4 2.0")).toEqual(["4CIL", "2.0L"]);
    expect(normalizeTokens("4 CIL 2.0")).toEqual(["4CIL", "2.0L"]);
    expect(normalizeTokens("1.4T")).toEqual(["1.4L", "TURBO"]);
    expect(normalizeTokens("1.4 turbo")).toEqual(["1.4L", "TURBO"]);
  });

  it("joins hyphenated model names and adds implied tokens", () => {
    expect(nameKey("CR-V")).toBe("CRV");
    expect(nameKey("cr v")).toBe("CRV");
    expect(normalizeTokens("CVT")).toEqual(["CVT", "AUT"]);
  });

  it("maps brand aliases", () => {
    expect(brandKeyOf("VW")).toBe("VOLKSWAGEN");
    expect(brandKeyOf("Chevy")).toBe("CHEVROLET");
    expect(brandKeyOf("GM")).toBe("CHEVROLET");
    expect(brandKeyOf("MB")).toBe("MERCEDESBENZ");
    expect(brandKeyOf("Mercedes-Benz")).toBe("MERCEDESBENZ");
    expect(brandKeyOf("Peugeot")).toBe("PEUGEOT");
  });

  it("edit distance counts a transposition as one edit", () => {
    expect(editDistance("COMFORTLINE", "COMFROTLINE")).toBe(1);
    expect(editDistance("JETTA", "JETA")).toBe(1);
    expect(editDistance("SENTRA", "VERSA", 2)).toBe(3);
    expect(basicUpper("  niño  ")).toBe("NINO");
  });
});

describe("years and VINs", () => {
  it("reads model years from column values with a 2-digit pivot", () => {
    expect(yearFromValue(2019, { maxYear: 2027 })).toBe(2019);
    expect(yearFromValue("19", { maxYear: 2027 })).toBe(2019);
    expect(yearFromValue("98", { maxYear: 2027 })).toBe(1998);
    expect(yearFromValue("'05", { maxYear: 2027 })).toBe(2005);
    expect(yearFromValue("MOD 21", { maxYear: 2027 })).toBe(2021);
    expect(yearFromValue("2019.0", { maxYear: 2027 })).toBe(2019);
    expect(yearFromValue("2030", { maxYear: 2027 })).toBeNull();
    expect(yearFromValue("JETTA", { maxYear: 2027 })).toBeNull();
    expect(yearFromValue(1500, { maxYear: 2027 })).toBeNull();
  });

  it("finds a year in the description but not inside a model name", () => {
    const toks = normalizeTokens(rewriteApostropheYears(basicUpper("PEUGEOT 2008 ALLURE '19")));
    const modelIdx = new Set([toks.indexOf("2008")]);
    expect(findYearInTokens(toks, modelIdx, { maxYear: 2027 })?.year).toBe(2019);
    expect(findYearInTokens(normalizeTokens("JETTA MOD. 2017 AUT"), new Set(), { maxYear: 2027 })?.year).toBe(2017);
    expect(findYearInTokens(normalizeTokens("RAM 2500 SLT"), new Set(), { maxYear: 2027 })).toBeNull();
  });

  it("decodes the model year from a VIN's 10th character", () => {
    expect(isVin("3VWFE21C04M000001")).toBe(true);
    expect(isVin("3VWFE21C04M00000I")).toBe(false); // I is not allowed
    expect(yearFromVin("3VWFE21C04M000001", { maxYear: 2027 })).toBe(2004);
    expect(yearFromVin("3N1CN7ADXKL812345", { maxYear: 2027 })).toBe(2019);
    expect(yearFromVin("1G1ZD5ST0LF123456", { maxYear: 2027 })).toBe(2020);
    expect(yearFromVin("not a vin", { maxYear: 2027 })).toBeNull();
  });

  it("extracts attributes from tokens", () => {
    expect(attributesFromTokens(normalizeTokens("DOBLE CAB 2.5L AUT 4PTAS 4X4 DIESEL"))).toMatchObject({
      cab: "DC",
      displacement: "2.5",
      transmission: "AUT",
      doors: 4,
      traction: "4X4",
      fuel: "DIESEL",
    });
    expect(attributesFromTokens(normalizeTokens("DOBLE CAB. CHASIS")).cab).toBe("DC");
  });
});
