import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { getDocumentIndex } from "@/db/queries/search";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { storeReadDocument } from "@/db/testing/documents";
import { localBlobStore } from "@/lib/blob";
import { createOpenAISummarizer } from "@/lib/documents/generated-summary";
import { scriptedOpenAI } from "@/lib/testing/openai-server";
import { indexDocument } from "./index-document";

// The document page's summary with OpenAI on, against the local server speaking OpenAI's chat-completions protocol
// (same `openai` client code as production): sentences kept only when their quote is on the page they cite, tokens
// and cost recorded, written once per document content and again on Re-index; the extractive summary when the model
// fails or none of its sentences checks out.

const api = scriptedOpenAI();
let database: Database;
let ws = "";
let docId = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-summary-ai-")));
const PAGE1 = "CONTRATO DE ARRENDAMIENTO\nEntre Inmobiliaria Sol SA (el Arrendador) y Transportes del Norte SA de CV (el Arrendatario).\nEl inmueble se destina a bodega y oficinas durante el plazo pactado por ambas partes.";
const PAGE2 = "La renta mensual será de $ 85.000,00 MXN pagadera dentro de los primeros cinco días de cada mes.\nEl contrato vence el 31 de diciembre de 2027 y podrá renovarse por escrito con treinta días de aviso.";
const TEXT = `${PAGE1}\n\f${PAGE2}`;

const summarizer = () => createOpenAISummarizer({ apiKey: "sk-test", baseURL: api.baseURL, model: "gpt-4o-mini", maxRetries: 0 });

/** A chat reply whose sentences are built from the excerpts the request carried. */
const reply = (sentences: (excerpts: string) => { text: string; quote: string; source: number }[]) => (req: { body: Record<string, unknown> }) => {
  const user = (req.body.messages as { role: string; content: string }[]).find((m) => m.role === "user")!.content;
  return {
    status: 200,
    body: {
      id: "c", object: "chat.completion", created: 1, model: "gpt-4o-mini",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: JSON.stringify({ sentences: sentences(user) }), refusal: null } }],
      usage: { prompt_tokens: 800, completion_tokens: 120, total_tokens: 920 },
    },
  };
};

beforeAll(async () => {
  database = await createTestDatabase();
  const user = await createTestUser(database.db, "summary@docs.test");
  ws = user.workspaceId;
  docId = await storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: user.userId, filename: "contrato.pdf", text: TEXT });
});
afterAll(async () => database?.close());

const chats = () => api.received.filter((r) => r.path === "/v1/chat/completions").length;

describe("the document summary with OpenAI", () => {
  it("keeps the sentences whose quote is on their page, drops the invented one, records tokens and cost", async () => {
    api.script.push(
      reply((excerpts) => {
        expect(excerpts).toContain("[1] page 1:");
        expect(excerpts).toContain("[2] page 2:");
        return [
          { text: "Contrato de arrendamiento entre Inmobiliaria Sol SA y Transportes del Norte SA de CV.", quote: "Entre Inmobiliaria Sol SA (el Arrendador) y Transportes del Norte SA de CV (el Arrendatario).", source: 1 },
          { text: "La renta es de 85.000 MXN al mes y el contrato vence el 31/12/2027.", quote: "el contrato  VENCE el 31 de diciembre de 2027", source: 2 },
          { text: "Incluye una opción de compra.", quote: "El arrendatario tendrá opción de compra al término", source: 2 },
        ];
      }),
    );
    await indexDocument({ db: database.db, blobs, summarizer: summarizer() }, { workspaceId: ws, documentId: docId, force: true });
    const idx = (await getDocumentIndex(database.db, { workspaceId: ws, documentId: docId }))!;
    expect(idx).toMatchObject({ state: "indexed", summaryEngine: "openai", summaryModel: "gpt-4o-mini", summaryDropped: 1, summaryTokens: 920 });
    expect(Number(idx.summaryCostUsd)).toBeCloseTo((800 * 0.15 + 120 * 0.6) / 1e6, 6);
    expect(idx.summary.map((s) => s.text)).toEqual([
      "Contrato de arrendamiento entre Inmobiliaria Sol SA y Transportes del Norte SA de CV.",
      "La renta es de 85.000 MXN al mes y el contrato vence el 31/12/2027.",
    ]);
    // each sentence points at its quote: page and span inside that page's text (what the viewer highlights)
    const [a, b] = idx.summary;
    expect(a.page).toBe(1);
    expect(PAGE1.slice(a.start, a.end)).toBe("Entre Inmobiliaria Sol SA (el Arrendador) y Transportes del Norte SA de CV (el Arrendatario).");
    expect(b).toMatchObject({ page: 2, quote: "El contrato vence el 31 de diciembre de 2027" });
    expect(PAGE2.slice(b.start, b.end)).toBe("El contrato vence el 31 de diciembre de 2027");
  });

  it("is written once per content: indexing the same bytes again asks the model nothing; Re-index writes it anew", async () => {
    const before = chats();
    expect(await indexDocument({ db: database.db, blobs, summarizer: summarizer() }, { workspaceId: ws, documentId: docId })).toMatchObject({ skipped: expect.stringContaining("already indexed") });
    expect(chats()).toBe(before);
    api.script.push(reply(() => [{ text: "Arrendamiento de una bodega con oficinas.", quote: "El inmueble se destina a bodega y oficinas", source: 1 }]));
    await indexDocument({ db: database.db, blobs, summarizer: summarizer() }, { workspaceId: ws, documentId: docId, force: true });
    expect(chats()).toBe(before + 1);
    const idx = (await getDocumentIndex(database.db, { workspaceId: ws, documentId: docId }))!;
    expect(idx.summary).toEqual([{ text: "Arrendamiento de una bodega con oficinas.", page: 1, start: PAGE1.indexOf("El inmueble"), end: PAGE1.indexOf(" durante"), quote: "El inmueble se destina a bodega y oficinas" }]);
    expect(idx.summaryDropped).toBe(0);
  });

  it("keeps the extractive summary when no quote checks out or the model fails", async () => {
    api.script.push(reply(() => [{ text: "Se paga por adelantado cada año.", quote: "pago anual anticipado", source: 1 }]));
    await indexDocument({ db: database.db, blobs, summarizer: summarizer() }, { workspaceId: ws, documentId: docId, force: true });
    let idx = (await getDocumentIndex(database.db, { workspaceId: ws, documentId: docId }))!;
    expect(idx).toMatchObject({ summaryEngine: "extractive", summaryModel: null, summaryDropped: 1, summaryTokens: 920 });
    expect(idx.summary.length).toBeGreaterThan(0);
    for (const s of idx.summary) expect(s.quote).toBeUndefined();
    expect(TEXT).toContain(idx.summary[0].text);

    api.script.push({ status: 400, body: { error: { message: "bad request" } } });
    await indexDocument({ db: database.db, blobs, summarizer: summarizer() }, { workspaceId: ws, documentId: docId, force: true });
    idx = (await getDocumentIndex(database.db, { workspaceId: ws, documentId: docId }))!;
    expect(idx).toMatchObject({ state: "indexed", summaryEngine: "extractive", summaryDropped: 0, summaryTokens: null, summaryCostUsd: null });
    expect(idx.summary.length).toBeGreaterThan(0);
  });
});
