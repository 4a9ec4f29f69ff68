import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

// A local server speaking OpenAI's HTTP protocol for tests that drive the real `openai` client against it:
//   POST /v1/chat/completions — scripted answers, in order (500 when the script runs out);
//   POST /v1/embeddings       — scripted failures first, otherwise vectors computed by `embed` (a deterministic
//                               stand-in: texts that share words and letter trigrams get close vectors), returned
//                               as floats or base64 as the request's encoding_format asks (the client asks base64).
// Call once at the top of a test file; the scripts and the log reset before each test.

export type ScriptedReply =
  | { status: number; headers?: Record<string, string>; body: unknown }
  | ((req: { body: Record<string, unknown> }) => { status: number; headers?: Record<string, string>; body: unknown });

/** A chat.completion body whose single choice says `content`. */
export function completion(content: string) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_764_000_000,
    model: "gpt-test",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/**
 * Deterministic stand-in for an embedding model: each word and each letter trigram of a word adds to a hashed
 * dimension. Lexical, not semantic — enough to test retrieval plumbing, not to measure a real model's quality.
 */
export function lexicalEmbedding(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    const h = createHash("md5").update(feature).digest();
    const i = h.readUInt32LE(0) % dimensions;
    v[i] += (h[4] & 1 ? 1 : -1) * weight;
  };
  for (const word of text.toUpperCase().split(/[^A-Z0-9.]+/).filter(Boolean)) {
    add(`w:${word}`, 2);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`g:${padded.slice(i, i + 3)}`, 1);
  }
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
}

export interface OpenAIServer {
  baseURL: string;
  /** Chat completion answers in order; when they run out the server answers 500. */
  script: ScriptedReply[];
  /** Embedding replies used before computing vectors (e.g. a 429 or a 500). */
  embeddingScript: ScriptedReply[];
  embed: (text: string, dimensions: number) => number[];
  received: Array<{ path: string; auth: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Start the server on a free local port (benchmarks use this directly; tests use scriptedOpenAI). */
export async function startOpenAIServer(): Promise<OpenAIServer> {
  const api: OpenAIServer = {
    baseURL: "",
    script: [],
    embeddingScript: [],
    embed: lexicalEmbedding,
    received: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const embeddings = (body: Record<string, unknown>) => {
    const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
    const dims = typeof body.dimensions === "number" ? body.dimensions : 1536;
    const data = input.map((text, index) => {
      const vec = api.embed(text, dims);
      const embedding = body.encoding_format === "base64" ? Buffer.from(new Float32Array(vec).buffer).toString("base64") : vec;
      return { object: "embedding", index, embedding };
    });
    const tokens = input.reduce((s, t) => s + t.split(/\s+/).length, 0);
    return { status: 200, body: { object: "list", data, model: String(body.model), usage: { prompt_tokens: tokens, total_tokens: tokens } } };
  };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      api.received.push({ path: req.url ?? "", auth: String(req.headers.authorization ?? ""), body });
      let r: { status: number; headers?: Record<string, string>; body: unknown };
      if (req.method === "POST" && req.url === "/v1/chat/completions") {
        const next = api.script.shift();
        r = typeof next === "function" ? next({ body }) : (next ?? { status: 500, body: { error: { message: "no scripted response" } } });
      } else if (req.method === "POST" && req.url === "/v1/embeddings") {
        const next = api.embeddingScript.shift();
        r = typeof next === "function" ? next({ body }) : (next ?? embeddings(body));
      } else {
        r = { status: 404, body: { error: { message: "not found" } } };
      }
      res.writeHead(r.status, { "content-type": "application/json", ...(r.headers ?? {}) }).end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return api;
}

/** The server for one test file: started before its tests, scripts and log reset before each test. */
export function scriptedOpenAI() {
  const api = {
    baseURL: "",
    script: [] as ScriptedReply[],
    embeddingScript: [] as ScriptedReply[],
    embed: lexicalEmbedding,
    received: [] as OpenAIServer["received"],
  };
  let server: OpenAIServer | undefined;
  beforeAll(async () => {
    server = await startOpenAIServer();
    // the test's handle and the server share the same arrays; `embed` is read through the handle
    server.script = api.script;
    server.embeddingScript = api.embeddingScript;
    server.received = api.received;
    server.embed = (text, dims) => api.embed(text, dims);
    api.baseURL = server.baseURL;
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    api.script.length = 0;
    api.embeddingScript.length = 0;
    api.embed = lexicalEmbedding;
    api.received.length = 0;
  });
  return api;
}
