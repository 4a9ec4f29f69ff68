import { describe, expect, it } from "vitest";
import { quoteVehicle, sameUse, conflictingUseReason, catalogWordForUse, kindOfUse, type QuoteCatalogEntry } from "./quote-vehicle";

const pickup: QuoteCatalogEntry = { code: "020600319", brand: "NISSAN", model: "NP300", version: "CAB. SENC. CHASIS 2.5L STD. 4X2", year: 2019, body: "PICKUP", use: "CARGA" };
const jetta: QuoteCatalogEntry = { code: "010101019", brand: "VOLKSWAGEN", model: "JETTA", version: "COMFORTLINE 2.5L AUT.", year: 2019, body: "SEDAN", use: "PARTICULAR" };
const uses = ["PARTICULAR", "CARGA", "SERVICIO PUBLICO"];

describe("quoteVehicle", () => {
  it("takes the use from the matched catalog entry when the broker gave none", () => {
    const { vehicle, useConflict } = quoteVehicle({ rowNumber: 4, canonical: { brand: "NISSAN", model: "NP300", year: 2019 } }, pickup, uses);
    expect(vehicle.use).toBe("CARGA");
    expect(useConflict).toBeNull();
  });

  it("writes the catalog's brand, model and year once the row has a code, whatever the broker wrote", () => {
    for (const brand of ["V.W.", "VW", "VOLKWAGEN", "VOLKSWAGEN DE MEXICO"]) {
      const { vehicle } = quoteVehicle({ rowNumber: 2, canonical: { brand, model: "JETTA COMFORT", description: "JETTA COMFORTLINE AUT MOD 19" } }, jetta, uses);
      expect(vehicle).toMatchObject({ brand: "VOLKSWAGEN", model: "JETTA", year: 2019, use: "PARTICULAR" });
    }
  });

  it("keeps the broker's writing for a row without a code, and a VIN the matcher read from the text", () => {
    const { vehicle } = quoteVehicle({ rowNumber: 9, canonical: { brand: "TESLA", model: "MODEL 3", year: 2023, use: "PARTICULAR" }, read: { vin: "5YJ3E1EA7KF000001" } }, null, uses);
    expect(vehicle).toMatchObject({ brand: "TESLA", model: "MODEL 3", year: 2023, use: "PARTICULAR", vin: "5YJ3E1EA7KF000001" });
  });

  it("for a row without a code, writes what the matcher read in the catalog's spelling (brand, model, year) where it read it", () => {
    const read = { brand: "VOLKSWAGEN", model: "JETTA", year: 2031 };
    const { vehicle } = quoteVehicle({ rowNumber: 8, canonical: { brand: "VOLKWAGEN", model: "JETA", description: "JETTA GLI MOD 2031" }, read }, null, uses);
    expect(vehicle).toMatchObject({ brand: "VOLKSWAGEN", model: "JETTA", year: 2031 });
    // the broker's own year column stands
    expect(quoteVehicle({ rowNumber: 8, canonical: { brand: "VW", year: 2030 }, read }, null, uses).vehicle.year).toBe(2030);
  });

  it("leaves the use to the template's default when neither the broker nor the catalog gives one", () => {
    const { vehicle, useConflict } = quoteVehicle({ rowNumber: 2, canonical: { use: "" } }, { ...jetta, use: "" }, uses);
    expect(vehicle.use).toBe("");
    expect(useConflict).toBeNull();
    expect(quoteVehicle({ rowNumber: 2, canonical: { use: "CARGA" } }, { ...jetta, use: "" }, uses)).toMatchObject({ vehicle: { use: "CARGA" }, useConflict: null });
  });

  it("writes a broker's use of the same kind in the catalog's words", () => {
    expect(quoteVehicle({ rowNumber: 3, canonical: { use: "UTILITARIO" } }, pickup, uses)).toMatchObject({ vehicle: { use: "CARGA" }, useConflict: null });
    expect(quoteVehicle({ rowNumber: 3, canonical: { use: "carga" } }, pickup, uses)).toMatchObject({ vehicle: { use: "CARGA" }, useConflict: null });
    // no code: the broker's word, in the catalog's vocabulary when the catalog has that kind of use
    expect(quoteVehicle({ rowNumber: 3, canonical: { use: "PASAJE" } }, null, uses).vehicle.use).toBe("SERVICIO PUBLICO");
    expect(quoteVehicle({ rowNumber: 3, canonical: { use: "PLATAFORMA" } }, null, uses).vehicle.use).toBe("PLATAFORMA");
  });

  it("keeps a broker's use that contradicts the catalog and names the row and both values", () => {
    const { vehicle, useConflict } = quoteVehicle({ rowNumber: 14, canonical: { brand: "NISSAN", model: "NP300", use: "PARTICULAR" } }, pickup, uses);
    expect(vehicle.use).toBe("PARTICULAR");
    expect(useConflict).toEqual({ rowNumber: 14, code: "020600319", broker: "PARTICULAR", catalog: "CARGA" });
    const reason = conflictingUseReason(useConflict!);
    expect(reason).toMatch(/^row 14: /);
    expect(reason).toContain('"PARTICULAR"');
    expect(reason).toContain('"CARGA"');
    expect(reason).toContain("020600319");
    // a taxi in a sedan's catalog entry: the broker's words, the insurer's spelling
    const taxi = quoteVehicle({ rowNumber: 15, canonical: { use: "PASAJE" } }, jetta, uses);
    expect(taxi.vehicle.use).toBe("SERVICIO PUBLICO");
    expect(taxi.useConflict).toMatchObject({ broker: "PASAJE", catalog: "PARTICULAR" });
  });
});

describe("use words", () => {
  it("reads the kinds of use Mexican fleet lists write", () => {
    expect(kindOfUse("carga")).toBe("CARGA");
    expect(kindOfUse("Utilitario")).toBe("CARGA");
    expect(kindOfUse("PASAJE")).toBe("SERVICIO PUBLICO");
    expect(kindOfUse("Servicio Público")).toBe("SERVICIO PUBLICO");
    expect(kindOfUse("USO PARTICULAR")).toBe("PARTICULAR");
    expect(kindOfUse("PLATAFORMA")).toBeNull();
    expect(sameUse("PERSONAL", "PARTICULAR")).toBe(true);
    // COMERCIAL names no single kind (goods, or a salesperson's car): never rewritten, never taken as agreeing
    expect(kindOfUse("COMERCIAL")).toBeNull();
    expect(quoteVehicle({ rowNumber: 3, canonical: { use: "COMERCIAL" } }, null, uses).vehicle.use).toBe("COMERCIAL");
    expect(quoteVehicle({ rowNumber: 3, canonical: { use: "COMERCIAL" } }, pickup, uses).useConflict).toMatchObject({ broker: "COMERCIAL", catalog: "CARGA" });
    expect(sameUse("CARGA", "PARTICULAR")).toBe(false);
    expect(catalogWordForUse("TAXI", ["PARTICULAR", "SERV. PUBLICO"])).toBe("SERV. PUBLICO");
  });
});
