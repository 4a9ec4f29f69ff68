import { vi } from "vitest";

// The wizard's analyze action with OPENAI_API_KEY set, against a local chat-completions server. The server
// is started and the environment set before any module reads env() (inngest/client reads it at import).
const local = await vi.hoisted(async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const http = await import("node:http");
  const state = {
    replies: [] as Array<(columns: Array<{ index: number; header: string; values: string[] }>) => string>,
    requests: [] as Array<{ columns: Array<{ index: number; header: string; values: string[] }> }>,
  };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = JSON.parse(raw) as { messages: Array<{ content: string }> };
      const asked = JSON.parse(body.messages[1].content) as { columns: Array<{ index: number; header: string; values: string[] }> };
      state.requests.push(asked);
      const reply = state.replies.shift();
      if (!reply) {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "no scripted reply" } }));
        return;
      }
      const content = reply(asked.columns);
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: "chatcmpl-test",
          object: "chat.completion",
          created: 1_764_000_000,
          model: "gpt-test",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  process.env.AUTH_SECRET ??= "test-secret-for-insurance-model-mapping-0123456789";
  process.env.DOCKET_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "docket-model-mapping-"));
  process.env.OPENAI_API_KEY = "sk-local-test";
  process.env.OPENAI_BASE_URL = `http://127.0.0.1:${port}/v1`;
  process.env.OPENAI_MODEL = "gpt-test";
  return { server, state };
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { createTestDatabase } from "@/db/testing";
import { executeAction, type Session } from "@/lib/action";
import { analyzeProfileSampleDef } from "@/lib/actions/defs/insurance";
import { brokerCCsv } from "./fixtures/sample-spreadsheets";
import { suggestProfile } from "./profile";
import { readWorkbook } from "./workbook";

let database: Database;
let session: Session;
const csv = brokerCCsv();

beforeAll(async () => {
  database = await createTestDatabase();
  const u = await findOrCreateUserByEmail(database.db, "mapper@insurance.test", "Mia Mapper");
  session = { userId: u.id, workspaceId: await ensurePersonalWorkspace(database.db, u.id) };
});

afterAll(async () => {
  await new Promise<void>((resolve) => local.server.close(() => resolve()));
  await database?.close();
});

describe("analyzeProfileSample with OpenAI on", () => {
  it("shows the model's opinion beside each column's offline suggestion and keeps the offline fields", async () => {
    const offline = suggestProfile(await readWorkbook(csv, "flota.csv")).suggestions;
    // The model agrees on everything except AÑO, which it calls the model: a confident offline match it may not replace.
    local.state.replies.push((cols) =>
      JSON.stringify({
        columns: cols.map((c) => {
          const o = offline.find((s) => s.index === c.index)!;
          return { index: c.index, field: c.header === "AÑO" ? "model" : o.field, confidence: 0.9, reason: `column ${c.header}` };
        }),
      }),
    );
    const r = await executeAction(analyzeProfileSampleDef, { file: { filename: "flota.csv", content: csv } }, session, database.db);
    if (!r.ok) throw new Error(r.error);
    expect(local.state.requests).toHaveLength(1);
    expect(local.state.requests[0].columns.map((c) => c.header)).toEqual(["AÑO", "MARCA", "DESCRIPCION", "NIV", "VALOR FACTURA", "COBERTURA"]);
    expect(local.state.requests[0].columns[5].values[0]).toBe("AMPLIA");
    const s = r.data.suggestion!;
    expect(s.modelMessage).toBeNull();
    expect(s.suggestions.map((x) => x.field)).toEqual(offline.map((x) => x.field));
    expect(s.suggestions.map((x) => x.field)[0]).toBe("year");
    expect(s.suggestions[0].model).toEqual({ field: "model", confidence: 0.9, reason: "column AÑO", disagrees: true });
    expect(s.suggestions[1].model).toEqual({ field: offline[1].field, confidence: 0.9, reason: "column MARCA", disagrees: false });
    // the profile the preview ran is the offline one
    expect(r.data.profile.columns.find((c) => c.header === "AÑO")?.field).toBe("year");
  });

  it("keeps the offline suggestion with a message when the model's reply is malformed", async () => {
    local.state.replies.push(() => '{"columns": "all good"}');
    const r = await executeAction(analyzeProfileSampleDef, { file: { filename: "flota.csv", content: csv } }, session, database.db);
    if (!r.ok) throw new Error(r.error);
    expect(r.data.suggestion!.modelMessage).toMatch(/^No model suggestions: the model's reply does not have the expected shape/);
    expect(r.data.suggestion!.suggestions.every((x) => x.model === undefined)).toBe(true);
    expect(r.data.suggestion!.suggestions.some((x) => x.field === "year")).toBe(true);
  });

  it("does not ask the model in step 3 (a given profile)", async () => {
    const before = local.state.requests.length;
    const profile = suggestProfile(await readWorkbook(csv, "flota.csv")).profile;
    const r = await executeAction(analyzeProfileSampleDef, { file: { filename: "flota.csv", content: csv }, profile }, session, database.db);
    if (!r.ok) throw new Error(r.error);
    expect(r.data.suggestion).toBeNull();
    expect(local.state.requests.length).toBe(before);
  });
});
