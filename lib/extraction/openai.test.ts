import { describe, expect, it } from "vitest";
import { scriptedOpenAI } from "@/lib/testing/openai-server";
import { ExtractionError } from "./errors";
import { createOpenAIExtractor, type ModelAnswer } from "./openai";
import { pageFromRows } from "./testing";

// The real openai client against the local OpenAI-protocol server with scripted responses.
const api = scriptedOpenAI();
const requests = api.received;

const conf = Object.fromEntries(
  ["invoiceNumber", "issueDate", "dueDate", "vendorName", "vendorTaxId", "vendorAddress", "billToName", "currency", "subtotal", "taxAmount", "total", "lineItems"].map((k) => [k, 0.97]),
) as ModelAnswer["invoices"][number]["confidence"];

const answer: ModelAnswer = {
  classification: "invoice",
  invoices: [
    {
      kind: "invoice", pageStart: 1, pageEnd: 1, invoiceNumber: "RE-2024-0001", issueDate: "2024-03-05", dueDate: "05.04.2024", vendorName: "Müller GmbH",
      vendorTaxId: "DE 812345678", vendorAddress: "Hauptstraße 12, 10115 Berlin", billToName: "Weber AG", currency: "eur", subtotal: "1.000,00", taxAmount: "190.00",
      total: "1190", lineItems: [{ description: "Beratung", quantity: "10", unitPrice: "100", amount: "1000.00" }], confidence: conf,
    },
  ],
};
const completion = (content: string, usage = { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 }) => ({
  status: 200,
  body: { id: "c1", object: "chat.completion", created: 1, model: "gpt-4o-mini", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content, refusal: null } }], usage },
});

const page = pageFromRows([[[40, "Müller GmbH", 16], [400, "RECHNUNG", 20]], [[40, "Rechnungsnummer: RE-2024-0001"]], [[300, "Gesamtbetrag"], [480, "1.190,00 €"]]]);

describe("OpenAI extractor against a local chat-completions server", () => {
  it("sends page text with a JSON-schema response format; normalizes and validates the answer; records tokens and cost", async () => {
    api.script.push(completion(JSON.stringify(answer)));
    const x = createOpenAIExtractor({ apiKey: "sk-test", baseURL: api.baseURL, model: "gpt-4o-mini" });
    const r = await x.extract({ pages: [page] });
    expect(requests).toHaveLength(1);
    const body = requests[0].body as { model: string; response_format: { type: string; json_schema: { strict: boolean; schema: { required: string[] } } }; messages: { content: unknown }[] };
    expect(requests[0].auth).toBe("Bearer sk-test");
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.required).toEqual(["classification", "invoices"]);
    expect(JSON.stringify(body.messages[1].content)).toContain("Rechnungsnummer: RE-2024-0001");
    expect(r.classification.kind).toBe("invoice");
    expect(r.invoices[0]).toMatchObject({
      invoiceNumber: "RE-2024-0001", dueDate: "2024-04-05", vendorTaxId: "DE812345678", currency: "EUR", subtotal: "1000.00", taxAmount: "190.00", total: "1190.00",
      lineItems: [{ description: "Beratung", quantity: "10", unitPrice: "100.00", amount: "1000.00" }],
    });
    expect(r.invoices[0].issues).toEqual([]);
    expect(r.tokens).toBe(1500);
    expect(r.costUsd).toBeCloseTo((1200 * 0.15 + 300 * 0.6) / 1e6, 12);
  });

  it("waits out a 429 with retry-after and then succeeds", async () => {
    api.script.push({ status: 429, headers: { "retry-after-ms": "50" }, body: { error: { message: "Rate limit reached", type: "requests" } } }, completion(JSON.stringify(answer)));
    const x = createOpenAIExtractor({ apiKey: "sk-test", baseURL: api.baseURL });
    const r = await x.extract({ pages: [page] });
    expect(requests).toHaveLength(2);
    expect(r.invoices).toHaveLength(1);
  });

  it("gives a clear error for malformed JSON", async () => {
    api.script.push(completion('{"classification": "invoice", "invoices": ['));
    const err = await createOpenAIExtractor({ apiKey: "k", baseURL: api.baseURL }).extract({ pages: [page] }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractionError);
    expect(err.code).toBe("model_output");
    expect(err.message).toMatch(/not valid JSON/);
  });

  it("gives a clear error when the JSON does not fit the schema", async () => {
    api.script.push(completion(JSON.stringify({ classification: "invoice", invoices: [{ kind: "bill" }] })));
    const err = await createOpenAIExtractor({ apiKey: "k", baseURL: api.baseURL }).extract({ pages: [page] }).catch((e) => e);
    expect(err.code).toBe("model_output");
    expect(err.message).toMatch(/does not match the invoice schema: invoices\.0\.kind/);
  });

  it("reports the HTTP status when the server keeps failing", async () => {
    api.script.push({ status: 500, body: { error: { message: "boom" } } }, { status: 500, body: { error: { message: "boom" } } });
    const err = await createOpenAIExtractor({ apiKey: "k", baseURL: api.baseURL, maxRetries: 1 }).extract({ pages: [page] }).catch((e) => e);
    expect(err.code).toBe("model_failed");
    expect(err.message).toMatch(/HTTP 500/);
    expect(requests).toHaveLength(2);
  });

  it("sends the page image for a scanned page and returns no invoices for a quote", async () => {
    api.script.push(completion(JSON.stringify({ classification: "quote", invoices: answer.invoices })));
    const scanned = { page: 1, width: 595, height: 842, items: [], hasText: false };
    const r = await createOpenAIExtractor({ apiKey: "k", baseURL: api.baseURL }).extract({ pages: [scanned], images: new Map([[1, { data: new Uint8Array([1, 2, 3]), mime: "image/png" }]]) });
    const content = (requests[0].body.messages as { content: { type: string; image_url?: { url: string } }[] }[])[1].content;
    expect(content.find((c) => c.type === "image_url")?.image_url?.url).toBe("data:image/png;base64,AQID");
    expect(r.classification.kind).toBe("quote");
    expect(r.invoices).toEqual([]);
  });
});
