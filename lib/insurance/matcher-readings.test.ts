import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "./catalog";
import { buildCatalogIndex } from "./catalog-index";
import { calibrate, fitIsotonic, lowerEnvelope } from "./calibration";
import { matchRow } from "./matcher";

const e = (code: string, brand: string, model: string, year: number, version: string, body = "SEDAN"): CatalogEntry => ({
  code, brand, model, version, year, body, use: "PARTICULAR", description: `${model} ${version}`,
});

const catalog: CatalogEntry[] = [];
for (const year of [2017, 2018, 2020, 2021]) {
  const y = String(year % 100);
  catalog.push(
    e(`01${y}1`, "TOYOTA", "TACOMA", year, "DOBLE CAB. TRD SPORT L6 3.5L AUT. 4PTAS. 4X4", "PICKUP"),
    e(`01${y}2`, "TOYOTA", "TACOMA", year, "CAB. SENC. SR L4 2.7L STD. 2PTAS. 4X2", "PICKUP"),
    e(`01${y}3`, "TOYOTA", "HILUX", year, "DOBLE CAB. SR L4 2.7L STD. 4PTAS. 4X2", "PICKUP"),
    e(`02${y}1`, "FORD", "F-150", year, "DOBLE CAB. XLT L6 3.5T AUT. 4PTAS. 4X4", "PICKUP"),
    e(`02${y}2`, "FORD", "F-250", year, "DOBLE CAB. XLT L8 6.7L AUT. 4PTAS. 4X4 DIESEL", "PICKUP"),
    e(`03${y}1`, "GMC", "SIERRA", year, "DOBLE CAB. SLE L8 5.3L AUT. 4PTAS. 4X4", "PICKUP"),
    e(`03${y}2`, "GMC", "SIERRA 2500", year, "DOBLE CAB. DENALI HD L8 6.6L AUT. 4PTAS. 4X4 DIESEL", "PICKUP"),
    e(`03${y}3`, "GMC", "YUKON", year, "DENALI L8 6.2L AUT. 5PTAS.", "SUV"),
    e(`04${y}1`, "CHEVROLET", "TORNADO", year, "PICK UP LS L4 1.8L STD. 2PTAS. 4X2", "PICKUP"),
    e(`04${y}2`, "CHEVROLET", "ONIX", year, "LT L4 1.0T STD. 4PTAS.", "SEDAN"),
    e(`05${y}1`, "VOLKSWAGEN", "GOLF", year, "GTI L4 2.0T DSG 5PTAS.", "HATCHBACK"),
    e(`05${y}2`, "VOLKSWAGEN", "GOLF", year, "COMFORTLINE L4 1.4T STD. 5PTAS.", "HATCHBACK"),
    e(`05${y}3`, "VOLKSWAGEN", "JETTA", year, "TRENDLINE L4 2.5L STD. 4PTAS.", "SEDAN"),
    e(`06${y}1`, "MERCEDES BENZ", "CLASE C", year, "C 300 L4 2.0T AUT. 4PTAS.", "SEDAN"),
    e(`06${y}2`, "MERCEDES BENZ", "CLASE C", year, "C 200 L4 1.5T AUT. 4PTAS.", "SEDAN"),
    e(`07${y}1`, "RAM", "RAM 1500", year, "DOBLE CAB. SLT L8 5.7L AUT. 4PTAS. 4X4", "PICKUP"),
    e(`07${y}2`, "RAM", "RAM 2500", year, "DOBLE CAB. SLT L8 6.7L AUT. 4PTAS. 4X4 DIESEL", "PICKUP"),
    e(`08${y}1`, "HINO", "SERIE 500", year, "CHASIS TRACTO L6 7.7T STD. 2PTAS. DIESEL", "PICKUP"),
    e(`09${y}1`, "NISSAN", "KICKS", year, "ADVANCE L4 1.6L CVT 5PTAS.", "SUV"),
    e(`09${y}2`, "NISSAN", "KICKS E-POWER", year, "ADVANCE L3 1.2L CVT 5PTAS. HIBRIDO", "SUV"),
    e(`10${y}1`, "HYUNDAI", "SANTA FE", year, "GLS L4 2.4L AUT. 5PTAS.", "SUV"),
  );
}
const index = buildCatalogIndex(catalog);
const opts = { maxYear: 2027 };

describe("matchRow on rows as brokers write them", () => {
  it("reads a misspelt model within the brand's names and says so", () => {
    const r = matchRow(index, { brand: "TOYOTA", model: "TACMOA", year: 2020, description: "D/C TRD SPORT 3.5 AUT 4X4" }, opts);
    expect(r.code).toBe("01201");
    expect(r.reason).toMatch(/"TACMOA" read as TACOMA/);
    expect(matchRow(index, { brand: "CHEVROLET", model: "OIX", year: 2021, description: "LT 1.0T TM" }, opts).code).toBe("04212");
    expect(matchRow(index, { brand: "TOYOTA", model: "HILIX", year: 2018, description: "DC SR 2.7 STD 4X2" }, opts).code).toBe("01183");
  });

  it("splits and joins model numbers, reads words in another order", () => {
    expect(matchRow(index, { brand: "FORD", model: "F150", year: 2020, description: "DC XLT 3.5T AUT 4X4" }, opts).code).toBe("02201");
    expect(matchRow(index, { brand: "FORD", model: "F 250", year: 2020, description: "DC XLT 6.7 AUT 4X4 DIESEL" }, opts).code).toBe("02202");
    expect(matchRow(index, { brand: "HINO", model: "HINO500", year: 2021, description: "CHASIS TRACTO 7.7T STD" }, opts).code).toBe("08211");
    const fe = matchRow(index, { brand: "HYUNDAI", model: "FE SANTA", year: 2017, description: "GLS 2.4 AUT" }, opts);
    expect(fe.code).toBe("10171");
    expect(fe.reason).toMatch(/another order/);
    expect(matchRow(index, { brand: "CHEVROLET", model: "TORNADO PICK UP", year: 2018, description: "LS 1.8 STD" }, opts).code).toBe("04181");
  });

  it("reads partial models: a family name, a bare number under its brand, a base name with a longer sibling", () => {
    const sierra = matchRow(index, { brand: "GMC", model: "SIERRA", year: 2020, description: "DC DENALI HD 6.6 AUT 4X4 DIESEL" }, opts);
    expect(sierra.code).toBe("03202");
    expect(sierra.attributes.model).toBe("SIERRA 2500");
    expect(matchRow(index, { brand: "GMC", model: "SIERRA", year: 2020, description: "DC SLE 5.3 AUT 4X4" }, opts).code).toBe("03201");
    expect(matchRow(index, { brand: "RAM", model: "2500", year: 2021, description: "DC SLT 6.7 AUT 4X4 DIESEL" }, opts).code).toBe("07212");
    expect(matchRow(index, { brand: "FORD", model: "250", year: 2021, description: "DC XLT 6.7 AUT 4X4 DIESEL" }, opts).code).toBe("02212");
    expect(matchRow(index, { brand: "NISSAN", model: "KICKS", year: 2021, description: "ADVANCE 1.2 CVT HIBRIDO" }, opts).code).toBe("09212");
    expect(matchRow(index, { brand: "NISSAN", model: "KICKS", year: 2021, description: "ADVANCE 1.6 CVT" }, opts).code).toBe("09211");
  });

  it("reads the year behind markers in many spellings, with typos, and says where it came from", () => {
    const cases: Array<[string, number]> = [["MOD-21", 2021], ["AÑO MOD 2018", 2018], ["MDL 20", 2020], ["M.2020", 2020], ["MOEDLO 17", 2017], ["A-2018", 2018], ["MODELO-2021", 2021]];
    for (const [text, year] of cases) {
      const r = matchRow(index, { brand: "VOLKSWAGEN", model: "JETTA", description: `TRENDLINE 2.5 STD ${text}` }, opts);
      expect([text, r.attributes.year, r.code]).toEqual([text, year, `05${year % 100}3`]);
      expect(r.reason).toMatch(new RegExp(`year ${year} from ".+" in the description`));
    }
    expect(matchRow(index, { brand: "VOLKSWAGEN", model: "JETTA", description: "TRENDLINE 2.5 STD MOEDLO 17" }, opts).reason).toMatch(/misspelt marker/);
  });

  it("reads maker groups and corporate names, and looks for the model among the maker's brands", () => {
    const yukon = matchRow(index, { brand: "GENERAL MOTORS", model: "YUKON", year: 2020, description: "DENALI 6.2 AUT" }, opts);
    expect(yukon.code).toBe("03203");
    expect(yukon.attributes.brand).toBe("GMC");
    expect(yukon.reason).toMatch(/maker name "GENERAL MOTORS"/);
    expect(matchRow(index, { brand: "FCA MEXICO", model: "RAM 1500", year: 2020, description: "DC SLT 5.7 AUT 4X4" }, opts).code).toBe("07201");
    expect(matchRow(index, { brand: "VOLKSWAGEN DE MEXICO SA DE CV", model: "JETTA", year: 2020, description: "TRENDLINE STD" }, opts).code).toBe("05203");
    expect(matchRow(index, { brand: "TOYOTA MOTOR SALES DE MEXICO", model: "HILUX", year: 2020, description: "DC SR 2.7 STD" }, opts).code).toBe("01203");
  });

  it("reads a trim written as the model through the catalog's versions", () => {
    const gti = matchRow(index, { brand: "VW", model: "GTI", year: 2021, description: "2.0T DSG" }, opts);
    expect(gti.code).toBe("05211");
    expect(gti.reason).toMatch(/"GTI" is a version of GOLF/);
    expect(matchRow(index, { brand: "MERCEDES BENZ", model: "C 300", year: 2020, description: "2.0T AUT" }, opts).code).toBe("06201");
  });

  it("tells near-identical versions apart through synonyms", () => {
    expect(matchRow(index, { brand: "TOYOTA", model: "TACOMA", year: 2017, description: "CABINA REGULAR SR 2.7 ESTANDAR 2WD" }, opts).code).toBe("01172");
    expect(matchRow(index, { brand: "TOYOTA", model: "TACOMA", year: 2017, description: "CAB. SENC. SR 2.7 TM 4X2" }, opts).code).toBe("01172");
  });

  it("still abstains when the catalog has no such vehicle", () => {
    expect(matchRow(index, { brand: "CHEVROLET", model: "BOLT", year: 2021, description: "LT ELECTRICO" }, opts).code).toBeNull();
    expect(matchRow(index, { brand: "GENERAL MOTORS", model: "HUMMER", year: 2021, description: "EV" }, opts).code).toBeNull();
    expect(matchRow(index, { brand: "", model: "MODEL S", year: 2018, description: "NUEVO TESLA LONG RANGE" }, opts).code).toBeNull();
    expect(matchRow(index, { brand: "TOYOTA", model: "HILUX", year: 2012, description: "DC SR" }, opts).abstained).toBe("year_not_offered");
  });
});

describe("isotonic calibration", () => {
  it("maps scores to the share right, monotone, 0 stays 0", () => {
    const points = [...Array.from({ length: 200 }, (_, i) => ({ raw: 0.3, right: i < 60 })), ...Array.from({ length: 200 }, (_, i) => ({ raw: 0.8, right: i < 190 }))];
    const map = fitIsotonic(points, 25);
    expect(calibrate(map, 0.3)).toBeCloseTo(0.3, 1);
    expect(calibrate(map, 0.8)).toBeCloseTo(0.95, 1);
    expect(calibrate(map, 0)).toBe(0);
    for (let k = 1; k < map.calibrated.length; k++) expect(map.calibrated[k]).toBeGreaterThanOrEqual(map.calibrated[k - 1]);
    // a violation (higher score, fewer right) is pooled rather than kept
    const pooled = fitIsotonic([...Array.from({ length: 50 }, () => ({ raw: 0.2, right: true })), ...Array.from({ length: 50 }, () => ({ raw: 0.4, right: false }))], 25);
    expect(new Set(pooled.calibrated).size).toBe(1);
  });

  it("takes the lower of two populations' maps", () => {
    const sure = fitIsotonic(Array.from({ length: 100 }, (_, i) => ({ raw: i < 50 ? 0.5 : 0.9, right: i >= 40 })), 25);
    const unsure = fitIsotonic(Array.from({ length: 100 }, (_, i) => ({ raw: i < 50 ? 0.5 : 0.9, right: i >= 40 && i % 5 !== 0 })), 25);
    const env = lowerEnvelope([sure, unsure], "test");
    expect(calibrate(env, 0.9)).toBeCloseTo(Math.min(calibrate(sure, 0.9), calibrate(unsure, 0.9)), 3);
    expect(calibrate(env, 0.9)).toBeLessThan(calibrate(sure, 0.9));
  });
});
