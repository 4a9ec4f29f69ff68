import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { documents } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { storeReadDocument } from "@/db/testing/documents";
import { localBlobStore } from "@/lib/blob";
import { indexDocument } from "./index-document";
import { retrievePassages } from "./retrieve-passages";

// The words of a question that name the kind of document ("the services agreement", "el contrato de trabajo") are the
// document's to say, not the passage's: retrieval's coverage leaves them out in a document that says them — and counts
// them missing in a document of another kind.

let database: Database;
let ws = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-retrieve-kinds-")));
const filler = "Each party shall perform its obligations with reasonable skill, care and diligence.\nNotices shall be given in writing to the addresses stated above.";

beforeAll(async () => {
  database = await createTestDatabase();
  const u = await createTestUser(database.db, "kinds@docs.test");
  ws = u.workspaceId;
  const add = (filename: string, text: string) => storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: u.userId, filename, text });
  await add("msa.pdf", ["MASTER SERVICES AGREEMENT\nThis Agreement is made between Brightline Analytics Ltd (the \"Service Provider\") and Kestrel Data Ltd (the \"Client\").", filler, "Governing law. This Agreement shall be governed by and construed in accordance with the laws of England and Wales."].join("\n\f"));
  await add("contrato.pdf", ["CONTRATO DE TRABAJO\nEmpresa: Ingeniería Montseny SL\nTrabajador: Javier Morales Ruiz", "Periodo de prueba. Se establece un periodo de prueba de seis meses."].join("\n\f"));
  await add("inv-8812.pdf", ["INVOICE\nInvoice number: INV-8812\nVendor: Acme Supplies Ltd", "Gesamtbetrag: 340,00 EUR\nZahlbar bis 30.06.2024"].join("\n\f"));
  await add("invoice.pdf", ["INVOICE\nInvoice number: INV-77\nThese terms are governed by the laws of Ireland.\nTotal due: 120.00 EUR"].join("\n\f"));
  for (const d of await database.db.select({ id: documents.id }).from(documents).where(eq(documents.workspaceId, ws))) await indexDocument({ db: database.db, blobs }, { workspaceId: ws, documentId: d.id });
});
afterAll(async () => database?.close());

const passageOn = async (question: string, filename: string, page: number, needle: string) => {
  const r = await retrievePassages(database.db, { workspaceId: ws, text: question, limit: 80 });
  const ids = new Map((await database.db.select({ id: documents.id, filename: documents.filename }).from(documents)).map((d) => [d.id, d.filename]));
  const p = r.passages.find((x) => ids.get(x.documentId) === filename && x.page === page && x.text.includes(needle));
  expect(p, `${question}: no passage of ${filename} page ${page}`).toBeDefined();
  return p!;
};

describe("retrieval's coverage of the words naming the kind of document", () => {
  it("leaves them out in a document that says them", async () => {
    expect((await passageOn("Which law governs the services agreement?", "msa.pdf", 3, "Governing law")).coverage).toBe(1);
    expect((await passageOn("¿Cuál es el periodo de prueba del contrato de trabajo?", "contrato.pdf", 2, "Periodo de prueba")).coverage).toBe(1);
  });

  it("takes them as said when they are all that is left of the question besides its id and generic words", async () => {
    // "the total amount of invoice INV-8812": the id picks the document, "total amount" is generic, "invoice" its kind
    expect((await passageOn("What is the total amount of invoice INV-8812?", "inv-8812.pdf", 2, "Gesamtbetrag")).coverageWithoutAnchor).toBe(1);
  });

  it("counts them missing in a document of another kind", async () => {
    expect((await passageOn("Which law governs the services agreement?", "invoice.pdf", 1, "governed")).coverage).toBeLessThan(0.6);
  });
});
