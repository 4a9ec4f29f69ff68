import { describe, expect, it } from "vitest";
import { fileName } from "./download-form";

describe("download file name", () => {
  it("takes the UTF-8 name first, then the plain one", () => {
    expect(fileName(`attachment; filename="COT-2026-000001 cotizacion.xlsx"; filename*=UTF-8''COT-2026-000001%20cotizaci%C3%B3n.xlsx`)).toBe("COT-2026-000001 cotización.xlsx");
    expect(fileName(`attachment; filename="invoices-2026-12-07.xlsx"`)).toBe("invoices-2026-12-07.xlsx");
    expect(fileName("attachment; filename=plain.csv")).toBe("plain.csv");
    expect(fileName("attachment")).toBeNull();
    expect(fileName(null)).toBeNull();
  });
});
