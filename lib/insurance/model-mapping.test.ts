import { describe, expect, it } from "vitest";
import { completion, scriptedOpenAI } from "@/lib/testing/openai-server";
import { suggestMapping } from "./mapping";
import { describeModelOpinion, sampleRowsUnderHeader, suggestMappingWithModel } from "./model-mapping";
import type { Cell } from "./workbook";

// suggestMappingWithModel against a local server speaking POST /v1/chat/completions.

const api = scriptedOpenAI();

// A file whose "MARCA" and "AÑO" headers the offline matcher knows, and two it cannot place.
const headers: Cell[] = ["MARCA", "AÑO", "DESC VEH", "XYZ"];
const rows: Cell[][] = [
  ["NISSAN", 2019, "VERSA ADVANCE 1.6 TA", "A-1"],
  ["VOLKSWAGEN", 2020, "JETTA STYLE 2.5 STD", "A-2"],
  ["KIA", 2021, "RIO LX 4PTAS", "A-3"],
];
const offline = suggestMapping(headers, rows);

const reply = (columns: unknown[]) => ({ status: 200, body: completion(JSON.stringify({ columns })) });

describe("suggestMappingWithModel", () => {
  it("asks once for all columns and attaches the model's opinion without changing the offline fields", async () => {
    expect(offline.map((s) => s.field)).toEqual(["brand", "year", "description", null]);
    api.script.push(
      reply([
        { index: 0, field: "brand", confidence: 0.97, reason: "vehicle brands" },
        { index: 1, field: "model", confidence: 0.6, reason: "could be the model" },
        { index: 2, field: "version", confidence: 0.7, reason: "trim words" },
        { index: 3, field: null, confidence: 0.9, reason: "an internal id" },
      ]),
    );
    const out = await suggestMappingWithModel({ sampleRows: rows, offline }, { apiKey: "sk-test", baseURL: api.baseURL, model: "gpt-test" });
    expect(out.source).toBe("openai");
    expect(out.message).toBeNull();
    expect(api.received).toHaveLength(1);
    expect(api.received[0]).toMatchObject({ path: "/v1/chat/completions", auth: "Bearer sk-test" });
    expect(api.received[0].body).toMatchObject({ model: "gpt-test", temperature: 0, response_format: { type: "json_object" } });
    const sent = JSON.parse((api.received[0].body.messages as Array<{ content: string }>)[1].content) as { columns: Array<{ index: number; header: string; values: string[] }> };
    expect(sent.columns.map((c) => [c.index, c.header])).toEqual([
      [0, "MARCA"],
      [1, "AÑO"],
      [2, "DESC VEH"],
      [3, "XYZ"],
    ]);
    expect(sent.columns[1].values).toEqual(["2019", "2020", "2021"]);
    // offline fields and confidences are untouched
    expect(out.suggestions.map((s) => [s.field, s.confidence])).toEqual(offline.map((s) => [s.field, s.confidence]));
    expect(out.suggestions.map((s) => s.model)).toEqual([
      { field: "brand", confidence: 0.97, reason: "vehicle brands", disagrees: false },
      { field: "model", confidence: 0.6, reason: "could be the model", disagrees: offline[1].confidence >= 0.8 },
      { field: "version", confidence: 0.7, reason: "trim words", disagrees: offline[2].confidence >= 0.8 },
      { field: null, confidence: 0.9, reason: "an internal id", disagrees: false },
    ]);
    expect(offline[1].confidence).toBeGreaterThanOrEqual(0.8);
    expect(describeModelOpinion(out.suggestions[1].model!)).toBe("model: model (60%) — could be the model [disagrees with the offline match, which is kept]");
    expect(describeModelOpinion(out.suggestions[3].model!)).toBe("model: no field (90%) — an internal id");
  });

  it("waits out a 429 and retries", async () => {
    api.script.push(
      { status: 429, headers: { "retry-after-ms": "10" }, body: { error: { message: "Rate limit reached", type: "requests" } } },
      reply([{ index: 0, field: "brand", confidence: 0.9, reason: "" }, { index: 3, field: "rowNo", confidence: 0.4, reason: "ids" }]),
    );
    const out = await suggestMappingWithModel({ sampleRows: rows, offline }, { apiKey: "k", baseURL: api.baseURL, maxRetries: 2 });
    expect(api.received).toHaveLength(2);
    expect(out.source).toBe("openai");
    expect(out.suggestions[0].model).toEqual({ field: "brand", confidence: 0.9, reason: "", disagrees: false });
    expect(out.suggestions[3].model?.field).toBe("rowNo");
    expect(out.suggestions[1].model).toBeUndefined();
    expect(out.message).toBe('The model gave no opinion on columns "AÑO", "DESC VEH".');
  });

  it("returns the offline suggestions unchanged when rate limits outlast the retries", async () => {
    for (let i = 0; i < 2; i++) api.script.push({ status: 429, headers: { "retry-after-ms": "5" }, body: { error: { message: "Rate limit reached" } } });
    const out = await suggestMappingWithModel({ sampleRows: rows, offline }, { apiKey: "k", baseURL: api.baseURL, maxRetries: 1 });
    expect(api.received).toHaveLength(2);
    expect(out.source).toBe("offline");
    expect(out.message).toMatch(/kept rate-limiting/);
    expect(out.suggestions).toEqual(offline);
  });

  it("returns the offline suggestions unchanged, with a message, on malformed output", async () => {
    api.script.push({ status: 200, body: completion("Column A is the brand.") });
    let out = await suggestMappingWithModel({ sampleRows: rows, offline }, { apiKey: "k", baseURL: api.baseURL });
    expect(out.source).toBe("offline");
    expect(out.message).toMatch(/not JSON \(Column A is the brand\.\)/);
    expect(out.suggestions).toEqual(offline);

    api.script.push(reply([{ index: 0, field: "marca", confidence: 0.9, reason: "" }]));
    out = await suggestMappingWithModel({ sampleRows: rows, offline }, { apiKey: "k", baseURL: api.baseURL });
    expect(out.source).toBe("offline");
    expect(out.message).toMatch(/does not have the expected shape \(columns\.0\.field: /);
    expect(out.suggestions.every((s) => s.model === undefined)).toBe(true);

    api.script.push(reply([{ index: 0, field: "brand", confidence: 1.7 }]));
    out = await suggestMappingWithModel({ sampleRows: rows, offline }, { apiKey: "k", baseURL: api.baseURL });
    expect(out.message).toMatch(/columns\.0\.confidence/);
    expect(api.received).toHaveLength(3);
  });
});

describe("sampleRowsUnderHeader", () => {
  it("takes the non-blank rows under the header of the profile's sheet", () => {
    const wb = {
      filename: "flota.xlsx",
      format: "xlsx" as const,
      sheets: [
        { name: "Notas", rows: [["nada"]], droppedRows: [] },
        { name: "Flota", rows: [["FLOTILLA 2026"], headers, rows[0], [], rows[1], ["", null], rows[2]], droppedRows: [] },
      ],
    };
    expect(sampleRowsUnderHeader(wb, { sheet: { name: "flota" }, headerRow: 2 })).toEqual(rows);
    expect(sampleRowsUnderHeader(wb, { sheet: { name: "Flota" }, headerRow: 2 }, 2)).toEqual(rows.slice(0, 2));
    expect(sampleRowsUnderHeader(wb, { sheet: {}, headerRow: 1 })).toEqual([]);
    expect(sampleRowsUnderHeader(wb, { sheet: { name: "Flota" }, headerRow: "auto" })).toEqual([]);
  });
});
