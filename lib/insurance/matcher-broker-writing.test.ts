import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "./catalog";
import { buildCatalogIndex } from "./catalog-index";
import { looksLikeUse } from "./fields";
import { matchRow } from "./matcher";

// Rows as Mexican fleet lists write them, by rules of the trade (not one file): brand abbreviations (VW, V.W., CHEV,
// M. BENZ, MERCEDES-BENZ), the cab written into the model column (NP300 DOBLE CABINA), trims numbered in Arabic or
// glued Roman numerals (TSURU GS1 for GS I, GSII for GS II), years as '19 or as a float (2019.0, a spreadsheet's
// number exported as text), use words (carga, utilitario, pasaje) beside the vehicle.

const e = (code: string, brand: string, model: string, version: string, body: string, use: string): CatalogEntry => ({
  code, brand, model, version, year: 2019, body, use, description: `${model} ${version}`,
});
const catalog: CatalogEntry[] = [
  e("0206001", "NISSAN", "NP300", "DOBLE CAB. SE 2.5L STD. 4X2", "PICKUP", "PARTICULAR"),
  e("0206002", "NISSAN", "NP300", "DOBLE CAB. SE 2.5L STD. 4X4", "PICKUP", "PARTICULAR"),
  e("0206003", "NISSAN", "NP300", "CAB. SENC. CHASIS 2.5L STD. 4X2", "PICKUP", "CARGA"),
  e("0211001", "NISSAN", "TSURU", "GS I 1.6L STD.", "SEDAN", "PARTICULAR"),
  e("0211002", "NISSAN", "TSURU", "GS II 1.6L STD.", "SEDAN", "PARTICULAR"),
  e("0211003", "NISSAN", "TSURU", "GSI 1.6L STD.", "SEDAN", "PARTICULAR"),
  e("0208001", "NISSAN", "URVAN", "PASAJEROS 2.5L STD.", "VAN", "SERVICIO PUBLICO"),
  e("0208002", "NISSAN", "URVAN", "PANEL 2.5L STD.", "VAN", "CARGA"),
  e("0101001", "VOLKSWAGEN", "JETTA", "COMFORTLINE 1.4T AUT.", "SEDAN", "PARTICULAR"),
  e("0101002", "VOLKSWAGEN", "JETTA", "TRENDLINE 2.5L STD.", "SEDAN", "PARTICULAR"),
  e("0301001", "CHEVROLET", "AVEO", "LT 1.5L STD.", "SEDAN", "PARTICULAR"),
  e("0301002", "CHEVROLET", "AVEO", "LS 1.5L AUT.", "SEDAN", "PARTICULAR"),
  e("1802001", "MERCEDES BENZ", "CLASE C", "C 200 1.5T AUT.", "SEDAN", "PARTICULAR"),
  e("1802002", "MERCEDES BENZ", "CLASE C", "C 300 2.0T AUT.", "SEDAN", "PARTICULAR"),
];
const index = buildCatalogIndex(catalog);
const opts = { maxYear: 2027 };
const code = (row: Parameters<typeof matchRow>[1]) => matchRow(index, row, opts).code;

describe("rows as brokers write them", () => {
  it("reads brand abbreviations and spellings", () => {
    for (const brand of ["VW", "V.W.", "VOLKWAGEN", "Volkswagen"]) expect(code({ brand, model: "JETTA", year: 2019, description: "COMFORTLINE AUT" }), brand).toBe("0101001");
    for (const brand of ["CHEV", "CHEV.", "CHEVY"]) expect(code({ brand, model: "AVEO", year: 2019, description: "LT STD" }), brand).toBe("0301001");
    for (const brand of ["M. BENZ", "M.BENZ", "M-BENZ", "MERCEDES-BENZ", "MERCEDES BENZ", "MB"]) {
      expect(code({ brand, model: "CLASE C", year: 2019, description: "C 300 AUT" }), brand).toBe("1802002");
    }
  });

  it("reads the cab written into the model column", () => {
    expect(code({ brand: "NISSAN", model: "NP300 DOBLE CABINA", year: 2019, description: "SE STD 4X4" })).toBe("0206002");
    expect(code({ brand: "NISSAN", model: "NP300 CABINA SENCILLA", year: 2019, description: "CHASIS STD" })).toBe("0206003");
  });

  it("reads a trim numbered in Arabic or with glued Roman numerals, and keeps GSI apart from GS I", () => {
    expect(code({ brand: "Nissan", model: "Tsuru GS1", year: 2019, description: "STD" })).toBe("0211001");
    expect(code({ brand: "NISSAN", model: "TSURU GSII", year: 2019, description: "STD" })).toBe("0211002");
    expect(code({ brand: "NISSAN", model: "TSURU", year: 2019, description: "GS I STD" })).toBe("0211001");
    expect(code({ brand: "NISSAN", model: "TSURU", year: 2019, description: "GS2 STD" })).toBe("0211002");
    expect(code({ brand: "NISSAN", model: "TSURU", year: 2019, description: "GSI STD" })).toBe("0211003");
  });

  it("reads years written '19 or as a float, in the column or the text", () => {
    expect(code({ brand: "VW", model: "JETTA", year: "'19", description: "TRENDLINE STD" })).toBe("0101002");
    expect(code({ brand: "VW", model: "JETTA", year: "2019.0", description: "TRENDLINE STD" })).toBe("0101002");
    const floatInText = matchRow(index, { brand: "", model: "", year: "", description: "NISSAN NP300 DOBLE CABINA SE STD 4X2 2019.0" }, opts);
    expect(floatInText.code).toBe("0206001");
    expect(floatInText.attributes).toMatchObject({ year: 2019, yearSource: "description" });
    expect(code({ brand: "NISSAN", model: "NP300", year: "", description: "CAB SENC CHASIS STD 4X2 MOD. '19" })).toBe("0206003");
  });

  it("is not thrown by use words beside the vehicle, and knows them as a use column's values", () => {
    expect(code({ brand: "NISSAN", model: "NP300", year: 2019, description: "CAB SENC CHASIS STD 4X2 USO CARGA" })).toBe("0206003");
    expect(code({ brand: "NISSAN", model: "NP300", year: 2019, description: "CAB SENC CHASIS STD 4X2 UTILITARIO" })).toBe("0206003");
    expect(code({ brand: "NISSAN", model: "URVAN", year: 2019, description: "PASAJEROS STD PASAJE" })).toBe("0208001");
    for (const w of ["carga", "Utilitario", "PASAJE", "particular", "Servicio Público"]) expect(looksLikeUse(w), w).toBe(true);
  });
});
