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
import { NOT_FOUND } from "@/lib/documents/answer";
import { askQuestion } from "./ask-question";
import { indexDocument } from "./index-document";

// Two German invoices (shaped like the FeRD reference samples): one from Lieferant GmbH without bank details, one from
// Grundbesitz GmbH & Co. with an IBAN on its payment page. "Lieferant" is also the German word for supplier.

let database: Database;
let ws = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ask-party-")));
const LIEFERANT = "Handelsrechnung Nr. 471102 vom 05.03.2018\nVerkäufer\nName: Lieferant GmbH\nLieferantenstraße 20, 80333 München\nKäufer\nName: Kunde AG Mitte\nGesamtbetrag 529,87 EUR\nZahlbetrag 529,87";
const GRUNDBESITZ = "Handelsrechnung Nr. 471102 vom 05.03.2018\nVerkäufer\nName: Grundbesitz GmbH & Co.\nMusterstraße 42, 75645 Frankfurt\nZahlung per SEPA Überweisung.\nKontoname :  Kunden AG\nIBAN :  DE02120300000000202051\nVerkäufer-BIC:  BYLADEM1001";

beforeAll(async () => {
  database = await createTestDatabase();
  const u = await createTestUser(database.db, "asker@party.test");
  ws = u.workspaceId;
  await storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: u.userId, filename: "lieferant.pdf", text: LIEFERANT });
  await storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: u.userId, filename: "grundbesitz.pdf", text: GRUNDBESITZ });
  for (const d of await database.db.select({ id: documents.id }).from(documents).where(eq(documents.workspaceId, ws))) {
    await indexDocument({ db: database.db, blobs }, { workspaceId: ws, documentId: d.id });
  }
});
afterAll(async () => database?.close());

describe("a question naming a company", () => {
  it("is not answered from another company's document: Lieferant GmbH shows no IBAN", async () => {
    const a = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "What is the IBAN of Lieferant GmbH?" });
    expect(a).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
  });

  it("is answered from that company's own document", async () => {
    const a = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "What is the IBAN of Grundbesitz GmbH & Co.?" });
    expect(a).toMatchObject({ found: true, value: "DE02120300000000202051" });
    expect(a.citations[0].filename).toBe("grundbesitz.pdf");
  });

  it("a company no document mentions is not found", async () => {
    expect((await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "What is the IBAN of Acme Widgets Ltd?" })).found).toBe(false);
  });

  it("without a company, the question still finds the IBAN", async () => {
    expect(await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "What is the IBAN?" })).toMatchObject({ found: true, value: "DE02120300000000202051" });
  });
});
