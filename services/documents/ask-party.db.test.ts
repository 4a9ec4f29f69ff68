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

// A question that names a party is answered from that party's documents — found in a QA walk: "What is the IBAN of
// Lieferant GmbH?" was answered with another company's IBAN when several invoices carried one.

let database: Database;
let ws = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ask-party-")));

const invoice = (no: string, vendor: string, buyer: string, iban: string | null, total: string) =>
  [`RECHNUNG`, `Rechnung Nr: ${no}`, `Lieferant: ${vendor}`, `Kunde: ${buyer}`, `Rechnungsdatum: 02.05.2024`, `Gesamtbetrag: ${total} EUR`, ...(iban ? [`Bankverbindung: Sparkasse`, `IBAN: ${iban}`] : [])].join("\n");

beforeAll(async () => {
  database = await createTestDatabase();
  const u = await createTestUser(database.db, "party@docs.test");
  ws = u.workspaceId;
  const add = (filename: string, text: string) => storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: u.userId, filename, text });
  // Lieferant GmbH sells without printing its IBAN; it buys from Nordholz AG, whose invoice carries Nordholz's IBAN
  await add("lieferant-1001.pdf", invoice("1001", "Lieferant GmbH", "Kaufhaus Meyer KG", null, "1.200,00"));
  await add("nordholz-2002.pdf", invoice("2002", "Nordholz AG", "Lieferant GmbH", "DE89 3704 0044 0532 0130 00", "980,00"));
  await add("bergmann-3003.pdf", invoice("3003", "Bergmann Werkzeuge GmbH", "Kaufhaus Meyer KG", "DE12 5001 0517 0648 4898 90", "455,10"));
  await add("schulz-4004.pdf", invoice("4004", "Schulz Logistik GmbH", "Kaufhaus Meyer KG", "DE44 5001 0517 5407 3249 31", "310,00"));
  // two vendors both numbered their invoice 7001
  await add("alpha-7001.pdf", invoice("7001", "Alpha Druck GmbH", "Kaufhaus Meyer KG", null, "529,87"));
  await add("omega-7001.pdf", invoice("7001", "Omega Papier AG", "Kaufhaus Meyer KG", null, "88,00"));
  // a correction quoting the invoice it corrects: that number is the invoice's, not the correction's
  const originalText = invoice("R87654321012345", "Musterlieferant GmbH", "Muster-Kunde GmbH", null, "518,99");
  const correctionText = [`RECHNUNGSKORREKTUR`, `Korrektur Nr: K-5501`, `zu Rechnung R87654321012345 vom 06.08.2013`, `Lieferant: Musterlieferant GmbH`, `Gesamtbetrag: -8,79 EUR`].join("\n");
  const original = await add("muster-R8765.pdf", originalText);
  const correction = await add("korrektur-K5501.pdf", correctionText);
  const read = (documentId: string, invoiceNumber: string, total: string, text: string) =>
    saveExtraction(database.db, {
      workspaceId: ws, documentId, classification: "invoice", pages: 1, text, ocrPages: [], extractor: "offline",
      invoices: [{ kind: "invoice", pageStart: 1, pageEnd: 1, invoiceNumber, issueDate: "2013-08-06", dueDate: null, vendorName: "Musterlieferant GmbH", vendorTaxId: null, vendorAddress: null, billToName: "Muster-Kunde GmbH", currency: "EUR", subtotal: null, taxAmount: null, total, lineItems: [], confidence: {}, issues: [] }],
    });
  await read(original, "R87654321012345", "518.99", originalText);
  await read(correction, "K-5501", "-8.79", correctionText);
  for (const d of await database.db.select({ id: documents.id }).from(documents).where(eq(documents.workspaceId, ws))) {
    await indexDocument({ db: database.db, blobs }, { workspaceId: ws, documentId: d.id });
  }
}, 120_000);
afterAll(async () => database?.close());

const ask = (question: string) => askQuestion(database.db, { workspaceId: ws, askedBy: null, question, record: false });

describe("a question that names a party", () => {
  it("is answered from that party's own document", async () => {
    const a = await ask("What is the IBAN of Bergmann Werkzeuge GmbH?");
    expect(a.found).toBe(true);
    expect(a.value?.replace(/\s/g, "")).toBe("DE12500105170648489890");
    expect(a.citations[0].filename).toBe("bergmann-3003.pdf");
    const t = await ask("What is the invoice total of Schulz Logistik GmbH?");
    expect(t.value).toBe("310.00");
  });

  it("is not found when the party's documents lack the value — not another company's value", async () => {
    // Lieferant GmbH is on Nordholz's invoice as the buyer: the IBAN there is Nordholz's
    const a = await ask("What is the IBAN of Lieferant GmbH?");
    expect(a).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
    // a party in no document at all
    expect((await ask("What is the IBAN of Zimmermann Elektro GmbH?")).found).toBe(false);
  });
});

describe("an invoice number two vendors share", () => {
  it("is called ambiguous, with both vendors' answers", async () => {
    const a = await ask("What is the total of invoice 7001?");
    expect(a.answer).toMatch(/2 documents/);
    expect(a.answer).toContain("Alpha Druck GmbH");
    expect(a.answer).toContain("Omega Papier AG");
    expect(a.answer).toContain("529,87");
    expect(a.answer).toContain("88,00");
    expect(a.value).toBeNull();
    expect(new Set(a.citations.map((c) => c.filename))).toEqual(new Set(["alpha-7001.pdf", "omega-7001.pdf"]));
  });

  it("is not ambiguous when the other document only quotes it (a correction of that invoice)", async () => {
    const a = await ask("What is the total of invoice R87654321012345?");
    expect(a.answer).not.toMatch(/Ambiguous/);
    expect(a.value).toBe("518.99");
    expect(a.citations[0].filename).toBe("muster-R8765.pdf");
  });

  it("naming the vendor picks its invoice", async () => {
    const a = await ask("What is the total of invoice 7001 of Omega Papier AG?");
    expect(a.value).toBe("88.00");
    expect(a.citations[0].filename).toBe("omega-7001.pdf");
  });
});
