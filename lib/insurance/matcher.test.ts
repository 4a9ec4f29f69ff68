import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "./catalog";
import { buildCatalogIndex } from "./catalog-index";
import { fleetRowKey, matchRow } from "./matcher";
import { naiveTrigramMatch, prepareNaiveCatalog } from "./naive";

const e = (code: string, brand: string, model: string, year: number, version: string, body = "SEDAN"): CatalogEntry => ({
  code,
  brand,
  model,
  version,
  year,
  body,
  use: "PARTICULAR",
  description: `${model} ${version}`,
});

const catalog: CatalogEntry[] = [];
for (const year of [2018, 2019, 2020]) {
  const yy = String(year % 100);
  catalog.push(
    e(`0101${yy}1`, "VOLKSWAGEN", "JETTA", year, "TRENDLINE L4 2.5L STD. 4PTAS. A/AC"),
    e(`0101${yy}2`, "VOLKSWAGEN", "JETTA", year, "TRENDLINE L4 2.5L AUT. 4PTAS. A/AC"),
    e(`0101${yy}3`, "VOLKSWAGEN", "JETTA", year, "COMFORTLINE L4 1.4T AUT. 4PTAS. A/AC BA"),
    e(`0101${yy}4`, "VOLKSWAGEN", "JETTA", year, "HIGHLINE L4 1.4T DSG 4PTAS. A/AC BA PIEL QC"),
    e(`0201${yy}1`, "NISSAN", "NP300", year, "DOBLE CAB. SE L4 2.5L STD. 4X2 A/AC", "PICKUP"),
    e(`0201${yy}2`, "NISSAN", "NP300", year, "DOBLE CAB. SE L4 2.5L STD. 4X4 A/AC", "PICKUP"),
    e(`0201${yy}3`, "NISSAN", "NP300", year, "CAB. SENC. SE L4 2.5L STD. 4X2 A/AC", "PICKUP"),
    e(`0301${yy}1`, "HONDA", "CR-V", year, "EXL L4 1.5T CVT 5PTAS.", "SUV"),
    e(`0301${yy}2`, "HONDA", "CR-V", year, "TOURING L4 1.5T CVT 5PTAS. PIEL QC", "SUV"),
    e(`0401${yy}1`, "PEUGEOT", "2008", year, "ALLURE L4 1.6L AUT. 5PTAS.", "SUV"),
    e(`0401${yy}2`, "PEUGEOT", "2008", year, "ACTIVE L4 1.6L STD. 5PTAS.", "SUV"),
  );
}
// a model discontinued in 2019
catalog.push(e("0501181", "CHEVROLET", "CRUZE", 2018, "LT L4 1.4T AUT. 4PTAS."), e("0501191", "CHEVROLET", "CRUZE", 2019, "LT L4 1.4T AUT. 4PTAS."));
const index = buildCatalogIndex(catalog);
const opts = { maxYear: 2027 };

describe("matchRow", () => {
  it("matches a clean row with high confidence and returns parsed attributes", () => {
    const r = matchRow(index, { brand: "VOLKSWAGEN", model: "JETTA", year: 2019, description: "TRENDLINE 2.5L AUT 4 PUERTAS A/A" }, opts);
    expect(r.code).toBe("0101192");
    expect(r.decision).toBe("auto");
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.attributes).toMatchObject({ brand: "VOLKSWAGEN", model: "JETTA", year: 2019, yearSource: "column", transmission: "AUT", displacement: "2.5", doors: 4 });
    expect(r.candidates[0].code).toBe("0101192");
    expect(r.candidates.length).toBeLessThanOrEqual(5);
    expect(r.candidates[1].diffTokens).toContain("STD");
  });

  it("expands brand aliases and abbreviations, reads the year from the description", () => {
    const r = matchRow(index, { brand: "VW", model: "", year: "", description: "JETTA COMFORT 1.4 TURBO AUTOMATICA MOD 19" }, opts);
    expect(r.code).toBe("0101193");
    expect(r.attributes.yearSource).toBe("description");
    const r2 = matchRow(index, { brand: "", description: "NISSAN NP300 D/C SE 2.5 TM 4WD A/C '20" }, opts);
    expect(r2.code).toBe("0201202");
    expect(r2.attributes).toMatchObject({ brand: "NISSAN", year: 2020, cab: "DC", traction: "4X4", transmission: "STD" });
  });

  it("tolerates typos in model and trim", () => {
    const r = matchRow(index, { brand: "VOLKSWAGEN", model: "JETA", year: 2018, description: "HIGLINE DSG PIEL QC" }, opts);
    expect(r.code).toBe("0101184");
    expect(r.confidence).toBeLessThan(1);
  });

  it("finds a year written into the model column", () => {
    const r = matchRow(index, { brand: "NISSAN", model: "NP300 MOD 19", description: "CABINA SENCILLA SE STD 4X2 A/A" }, opts);
    expect(r.attributes).toMatchObject({ model: "NP300", year: 2019 });
    expect(r.code).toBe("0201193");
    expect(matchRow(index, { brand: "VW", model: "JETTA 2018", description: "HIGHLINE DSG PIEL QC" }, opts).code).toBe("0101184");
  });

  it("takes the year from a VIN's 10th character when no other source has it", () => {
    const r = matchRow(index, { brand: "HONDA", model: "CRV", description: "TOURING PIEL QC", vin: "5J6RW2H89KA000001" }, opts);
    expect(r.attributes).toMatchObject({ year: 2019, yearSource: "vin" });
    expect(r.code).toBe("0301192");
  });

  it("does not take a model name like PEUGEOT 2008 for the year", () => {
    const r = matchRow(index, { brand: "PEUGEOT", description: "2008 ALLURE AUT 2020" }, opts);
    expect(r.attributes).toMatchObject({ model: "2008", year: 2020 });
    expect(r.code).toBe("0401201");
  });

  it("abstains when the brand, the model or the year is not in the catalog", () => {
    const brand = matchRow(index, { brand: "TESLA", model: "MODEL 3", year: 2022, description: "LONG RANGE" }, opts);
    expect(brand).toMatchObject({ code: null, decision: "no_match" });
    expect(brand.reason).toMatch(/brand TESLA is not in the catalog/);
    const model = matchRow(index, { brand: "VOLKSWAGEN", model: "AMAROK", year: 2019, description: "HIGHLINE AUT" }, opts);
    expect(model).toMatchObject({ code: null, decision: "no_match" });
    expect(model.reason).toMatch(/model not found/);
    const year = matchRow(index, { brand: "CHEVROLET", model: "CRUZE", year: 2022, description: "LT AUT" }, opts);
    expect(year).toMatchObject({ code: null, decision: "no_match" });
    expect(year.reason).toMatch(/year 2022 is not offered for CHEVROLET CRUZE \(catalog has 2018–2019\)/);
    expect(year.candidates[0].year).toBe(2019);
  });

  it("copes with a brand column holding the model too, junk brands and unknown brand words", () => {
    const both = matchRow(index, { brand: "VW JETTA", year: 2019, description: "HIGHLINE DSG PIEL QC" }, opts);
    expect(both).toMatchObject({ code: "0101194", decision: "auto" });
    const junk = matchRow(index, { brand: "N/A", model: "NP300", year: 2018, description: "CABINA SENCILLA SE STD 4X2 A/A" }, opts);
    expect(junk.code).toBe("0201183");
    expect(junk.attributes.brand).toBe("NISSAN");
    const unknown = matchRow(index, { brand: "CAMIONETA", model: "NP300", year: 2018, description: "CABINA SENCILLA SE STD 4X2 A/A" }, opts);
    expect(unknown).toMatchObject({ code: "0201183", decision: "review" });
    const absent = matchRow(index, { brand: "BYD", model: "NP300", year: 2018, description: "SE" }, opts);
    expect(absent).toMatchObject({ code: null, decision: "no_match" });
  });

  it("sends an under-specified row to review with several candidates", () => {
    const r = matchRow(index, { brand: "VW", model: "JETTA", year: 2020, description: "TRENDLINE" }, opts);
    expect(r.decision).toBe("review");
    expect(r.code).not.toBeNull();
    expect(r.confidence).toBeLessThan(0.9);
    expect(r.candidates.slice(0, 2).map((c) => c.code).sort()).toEqual(["0101201", "0101202"]);
  });

  it("flags a conflicting attribute instead of accepting it", () => {
    const r = matchRow(index, { brand: "NISSAN", model: "NP300", year: 2019, description: "SE 2.5L AUT DOBLE CABINA 4X2" }, opts);
    expect(r.decision).not.toBe("auto");
    expect(r.reason).toMatch(/transmission/);
  });

  it("honours configurable thresholds", () => {
    const row = { brand: "VW", model: "JETTA", year: 2020, description: "TRENDLINE" };
    const strict = matchRow(index, row, { ...opts, thresholds: { auto: 0.99, review: 0.95 } });
    expect(strict).toMatchObject({ decision: "no_match", code: null });
    const lax = matchRow(index, row, { ...opts, thresholds: { auto: 0.4, review: 0.1 } });
    expect(lax.decision).toBe("auto");
  });

  it("uses a learned alias first and marks it", () => {
    const row = { brand: "VW", model: "JETTA", year: 2020, description: "TRENDLINE" };
    const aliases = new Map([[fleetRowKey(row), "0101201"]]);
    const r = matchRow(index, row, { ...opts, aliases });
    expect(r).toMatchObject({ code: "0101201", learned: true, decision: "auto" });
    expect(r.candidates[0].code).toBe("0101201");
    // an alias to a code that is no longer in the catalog is ignored
    const stale = matchRow(index, row, { ...opts, aliases: { [fleetRowKey(row)]: "999" } });
    expect(stale.learned).toBeUndefined();
  });
});

describe("naiveTrigramMatch", () => {
  it("finds the most similar entry text and abstains below its threshold", () => {
    const naive = prepareNaiveCatalog(catalog);
    expect(naiveTrigramMatch(naive, { brand: "NISSAN", model: "NP300", year: 2019, description: "CAB. SENC. SE L4 2.5L STD. 4X2 A/AC" }).code).toBe("0201193");
    expect(naiveTrigramMatch(naive, { description: "zzzz qqqq" }).code).toBeNull();
  });
});
