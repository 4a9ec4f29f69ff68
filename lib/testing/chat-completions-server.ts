import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

// A local server speaking OpenAI's POST /v1/chat/completions with scripted answers, for tests that drive the real
// `openai` client against it. Call once at the top of a test file; the script and the log reset before each test.

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

export function scriptedChatCompletions() {
  let server: Server;
  const api = {
    baseURL: "",
    /** Answers in order; when they run out the server answers 500. */
    script: [] as ScriptedReply[],
    received: [] as Array<{ path: string; auth: string; body: Record<string, unknown> }>,
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        api.received.push({ path: req.url ?? "", auth: String(req.headers.authorization ?? ""), body });
        if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
          return;
        }
        const next = api.script.shift();
        const r = typeof next === "function" ? next({ body }) : (next ?? { status: 500, body: { error: { message: "no scripted response" } } });
        res.writeHead(r.status, { "content-type": "application/json", ...(r.headers ?? {}) }).end(JSON.stringify(r.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    api.script.length = 0;
    api.received.length = 0;
  });
  return api;
}
