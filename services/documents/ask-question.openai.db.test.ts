import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { documentChunks, documents, questions } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { storeReadDocument } from "@/db/testing/documents";
import { localBlobStore } from "@/lib/blob";
import { NOT_FOUND } from "@/lib/documents/answer";
import { createOpenAIAnswerer } from "@/lib/documents/generated-answer";
import { createOpenAIEmbedder } from "@/lib/insurance/embeddings";
import { scriptedOpenAI } from "@/lib/testing/openai-server";
import { askQuestion, type AskModel } from "./ask-question";
import { indexDocument } from "./index-document";

// OpenAI on, against the local server speaking OpenAI's protocol (same client code as production): chunks embedded at
// index time, hybrid retrieval, and generated sentences kept only when their quote is in the cited source.

const api = scriptedOpenAI();
let database: Database;
let ws = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ask-ai-")));
const POLICY = "PÓLIZA DE SEGURO\nPóliza número: AUT-2024-778812\nInicio de vigencia: 01/04/2024\nFin de vigencia: 31/03/2025\nPrima total anual: $ 48.250,00 MXN";

function model(): AskModel {
  return {
    answerer: createOpenAIAnswerer({ apiKey: "sk-test", baseURL: api.baseURL, model: "gpt-4o-mini" }),
    embedder: createOpenAIEmbedder({ apiKey: "sk-test", baseURL: api.baseURL, dimensions: 64 }),
    hasVector: database.hasVector,
  };
}

/** A chat reply built from the sources the request carried: the model "answers" from source 1. */
const reply = (sentences: (sources: string) => { text: string; quote: string; source: number }[], found = true) => (req: { body: Record<string, unknown> }) => {
  const user = (req.body.messages as { role: string; content: string }[]).find((m) => m.role === "user")!.content;
  return {
    status: 200,
    body: {
      id: "c", object: "chat.completion", created: 1, model: "gpt-4o-mini",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: JSON.stringify({ found, sentences: sentences(user) }), refusal: null } }],
      usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
    },
  };
};

beforeAll(async () => {
  database = await createTestDatabase();
  const user = await createTestUser(database.db, "ai@docs.test");
  ws = user.workspaceId;
  await storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: user.userId, filename: "poliza.pdf", text: POLICY });
});
afterAll(async () => database?.close());

describe("Ask with OpenAI", () => {
  it("embeds chunks at index time through the embeddings API", async () => {
    const m = model();
    const [doc] = await database.db.select().from(documents).where(eq(documents.workspaceId, ws));
    await indexDocument({ db: database.db, blobs, embedder: m.embedder }, { workspaceId: ws, documentId: doc.id });
    const chunks = await database.db.select().from(documentChunks).where(eq(documentChunks.workspaceId, ws));
    expect(chunks.every((c) => c.embedding?.length === 64)).toBe(true);
    expect(api.received.some((r) => r.path === "/v1/embeddings")).toBe(true);
  });

  it("keeps sentences whose quote is in the source, drops the invented one, records tokens and cost", async () => {
    api.script.push(
      reply((sources) => {
        expect(sources).toContain("Fin de vigencia: 31/03/2025");
        return [
          { text: "La póliza vence el 31/03/2025.", quote: "fin de vigencia:   31/03/2025", source: 1 },
          { text: "Se renueva automáticamente.", quote: "La póliza se renueva automáticamente cada año", source: 1 },
        ];
      }),
    );
    const a = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "¿Cuándo vence la póliza?", model: model() });
    expect(a).toMatchObject({ engine: "openai", found: true, droppedClaims: 1, tokens: 1100 });
    expect(a.answer).toBe("La póliza vence el 31/03/2025. [1]");
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0].quote).toBe("Fin de vigencia: 31/03/2025");
    expect(POLICY.slice(a.citations[0].start, a.citations[0].end)).toBe("Fin de vigencia: 31/03/2025");
    expect(a.costUsd).toBeCloseTo((1000 * 0.15 + 100 * 0.6) / 1e6, 12);
    const [saved] = await database.db.select().from(questions).where(eq(questions.id, a.questionId!));
    expect(saved).toMatchObject({ engine: "openai", droppedClaims: 1, tokens: 1100 });
  });

  it("says not found when no quote checks out, and falls back to the offline answer when the model fails", async () => {
    api.script.push(reply(() => [{ text: "Vence en 2030.", quote: "vigencia hasta 2030", source: 1 }]));
    const a = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "¿Cuándo vence la póliza?", model: model() });
    expect(a).toMatchObject({ found: false, answer: NOT_FOUND, citations: [], droppedClaims: 1 });
    api.script.push({ status: 400, body: { error: { message: "bad request" } } });
    const b = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "¿Cuándo vence la póliza?", model: model() });
    expect(b).toMatchObject({ engine: "offline", found: true, value: "2025-03-31" });
  });
});
