import { describe, expect, it } from "vitest";
import { scriptedOpenAI } from "@/lib/testing/openai-server";
import { buildCatalogIndex } from "./catalog-index";
import type { CatalogEntry } from "./catalog";
import { createOpenAIEmbedder, dot, EmbeddingError, embedderFromEnv, entryEmbeddingText, rowEmbeddingText, type Embedder } from "./embeddings";
import { matchRow } from "./matcher";
import { addMeaningCandidates, wantsMeaningLookup, type NearestTexts } from "./meaning-lookup";

const api = scriptedOpenAI();

describe("createOpenAIEmbedder", () => {
  it("asks in batches with the dimensions set, decodes the base64 the client asks for, and returns unit vectors in input order", async () => {
    api.embed = (text, dims) => Array.from({ length: dims }, (_, i) => (i === text.length % dims ? 3 : 0));
    const e = createOpenAIEmbedder({ apiKey: "sk-test", baseURL: api.baseURL, model: "text-embedding-3-small", dimensions: 16, batchSize: 2 });
    expect(e.model).toBe("text-embedding-3-small@16");
    const out = await e.embed(["A", "BB", "CCC"]);
    expect(api.received.map((r) => r.body.input)).toEqual([["A", "BB"], ["CCC"]]);
    expect(api.received[0].body).toMatchObject({ model: "text-embedding-3-small", dimensions: 16, encoding_format: "base64" });
    expect(out.map((v) => v.length)).toEqual([16, 16, 16]);
    expect(out.map((v) => v.indexOf(1))).toEqual([1, 2, 3]);
    expect(dot(out[0], out[0])).toBeCloseTo(1, 6);
  });

  it("puts vectors back in input order when the API answers them out of order", async () => {
    api.embeddingScript.push(({ body }) => {
      const input = body.input as string[];
      const b64 = (v: number[]) => Buffer.from(new Float32Array(v).buffer).toString("base64");
      const data = input.map((t, index) => ({ object: "embedding", index, embedding: b64([t.length, 1]) })).reverse();
      return { status: 200, body: { object: "list", data, model: "m", usage: { prompt_tokens: 2, total_tokens: 2 } } };
    });
    const e = createOpenAIEmbedder({ apiKey: "k", baseURL: api.baseURL, dimensions: 2 });
    const [a, b] = await e.embed(["X", "XXX"]);
    expect(a[0] / a[1]).toBeCloseTo(1, 5);
    expect(b[0] / b[1]).toBeCloseTo(3, 5);
  });

  it("names the texts and the HTTP status when a request fails after the client's retries", async () => {
    for (let i = 0; i < 2; i++) api.embeddingScript.push({ status: 429, headers: { "retry-after-ms": "5" }, body: { error: { message: "Rate limit reached" } } });
    const e = createOpenAIEmbedder({ apiKey: "k", baseURL: api.baseURL, dimensions: 8, batchSize: 3, maxRetries: 1 });
    await expect(e.embed(["a", "b", "c", "d"])).rejects.toThrow(/^Embedding texts 1–3 failed \(HTTP 429\)/);
    expect(api.received).toHaveLength(2); // the request and the client's one retry
  });

  it("refuses a reply with the wrong number of vectors or dimensions", async () => {
    api.embeddingScript.push({ status: 200, body: { object: "list", data: [{ object: "embedding", index: 0, embedding: Buffer.from(new Float32Array([1, 0]).buffer).toString("base64") }], model: "m", usage: { prompt_tokens: 1, total_tokens: 1 } } });
    const e = createOpenAIEmbedder({ apiKey: "k", baseURL: api.baseURL, dimensions: 2 });
    await expect(e.embed(["a", "b"])).rejects.toThrow(/returned 1 vectors for 2 texts/);
    api.embeddingScript.push({ status: 200, body: { object: "list", data: [{ object: "embedding", index: 0, embedding: Buffer.from(new Float32Array([1, 0, 0]).buffer).toString("base64") }], model: "m", usage: { prompt_tokens: 1, total_tokens: 1 } } });
    await expect(e.embed(["a"])).rejects.toThrow(new EmbeddingError("The embeddings API returned 3 dimensions; 2 were asked for."));
  });

  it("is off without an API key or with OPENAI_EMBEDDING_MODEL=off", () => {
    const base = { OPENAI_EMBEDDING_MODEL: "text-embedding-3-small", OPENAI_EMBEDDING_DIMENSIONS: 256 };
    expect(embedderFromEnv(base)).toBeUndefined();
    expect(embedderFromEnv({ ...base, OPENAI_API_KEY: "k", OPENAI_EMBEDDING_MODEL: "off" })).toBeUndefined();
    expect(embedderFromEnv({ ...base, OPENAI_API_KEY: "k" })?.model).toBe("text-embedding-3-small@256");
  });
});

describe("embedding texts", () => {
  it("uses the same normalized words on both sides, without years or VINs", () => {
    expect(entryEmbeddingText({ brand: "Nissan", model: "NP300", version: "Doble Cabina SE T/M A/A", description: "NP300 DOBLE CABINA SE TM AC 4X2" })).toBe("NISSAN NP300 DC SE STD AC 4X2");
    expect(rowEmbeddingText({ brand: "nissan", model: "camioneta", year: 2019, description: "doble cab. se mod 2019 3N6AD33A2KK123456" })).toBe("NISSAN CAMIONETA DC SE");
  });
});

const entry = (code: string, model: string, version: string, year: number): CatalogEntry => ({ code, brand: "NISSAN", model, version, year, body: "", use: "", description: `${model} ${version}` });

describe("addMeaningCandidates", () => {
  const entries = [
    entry("A", "NP300", "DOBLE CABINA SE", 2019),
    entry("B", "NP300", "CHASIS CABINA", 2019),
    entry("C", "VERSA", "SENSE TM", 2019),
    entry("D", "VERSA", "ADVANCE AUT", 2019),
    entry("E", "VERSA", "EXCLUSIVE AUT", 2019),
    entry("F", "NP300", "DOBLE CABINA SE", 2020),
  ];
  const index = buildCatalogIndex(entries);
  const fakeEmbedder: Embedder = { model: "m@2", dimensions: 2, embed: async (texts) => texts.map(() => new Float32Array([1, 0])) };
  const textOf = (code: string) => entryEmbeddingText(entries.find((e) => e.code === code)!);

  it("looks up only rows whose model name was not recognised", () => {
    expect(wantsMeaningLookup(matchRow(index, { brand: "NISSAN", model: "CAMIONETA", year: 2019, description: "DC SE" }))).toBe(true);
    expect(wantsMeaningLookup(matchRow(index, { model: "CAMIONETA", year: 2019, description: "DC SE" }))).toBe(true); // no brand either
    expect(wantsMeaningLookup(matchRow(index, { brand: "NISSAN", model: "NP300", year: 2031, description: "DC SE" }))).toBe(false); // year not offered
    expect(wantsMeaningLookup(matchRow(index, { brand: "TESLA", model: "MODEL 3", year: 2019 }))).toBe(false); // brand not carried
    expect(wantsMeaningLookup(matchRow(index, { brand: "NISSAN", model: "VERSA", year: 2019, description: "SENSE TM" }))).toBe(false); // sure
    expect(wantsMeaningLookup(matchRow(index, { brand: "NISSAN", model: "VERSA", year: 2019, description: "AUT" }))).toBe(false); // review band: the re-ranker's job
  });

  it("puts the nearest first for a row without a proposal, filtered to its year, and keeps the offline ones after", async () => {
    const result = matchRow(index, { brand: "NISSAN", model: "CAMIONETA", year: 2019, description: "DC SE" });
    const asked: Array<Parameters<NearestTexts>[0]> = [];
    const nearest: NearestTexts = async (q) => {
      asked.push(q);
      return [
        { text: textOf("A"), years: [2019, 2020], similarity: 0.91 },
        { text: textOf("D"), years: [2019], similarity: 0.42 },
      ];
    };
    const out = await addMeaningCandidates(index, fakeEmbedder, [{ id: "r1", row: { brand: "NISSAN", model: "CAMIONETA", year: 2019, description: "DC SE" }, result }], nearest);
    expect(out).toEqual({ gained: new Set(["r1"]), errors: [] });
    expect(asked[0]).toMatchObject({ brandKey: "NISSAN", year: 2019, limit: 5 });
    expect(result.candidates.slice(0, 2).map((c) => [c.code, c.score, c.via])).toEqual([
      ["A", 0.91, "embedding"],
      ["D", 0.42, "embedding"],
    ]);
    expect(result.candidates[0].diffTokens).toEqual([]);
    expect(result.code).toBeNull(); // a lookup alone never decides
  });

  it("leaves every result as it was when the embeddings request fails", async () => {
    const result = matchRow(index, { brand: "NISSAN", model: "CAMIONETA", year: 2019, description: "DC SE" });
    const before = JSON.stringify(result);
    const failing: Embedder = { model: "m@2", dimensions: 2, embed: async () => Promise.reject(new EmbeddingError("Embedding texts 1–1 failed (HTTP 503): down")) };
    const out = await addMeaningCandidates(index, failing, [{ id: "r3", row: { brand: "NISSAN", model: "CAMIONETA", year: 2019, description: "DC SE" }, result }], async () => []);
    expect(out.errors).toEqual(["lookup by meaning skipped for 1 row(s): Embedding texts 1–1 failed (HTTP 503): down"]);
    expect(JSON.stringify(result)).toBe(before);
  });
});
