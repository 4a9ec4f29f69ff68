import { describe, expect, it } from "vitest";
import { applyProfile, brokerProfileSchema } from "@/lib/insurance/profile";
import type { Workbook } from "@/lib/insurance/workbook";
import {
  addAllowedValues,
  compileRules,
  fieldsWithRules,
  normalizeRuleValue,
  rulesDraftFromProfile,
  sampleValuesByField,
  splitValueList,
  valueMapRow,
  type RulesDraft,
} from "./profile-rules";

const defaults = { trim: true, upper: true, stripAccents: true };

function draft(fields: RulesDraft["fields"], extra: Partial<RulesDraft> = {}): RulesDraft {
  return { ...defaults, pivot: "", fields, ...extra };
}

/** A one-sheet workbook: header USO on row 1, one value per row below. */
function usoWorkbook(values: string[]): Workbook {
  return { filename: "t.csv", format: "csv", sheets: [{ name: "S", rows: [["USO"], ...values.map((v) => [v])], droppedRows: [] }] };
}

describe("rulesDraftFromProfile → compileRules", () => {
  it("keeps every rule a saved profile has", () => {
    const saved = brokerProfileSchema.parse({
      columns: [{ header: "USO", field: "use" }],
      normalize: { upper: false, twoDigitYearPivot: 5, valueMaps: { use: { PART: "PARTICULAR", COM: "COMERCIAL" }, coverage: { AMPLIA: "AMP" } } },
      validation: { enums: { use: ["PARTICULAR", "COMERCIAL"], body: ["SEDAN, 4 PUERTAS", "PICKUP"] } },
    });
    const d = rulesDraftFromProfile(saved);
    expect(fieldsWithRules(d)).toEqual(["body", "use", "coverage"]);
    expect(d.pivot).toBe("5");
    const c = compileRules(d);
    expect(c.problems).toEqual([]);
    expect(c.normalize).toEqual(saved.normalize);
    expect(c.enums).toEqual(saved.validation.enums);
  });

  it("starts from the schema's defaults without a profile, and a blank pivot means the default", () => {
    const c = compileRules(rulesDraftFromProfile(null));
    expect(c.normalize).toEqual({ trim: true, upper: true, stripAccents: true, valueMaps: {} });
    expect(c.normalize).not.toHaveProperty("twoDigitYearPivot");
    expect(c.enums).toEqual({});
  });
});

describe("compileRules", () => {
  it("names the field and the row of a bad replacement, and leaves it out of the profile", () => {
    const c = compileRules(
      draft({
        use: { maps: [valueMapRow("PART", "PARTICULAR"), valueMapRow("", "CARGA"), valueMapRow("COM", " "), valueMapRow("part ", "OTRO"), valueMapRow("", "")], allowed: [] },
      }),
    );
    expect(c.problems.map((p) => p.message)).toEqual([
      "Use, replacement 2: the “from” value is empty — type the value to replace with “CARGA”.",
      "Use, replacement 3: say what “COM” becomes (the “to” value is empty).",
      "Use, replacements 1 and 4 both replace “part ” (both read as “PART”); keep one.",
    ]);
    expect(c.problems.every((p) => p.field === "use" && p.rowKey !== undefined)).toBe(true);
    // the blank fifth row is not a problem, and only the sound row is compiled
    expect(c.normalize.valueMaps).toEqual({ use: { PART: "PARTICULAR" } });
  });

  it("rejects a pivot that is not 0–99", () => {
    for (const bad of ["100", "-1", "2.5", "abc"]) {
      const c = compileRules(draft({}, { pivot: bad }));
      expect(c.problems).toEqual([{ field: "pivot", message: `Two-digit-year pivot: “${bad}” is not a whole number from 0 to 99.` }]);
    }
    expect(compileRules(draft({}, { pivot: " 07 " })).normalize.twoDigitYearPivot).toBe(7);
  });

  it("warns (without blocking) when a replacement is not itself an allowed value", () => {
    const c = compileRules(draft({ use: { maps: [valueMapRow("PART", "PRIVADO"), valueMapRow("COM", "comercial")], allowed: ["PARTICULAR", "COMERCIAL"] } }));
    expect(c.problems).toEqual([]);
    expect(c.warnings.map((w) => w.message)).toEqual(["Use, replacement 1: “PRIVADO” is not an allowed value, so rows with “PART” will still be reported."]);
  });

  it("produces rules the profile schema accepts", () => {
    const c = compileRules(draft({ brand: { maps: [valueMapRow("VW", "VOLKSWAGEN")], allowed: ["NISSAN", "VOLKSWAGEN"] } }, { pivot: "30" }));
    const p = brokerProfileSchema.parse({ columns: [{ header: "MARCA", field: "brand" }], normalize: c.normalize, validation: { enums: c.enums } });
    expect(p.normalize.valueMaps.brand).toEqual({ VW: "VOLKSWAGEN" });
    expect(p.validation.enums.brand).toEqual(["NISSAN", "VOLKSWAGEN"]);
    expect(p.normalize.twoDigitYearPivot).toBe(30);
  });
});

describe("allowed values", () => {
  it("splits a comma- or line-separated list", () => {
    expect(splitValueList(" PARTICULAR, CARGA\nCOMERCIAL;;  ,TAXI ")).toEqual(["PARTICULAR", "CARGA", "COMERCIAL", "TAXI"]);
  });

  it("adds new values and reports the ones already there as applyProfile compares them", () => {
    const r = addAllowedValues(["PARTICULAR"], "particular, Carga, CARGA, Comercial", defaults);
    expect(r).toEqual({ allowed: ["PARTICULAR", "Carga", "Comercial"], added: ["Carga", "Comercial"], duplicates: ["particular", "CARGA"] });
    // a value taken whole (from the sample) is not split on its comma
    expect(addAllowedValues([], ["SEDAN, 4P"], defaults).allowed).toEqual(["SEDAN, 4P"]);
  });
});

describe("sampleValuesByField", () => {
  it("counts the values of text fields with at most 20 distinct ones, most frequent first", () => {
    const rows = [
      ...Array.from({ length: 3 }, () => ({ canonical: { use: "PARTICULAR", brand: "NISSAN", insuredValue: 1 } })),
      { canonical: { use: "CARGA", brand: "TOYOTA", insuredValue: 2 } },
      ...Array.from({ length: 25 }, (_, i) => ({ canonical: { vin: `VIN${i}`, brand: "NISSAN" } })),
    ];
    const s = sampleValuesByField(rows);
    expect(s.use).toEqual({ values: [{ value: "PARTICULAR", count: 3 }, { value: "CARGA", count: 1 }], repeats: true });
    expect(s.brand?.values[0]).toEqual({ value: "NISSAN", count: 28 });
    expect(s.vin).toBeUndefined(); // 25 distinct
    expect(s.insuredValue).toBeUndefined(); // amounts are not offered
    expect(sampleValuesByField([{ canonical: { plate: "A" } }, { canonical: { plate: "B" } }]).plate?.repeats).toBe(false);
  });
});

describe("normalizeRuleValue agrees with applyProfile", () => {
  const cells = ["Particular", " PARTICULAR ", "particular  x", "PARTICULAR X", "Énfasis", "ENFASIS", "énfasis"];
  const switches = [defaults, { trim: false, upper: true, stripAccents: true }, { trim: true, upper: false, stripAccents: true }, { trim: true, upper: true, stripAccents: false }];
  // cells are read with their outer spaces trimmed (cellText), whatever the switches say; keys are not
  const read = (c: string) => c.trim();
  for (const n of switches) {
    it(`matches value-map keys and allowed values the same way (${JSON.stringify(n)})`, () => {
      for (const key of cells) {
        const res = applyProfile(usoWorkbook(cells), {
          columns: [{ header: "USO", field: "use" }],
          normalize: { ...n, valueMaps: { use: { [key]: "MAPPED" } } },
        });
        const mapped = res.rows.map((r) => r.canonical.use === "MAPPED");
        expect(mapped).toEqual(cells.map((c) => normalizeRuleValue(read(c), n) === normalizeRuleValue(key, n)));

        const checked = applyProfile(usoWorkbook(cells), { columns: [{ header: "USO", field: "use" }], normalize: n, validation: { enums: { use: [key] } } });
        const passed = new Set(checked.rows.map((r) => r.rowNumber));
        expect(cells.map((_, i) => passed.has(i + 2))).toEqual(cells.map((c) => normalizeRuleValue(read(c), n) === normalizeRuleValue(key, n)));
      }
    });
  }
});
