import { vi } from "vitest";

// The wizard's analyze action with OPENAI_API_KEY set, against the local OpenAI-protocol server. The server
// is started and the environment set before any module reads env() (inngest/client reads it at import).
const local = await vi.hoisted(async () => {
  const { startOpenAIServer } = await import("@/lib/testing/openai-server");
  const server = await startOpenAIServer();
  (await import("@/db/testing/app-env")).useScratchAppEnv("model-mapping");
  process.env.OPENAI_API_KEY = "sk-local-test";
  process.env.OPENAI_BASE_URL = server.baseURL;
  process.env.OPENAI_MODEL = "gpt-test";
  return { server };
});

type AskedColumn = { index: number; header: string; values: string[] };
/** The columns the wizard sent in each chat request so far. */
const asked = () =>
  local.server.received
    .filter((r) => r.path === "/v1/chat/completions")
    .map((r) => JSON.parse((r.body.messages as Array<{ content: string }>)[1].content) as { columns: AskedColumn[] });
/** Answer the next chat request with what `reply` says about the columns it was sent. */
const replyWith = (reply: (columns: AskedColumn[]) => string) =>
  local.server.script.push(({ body }) => {
    const cols = (JSON.parse((body.messages as Array<{ content: string }>)[1].content) as { columns: AskedColumn[] }).columns;
    return { status: 200, body: completion(reply(cols)) };
  });

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { executeAction, type Session } from "@/lib/action";
import { completion } from "@/lib/testing/openai-server";
import { analyzeProfileSampleAction } from "@/lib/actions/insurance";
import { brokerCCsv } from "./fixtures/sample-spreadsheets";
import { suggestProfile } from "./profile";
import { readWorkbook } from "./workbook";

let database: Database;
let session: Session;
const csv = brokerCCsv();

beforeAll(async () => {
  database = await createTestDatabase();
  session = await createTestUser(database.db, "mapper@insurance.test", "Mia Mapper");
});

afterAll(async () => {
  await local.server.close();
  await database?.close();
});

describe("analyzeProfileSample with OpenAI on", () => {
  it("shows the model's opinion beside each column's offline suggestion and keeps the offline fields", async () => {
    const offline = suggestProfile(await readWorkbook(csv, "flota.csv")).suggestions;
    // The model agrees on everything except AÑO, which it calls the model: a confident offline match it may not replace.
    replyWith((cols) =>
      JSON.stringify({
        columns: cols.map((c) => {
          const o = offline.find((s) => s.index === c.index)!;
          return { index: c.index, field: c.header === "AÑO" ? "model" : o.field, confidence: 0.9, reason: `column ${c.header}` };
        }),
      }),
    );
    const r = await executeAction(analyzeProfileSampleAction, { file: { filename: "flota.csv", content: csv } }, session, database.db);
    if (!r.ok) throw new Error(r.error);
    expect(asked()).toHaveLength(1);
    expect(asked()[0].columns.map((c) => c.header)).toEqual(["AÑO", "MARCA", "DESCRIPCION", "NIV", "VALOR FACTURA", "COBERTURA"]);
    expect(asked()[0].columns[5].values[0]).toBe("AMPLIA");
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
    replyWith(() => '{"columns": "all good"}');
    const r = await executeAction(analyzeProfileSampleAction, { file: { filename: "flota.csv", content: csv } }, session, database.db);
    if (!r.ok) throw new Error(r.error);
    expect(r.data.suggestion!.modelMessage).toMatch(/^No model suggestions: the model's reply does not have the expected shape/);
    expect(r.data.suggestion!.suggestions.every((x) => x.model === undefined)).toBe(true);
    expect(r.data.suggestion!.suggestions.some((x) => x.field === "year")).toBe(true);
  });

  it("does not ask the model in step 3 (a given profile)", async () => {
    const before = asked().length;
    const profile = suggestProfile(await readWorkbook(csv, "flota.csv")).profile;
    const r = await executeAction(analyzeProfileSampleAction, { file: { filename: "flota.csv", content: csv }, profile }, session, database.db);
    if (!r.ok) throw new Error(r.error);
    expect(r.data.suggestion).toBeNull();
    expect(asked().length).toBe(before);
  });
});
