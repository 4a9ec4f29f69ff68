import { describe, expect, it } from "vitest";
import { completion, scriptedOpenAI } from "@/lib/testing/openai-server";
import type { MatchCandidate, MatchResult } from "./matcher";
import { applyRerank, createOpenAIReranker, inReviewBand, type RerankItem } from "./reranker";

const api = scriptedOpenAI();

const cand = (code: string, score: number, description: string): MatchCandidate => ({ code, score, description, year: 2019, diffTokens: [], rowOnlyTokens: [] });
const items: RerankItem[] = [
  { id: "1", row: { brand: "VW", model: "JETTA", year: 2019, description: "STYLE 2.5 TA" }, candidates: [cand("A1", 0.5, "JETTA STYLE 2.5L STD"), cand("A2", 0.5, "JETTA STYLE 2.5L AUT")] },
  { id: "2", row: { brand: "NISSAN", model: "NP300", year: 2019, description: "DC SE" }, candidates: [cand("B1", 0.6, "NP300 DOBLE CAB SE 4X2"), cand("B2", 0.4, "NP300 DOBLE CAB SE 4X4")] },
  { id: "3", row: { brand: "KIA", model: "RIO", year: 2020, description: "LX" }, candidates: [cand("C1", 0.7, "RIO LX STD")] },
];

describe("createOpenAIReranker", () => {
  it("sends the candidates in batches and takes the model's picks", async () => {
    api.script.push(
      { status: 200, body: completion(JSON.stringify({ results: [{ id: "1", code: "A2", confidence: 0.93, reason: "TA is automatic" }, { id: 2, code: null, confidence: 0.8 }] })) },
      { status: 200, body: completion(JSON.stringify({ results: [{ id: "3", code: "C1", confidence: 0.9 }] })) },
    );
    const rr = createOpenAIReranker({ apiKey: "sk-test", baseURL: api.baseURL, model: "gpt-test", batchSize: 2 });
    const out = await rr.rerank(items);
    expect(out.errors).toEqual([]);
    expect(out.requests).toBe(2);
    expect(out.decisions).toEqual([
      { id: "1", code: "A2", confidence: 0.93, reason: "TA is automatic", source: "openai" },
      { id: "2", code: null, confidence: 0.8, reason: undefined, source: "openai" },
      { id: "3", code: "C1", confidence: 0.9, reason: undefined, source: "openai" },
    ]);
    expect(api.received[0]).toMatchObject({ path: "/v1/chat/completions", auth: "Bearer sk-test" });
    expect(api.received[0].body).toMatchObject({ model: "gpt-test", temperature: 0, response_format: { type: "json_object" } });
    const batchIds = api.received.map((r) => (JSON.parse((r.body.messages as Array<{ content: string }>)[1].content) as { items: Array<{ id: string }> }).items.map((i) => i.id));
    expect(batchIds).toEqual([["1", "2"], ["3"]]);
  });

  it("waits out a 429 and retries", async () => {
    api.script.push(
      { status: 429, headers: { "retry-after-ms": "10" }, body: { error: { message: "Rate limit reached", type: "requests" } } },
      { status: 200, body: completion(JSON.stringify({ results: items.map((i) => ({ id: i.id, code: i.candidates[0].code, confidence: 0.95 })) })) },
    );
    const out = await createOpenAIReranker({ apiKey: "k", baseURL: api.baseURL, maxRetries: 2 }).rerank(items);
    expect(api.received).toHaveLength(2);
    expect(out.errors).toEqual([]);
    expect(out.decisions.every((d) => d.source === "openai")).toBe(true);
  });

  it("keeps the offline matches when rate limits outlast the retries", async () => {
    for (let i = 0; i < 3; i++) api.script.push({ status: 429, headers: { "retry-after-ms": "5" }, body: { error: { message: "Rate limit reached" } } });
    const out = await createOpenAIReranker({ apiKey: "k", baseURL: api.baseURL, maxRetries: 2 }).rerank(items);
    expect(api.received).toHaveLength(3);
    expect(out.errors).toEqual([expect.stringMatching(/batch 1 \(rows 1…3\): rate limited by the API after retries; kept the offline matches/)]);
    expect(out.decisions.map((d) => [d.code, d.source])).toEqual([
      ["A1", "offline"],
      ["B1", "offline"],
      ["C1", "offline"],
    ]);
  });

  it("retries a malformed reply once, then falls back; ignores codes that were not offered", async () => {
    api.script.push(
      { status: 200, body: completion("Sure! The best match is A2.") },
      { status: 200, body: completion(JSON.stringify({ results: [{ id: "1", code: "ZZZ", confidence: 0.9 }, { id: "2", code: "B2", confidence: 2 }] })) },
    );
    const out = await createOpenAIReranker({ apiKey: "k", baseURL: api.baseURL }).rerank(items);
    expect(out.requests).toBe(2);
    expect(out.errors[0]).toMatch(/does not have the expected shape/);
    expect(out.decisions.every((d) => d.source === "offline")).toBe(true);

    api.script.push({ status: 200, body: completion(JSON.stringify({ results: [{ id: "1", code: "ZZZ", confidence: 0.9 }, { id: "2", code: "B2", confidence: 0.7 }] })) });
    const out2 = await createOpenAIReranker({ apiKey: "k", baseURL: api.baseURL }).rerank(items);
    expect(out2.errors).toEqual([
      expect.stringMatching(/row 1 got code ZZZ, which was not a candidate/),
      expect.stringMatching(/no answer for row 3/),
    ]);
    expect(out2.decisions.map((d) => [d.id, d.code, d.source])).toEqual([
      ["1", "A1", "offline"],
      ["2", "B2", "openai"],
      ["3", "C1", "offline"],
    ]);
  });
});

describe("attributes read by the model in the re-rank request", () => {
  it("takes well-formed attributes, drops wrong ones one by one, and keeps the pick", async () => {
    api.script.push({
      status: 200,
      body: completion(
        JSON.stringify({
          results: [
            { id: "1", code: "A2", confidence: 0.93, reason: "TA is automatic", attributes: { transmission: "AUT", displacement: 2.5, doors: null, cab: "DOUBLE" } },
            { id: "2", code: "B1", confidence: 0.9, attributes: "DC" },
            { id: "3", code: "C1", confidence: 0.9, attributes: {} },
          ],
        }),
      ),
    });
    const out = await createOpenAIReranker({ apiKey: "k", baseURL: api.baseURL }).rerank(items);
    expect(out.errors).toEqual([]);
    expect(out.requests).toBe(1);
    expect(out.decisions.map((d) => [d.id, d.code, d.attributes])).toEqual([
      ["1", "A2", { transmission: "AUT", displacement: "2.5" }],
      ["2", "B1", undefined],
      ["3", "C1", undefined],
    ]);
    const prompt = (api.received[0].body.messages as Array<{ content: string }>)[0].content;
    expect(prompt).toMatch(/attributes/);
  });

  it("fills only the attributes the offline extraction missed and says so in the reason", () => {
    const result: MatchResult = { code: "A1", confidence: 0.6, decision: "review", candidates: items[0].candidates, attributes: { trim: ["STYLE"], transmission: "STD" } };
    const r = applyRerank(result, { id: "1", code: "A2", confidence: 0.85, reason: "TA is automatic", attributes: { transmission: "AUT", displacement: "2.5", doors: 4 }, source: "openai" });
    expect(r.attributes).toEqual({ trim: ["STYLE"], transmission: "STD", displacement: "2.5", doors: 4 });
    expect(r.reason).toBe("re-ranked by OpenAI: TA is automatic; model read displacement 2.5, doors 4");
    expect(result.attributes).toEqual({ trim: ["STYLE"], transmission: "STD" });
    expect(applyRerank(result, { id: "1", code: "A2", confidence: 0.85, source: "openai" }).reason).toBe("re-ranked by OpenAI");
  });
});

describe("review band helpers", () => {
  const result: MatchResult = { code: "A1", confidence: 0.6, decision: "review", candidates: items[0].candidates, attributes: { trim: [] } };
  it("selects review-band rows and folds decisions back with the thresholds", () => {
    expect(inReviewBand(result)).toBe(true);
    expect(inReviewBand({ ...result, confidence: 0.95, decision: "auto" })).toBe(false);
    expect(inReviewBand({ ...result, code: null, decision: "no_match", confidence: 0 })).toBe(false);
    expect(applyRerank(result, { id: "1", code: "A2", confidence: 0.93, source: "openai" })).toMatchObject({ code: "A2", decision: "auto", confidence: 0.93 });
    expect(applyRerank(result, { id: "1", code: null, confidence: 0.8, source: "openai" })).toMatchObject({ code: null, decision: "no_match" });
    expect(applyRerank(result, { id: "1", code: "A1", confidence: 0.5, source: "offline" })).toBe(result);
  });
});
