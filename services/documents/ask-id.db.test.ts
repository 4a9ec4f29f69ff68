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

// A question names an invoice by an id that its page prints in another form ("RE-2024-0117" asked, "Rechnung
// 2024-0117" printed), among invoices whose ids share a part (the year): the document holding most of the id's parts
// is the one meant, not one that holds only the year. And when that document does not say what is asked, the next
// best one by the id's parts is asked before the question is called not found (an invoice kept in two versions, the
// older one printing its number short and not labelling its total).

let database: Database;
let ws = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ask-id-")));

beforeAll(async () => {
  database = await createTestDatabase();
  const u = await createTestUser(database.db, "ids@docs.test");
  ws = u.workspaceId;
  const add = (filename: string, text: string) => storeReadDocument(database.db, blobs, { workspaceId: ws, uploadedBy: u.userId, filename, text });
  // the asked invoice prints its number without the series' letters; others share its year or its running number
  await add("invoice-0117.pdf", ["INVOICE", "Invoice number: 2024-0117", "Seller: Alpha Tools Ltd", "Invoice date: 02.02.2024", "Due date: 04.03.2024", "Amount due: 1,190.00 EUR"].join("\n"));
  await add("invoice-0099.pdf", ["INVOICE", "Invoice number: RE-2024-0099", "Seller: Beta Parts Ltd", "Invoice date: 10.01.2024", "Due date: 09.02.2024", "Amount due: 480.00 EUR"].join("\n"));
  // last year's invoice with the same running number
  await add("invoice-2023-0117.pdf", ["INVOICE", "Invoice number: RE-2023-0117", "Seller: Beta Parts Ltd", "Invoice date: 12.03.2023", "Due date: 11.04.2023", "Amount due: 75.00 EUR"].join("\n"));
  // one invoice in two versions: the newer states every part of its number and its total; the older prints the number
  // short, next to its other numbers, and no total
  await add("policy-invoice-2018.pdf", ["INVOICE", "Invoice no. 77.441.208.3-2018-1", "Insurer: Gamma Versicherung AG", "Total amount: 612.40 EUR"].join("\n"));
  await add("policy-invoice-2014.pdf", ["PREMIUM NOTICE", "No. 77.441.208.3 of 2014", "Insurer: Gamma Versicherung AG", "Premium for the period 2014, see the schedule."].join("\n"));
  for (const d of await database.db.select({ id: documents.id }).from(documents).where(eq(documents.workspaceId, ws))) {
    await indexDocument({ db: database.db, blobs }, { workspaceId: ws, documentId: d.id });
  }
}, 120_000);
afterAll(async () => database?.close());

const ask = (question: string) => askQuestion(database.db, { workspaceId: ws, askedBy: null, question, record: false });

describe("a question that names an invoice by an id printed in another form", () => {
  it("is answered from the invoice holding most of the id's parts, not one sharing only its year or its running number", async () => {
    const a = await ask("When is invoice RE-2024-0117 due?");
    expect(a.value).toBe("2024-03-04");
    expect(a.citations[0].filename).toBe("invoice-0117.pdf");
    const t = await ask("What is the total amount of invoice RE-2024-0117?");
    expect(t.value).toBe("1190.00");
    expect(t.citations[0].filename).toBe("invoice-0117.pdf");
  });

  it("still answers the invoice that prints its whole id", async () => {
    const a = await ask("When is invoice RE-2024-0099 due?");
    expect(a.value).toBe("2024-02-09");
    expect(a.citations[0].filename).toBe("invoice-0099.pdf");
  });
});

describe("the document holding most of the id's parts does not say what is asked", () => {
  it("asks the next best document by the id's parts", async () => {
    const a = await ask("What is the total amount of invoice 77.441.208.3-2014-1?");
    expect(a.value).toBe("612.40");
    expect(a.citations[0].filename).toBe("policy-invoice-2018.pdf");
  });

  it("is not found when no document the id names says it", async () => {
    expect(await ask("What is the IBAN of invoice 77.441.208.3-2014-1?")).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
    expect(await ask("What is the IBAN of invoice RE-2024-0117?")).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
  });
});
