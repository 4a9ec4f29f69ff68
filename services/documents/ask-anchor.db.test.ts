import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { documents } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { saveExtraction } from "@/db/queries/invoices/save-extraction";
import { storeReadDocument } from "@/db/testing/documents";
import { localBlobStore } from "@/lib/blob";
import { NOT_FOUND } from "@/lib/documents/answer";
import { askQuestion } from "./ask-question";
import { indexDocument } from "./index-document";

// A question that names a document by an id is answered from that document — and only when a passage there covers
// what it asks besides the id. Found at scale (2,042 documents): "the broker commission rate on policy MTR-…" was
// answered with the policyholder, "la cuenta CLABE para pagar la factura F-5074" with the total, because among many
// documents the rare id outweighs the common words and a passage holding the id alone looked like support.

let database: Database;
let ws = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ask-anchor-")));

beforeAll(async () => {
  database = await createTestDatabase();
  const u = await createTestUser(database.db, "anchor@docs.test");
  ws = u.workspaceId;
  const add = (filename: string, text: string) => storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: u.userId, filename, text });
  await add("poliza-MTR-2025-118822.pdf", [
    "PÓLIZA DE SEGURO DE AUTOMÓVILES",
    "Póliza No. MTR-2025-118822",
    "Tomador: Transportes del Norte SA de CV",
    "Inicio de vigencia: 01/04/2025",
    "Fin de vigencia: 31/03/2026",
    "Prima total anual: $48,250.00 MXN",
  ].join("\n"));
  await add("cotizacion-COT-788.pdf", ["COTIZACIÓN", "Cotización número: COT-788", "Proveedor: Papelería Central SA de CV", "Fecha: 03/02/2025", "Vigencia de la oferta: hasta el 15/04/2025", "Total cotizado: $ 9,870.00 MXN"].join("\n"));
  await add("factura-F-5074.pdf", ["FACTURA", "Factura No. F-5074", "Proveedor: Papelería Central SA de CV", "Fecha de emisión: 03/02/2025", "Total a pagar: $12,345.00 MXN"].join("\n"));
  // the asked-for words are common in the workspace (other documents' passages), so the ids weigh most
  for (let i = 1; i <= 12; i++) {
    await add(`circular-${i}.pdf`, [
      `Circular ${i} to our brokers: the broker commission rate for fleet business is reviewed every quarter.`,
      `Every invoice (Rechnung, factura) must show its total.`,
      `Para pagar, use la cuenta CLABE que indica cada proveedor; la cuenta CLABE tiene 18 dígitos.`,
    ].join("\n\n"));
  }
  // an invoice read from its e-invoice XML: its fields are indexed as a passage ("Vendor: …; Buyer: …; Total: …")
  const text = ["RECHNUNG", "Rechnung Nr: R-4711", "Lieferant GmbH · Hauptstraße 1 · 10115 Berlin", "Kunde AG", "Marktplatz 2", "Rechnungsdatum: 05.03.2018", "Zu zahlen: 529,87 EUR"].join("\n");
  const einvoice = await add("rechnung-R-4711.pdf", text);
  await saveExtraction(database.db, {
    workspaceId: ws, documentId: einvoice, classification: "invoice", pages: 1, text, ocrPages: [], extractor: "offline",
    invoices: [{ kind: "invoice", pageStart: 1, pageEnd: 1, invoiceNumber: "R-4711", issueDate: "2018-03-05", dueDate: null, vendorName: "Lieferant GmbH", vendorTaxId: "DE136695976", vendorAddress: null, billToName: "Kunde AG", currency: "EUR", subtotal: null, taxAmount: null, total: "529.87", lineItems: [], confidence: {}, issues: [] }],
  });
  for (const d of await database.db.select({ id: documents.id }).from(documents).where(eq(documents.workspaceId, ws))) {
    await indexDocument({ db: database.db, blobs }, { workspaceId: ws, documentId: d.id });
  }
}, 120_000);
afterAll(async () => database?.close());

const ask = (question: string) => askQuestion(database.db, { workspaceId: ws, askedBy: null, question, record: false });

describe("a question that names a document by its id", () => {
  it("is answered from that document when a passage covers what it asks", async () => {
    const a = await ask("¿Cuál es la prima total anual de la póliza MTR-2025-118822?");
    expect(a.value).toBe("48250.00");
    expect(a.citations[0].filename).toBe("poliza-MTR-2025-118822.pdf");
  });

  it("counts the words of the trade that mean the same as covered ('válida' of a quote: its 'vigencia')", async () => {
    expect((await ask("¿Hasta cuándo es válida la cotización COT-788?")).value).toBe("2025-04-15");
  });

  it("is not found when the document's passages hold the id but not the field asked for", async () => {
    expect(await ask("What is the broker commission rate on policy MTR-2025-118822?")).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
    expect(await ask("¿Cuál es la cuenta CLABE para pagar la factura F-5074?")).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
  });

  it("needs the asked field, not the generic words around it ('amount', 'value': in no document here)", async () => {
    expect((await ask("What is the total of invoice R-4711?")).value).toBe("529.87");
    expect((await ask("What is the total amount of invoice R-4711?")).value).toBe("529.87");
    expect((await ask("What is the total value of invoice R-4711?")).value).toBe("529.87");
  });
});

describe("a party asked for by its role", () => {
  it("answers the buyer with the e-invoice's buyer, the seller with its seller", async () => {
    const buyer = await ask("Who is the buyer of invoice R-4711?");
    expect(buyer.value).toBe("Kunde AG");
    expect((await ask("Wer ist der Käufer der Rechnung R-4711?")).value).toBe("Kunde AG");
    expect((await ask("Who is the seller of invoice R-4711?")).value).toBe("Lieferant GmbH");
  });
});
