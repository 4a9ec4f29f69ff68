import { describe, expect, it } from "vitest";
import { brokerAWorkbook, brokerBWorkbook, brokerCCsv, sampleVehicles } from "./fixtures/sample-spreadsheets";
import { applyProfile, brokerProfileSchema, detectBrokerByLayout, suggestProfile, type BrokerProfileInput } from "./profile";
import { readWorkbook } from "./workbook";

const vehicles = sampleVehicles();

const brokerA: BrokerProfileInput = {
  name: "Agente del Bajío",
  sheet: { name: "flotilla" },
  headerRow: "auto",
  columns: [
    { header: "No.", field: "rowNo" },
    { header: "MARCA", field: "brand" },
    { header: "SUBMARCA", field: "model" },
    { header: "MODELO", field: "year" },
    { header: "DESCRIPCION", field: "version" },
    { header: "SERIE", field: "vin" },
    { header: "PLACAS", field: "plate" },
    { header: "SUMA ASEGURADA", field: "insuredValue" },
    { header: "USO", field: "use" },
  ],
  computed: [{ field: "description", concat: ["SUBMARCA", "DESCRIPCION"] }],
  validation: { required: ["brand", "model", "year"], yearRange: { min: 1990, max: 2027 }, enums: { use: ["PARTICULAR", "CARGA"] } },
};

describe("brokerProfileSchema", () => {
  it("fills defaults and rejects a field mapped twice", () => {
    const p = brokerProfileSchema.parse({ columns: [{ header: "MARCA", field: "brand" }] });
    expect(p.headerRow).toBe("auto");
    expect(p.normalize).toMatchObject({ trim: true, upper: true, stripAccents: true, valueMaps: {} });
    expect(p.validation.required).toEqual([]);
    const bad = brokerProfileSchema.safeParse({ columns: [{ header: "A", field: "brand" }, { header: "B", field: "brand" }] });
    expect(bad.success).toBe(false);
    expect(brokerProfileSchema.safeParse({ columns: [{ header: "A", field: "colour" }] }).success).toBe(false);
  });
});

describe("applyProfile", () => {
  it("turns broker A's sheet into canonical rows with row numbers, years, amounts and computed fields", async () => {
    const wb = await readWorkbook(await brokerAWorkbook(vehicles), "broker-a.xlsx");
    const res = applyProfile(wb, brokerA);
    expect(res.fits).toBe(true);
    expect(res.sheet).toBe("Flotilla");
    expect(res.headerRow).toBe(4);
    expect(res.errors).toEqual([]);
    expect(res.rows).toHaveLength(vehicles.length);
    expect(res.droppedRows[0].reason).toMatch(/TOTAL/);
    const second = res.rows[1];
    expect(second.rowNumber).toBe(6);
    expect(second.sourceId).toBe("2");
    // "MODELO" held "24"-style text for this row: the pivot makes it 20xx
    expect(second.canonical.year).toBe(vehicles[1].year);
    expect(second.canonical.brand).toBe("NISSAN"); // merged cell value
    // "$230,000.00" stored as text became a number
    expect(res.rows[0].canonical.insuredValue).toBe(vehicles[0].value);
    expect(res.rows[0].canonical.description).toBe(`${vehicles[0].model} ${vehicles[0].description}`.toUpperCase());
    expect(res.rows[0].raw["SERIE"]).toBe(vehicles[0].vin);
  });

  it("keeps good rows and reports bad ones with their spreadsheet row number", async () => {
    const wb = await readWorkbook(await brokerAWorkbook(vehicles), "broker-a.xlsx");
    wb.sheets[0].rows[6][3] = "20X1"; // row 7: bad year
    wb.sheets[0].rows[7][8] = "TAXI"; // row 8: use not allowed
    wb.sheets[0].rows[8][2] = null; // row 9: model missing
    const res = applyProfile(wb, brokerA);
    expect(res.fits).toBe(true);
    expect(res.rows).toHaveLength(vehicles.length - 3);
    expect(res.errors).toEqual([
      { rowNumber: 7, sourceId: "3", field: "year", message: '"20X1" is not a model year' },
      { rowNumber: 8, sourceId: "4", field: "use", message: '"TAXI" is not one of PARTICULAR, CARGA' },
      { rowNumber: 9, sourceId: "5", field: "model", message: "model is required" },
    ]);
  });

  it("says the file does not fit when mapped headers are missing or the sheet is absent", async () => {
    const wbB = await readWorkbook(await brokerBWorkbook(vehicles), "broker-b.xlsx");
    const res = applyProfile(wbB, { ...brokerA, sheet: {} });
    expect(res.fits).toBe(false);
    expect(res.misfitReason).toMatch(/mapped column\(s\) missing: No\., MARCA, SUBMARCA/);
    const noSheet = applyProfile(wbB, brokerA);
    expect(noSheet).toMatchObject({ fits: false, misfitReason: 'sheet "flotilla" not found (sheets: Instructions, Fleet)' });
  });

  it("maps values and uses the data-row index when there is no number column", async () => {
    const wb = await readWorkbook(brokerCCsv(vehicles), "broker-c.csv");
    const res = applyProfile(wb, {
      columns: [
        { header: "AÑO", field: "year" },
        { header: "MARCA", field: "brand" },
        { header: "DESCRIPCION", field: "description" },
        { header: "VALOR FACTURA", field: "insuredValue" },
        { header: "COBERTURA", field: "coverage" },
      ],
      normalize: { valueMaps: { coverage: { AMPLIA: "AMP" } } },
    });
    expect(res.fits).toBe(true);
    expect(res.rows[0]).toMatchObject({ rowNumber: 2, sourceId: "1", canonical: { year: vehicles[0].year, coverage: "AMP", insuredValue: vehicles[0].value } });
    expect(res.rows[13].sourceId).toBe("14");
  });

  it("suggests a whole profile for an unknown file (wizard step 2)", async () => {
    const wb = await readWorkbook(await brokerBWorkbook(vehicles), "broker-b.xlsx");
    const { profile, suggestions, headerConfidence } = suggestProfile(wb);
    expect(profile.sheet.name).toBe("Fleet");
    expect(profile.headerRow).toBe(3);
    expect(headerConfidence).toBeGreaterThan(0.9);
    expect(suggestions.every((s) => s.evidence.length > 0)).toBe(true);
    const res = applyProfile(wb, profile);
    expect(res.fits).toBe(true);
    expect(res.rows).toHaveLength(vehicles.length);
    expect(res.rows[0].canonical).toMatchObject({ rowNo: "1", brand: "NISSAN", premium: Math.round(vehicles[0].value * 0.035 * 100) / 100, deductible: 0.05 });
  });
});

describe("detectBrokerByLayout", () => {
  it("names the one broker whose profile the file fits, and reports several fits instead of choosing", async () => {
    const fileA = await readWorkbook(await brokerAWorkbook(vehicles.slice(0, 5)), "flotilla.xlsx");
    const fileB = await readWorkbook(await brokerBWorkbook(vehicles.slice(0, 5)), "fleet.xlsx");
    const profileB = suggestProfile(fileB).profile;
    const a = { brokerId: "a", name: "Agente del Bajío", version: 2, rules: brokerA };
    const b = { brokerId: "b", name: "Fleet Brokers", version: 1, rules: profileB };
    expect(detectBrokerByLayout(fileA, [a, b])).toEqual({ broker: a, fitting: [a] });
    expect(detectBrokerByLayout(fileB, [a, b]).broker?.brokerId).toBe("b");
    // the same layout under two brokers: no guess
    const twin = { ...a, brokerId: "twin", name: "Otro Agente" };
    expect(detectBrokerByLayout(fileA, [a, twin])).toEqual({ broker: null, fitting: [a, twin] });
    // a profile of one or two columns fits too much to name anyone
    const thin = { brokerId: "thin", name: "Thin", version: 1, rules: { columns: [{ header: "MARCA", field: "brand" as const }] } };
    expect(detectBrokerByLayout(fileA, [thin]).fitting).toEqual([]);
  });
});
