import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { getDocumentIndex } from "@/db/queries/search";
import { documents, messageDocuments, messages, questions, answerCitations, searchTerms } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { storeReadDocument } from "@/db/testing/documents";
import { localBlobStore } from "@/lib/blob";
import { NOT_FOUND } from "@/lib/documents/answer";
import { askQuestion } from "./ask-question";
import { indexDocument } from "./index-document";
import { searchDocuments } from "./search-documents";

let database: Database;
let ws = "";
let other = "";
let userId = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-ask-")));

const POLICY = [
  "PÓLIZA DE SEGURO DE AUTOMÓVILES\nPóliza número: AUT-2024-778812\nAsegurado: Transportes del Norte SA de CV\nRFC: TNO010203AB1",
  "CONDICIONES GENERALES\nCláusula 4. Vigencia. La póliza entra en vigor el 1 de abril de 2024.\nFin de vigencia: 31/03/2025\nLa prima total anual es de $ 48.250,00 MXN pagadera en una sola exhibición.",
  "Cláusula 9. Deducible. En caso de robo total el deducible será del 10% de la suma asegurada.\nExclusiones: daños causados por guerra o terrorismo.",
].join("\n\f");
const INVOICE = "INVOICE\nInvoice No: INV-5521\nVendor: Acme Supplies Ltd\nInvoice date: 2024-05-02\nDue date: 2024-06-01\nTotal due: $1,240.50";

const addDoc = (workspaceId: string, filename: string, text: string) => storeReadDocument(database.db, blobs, { workspaceId, uploadedBy: userId, filename, text });

let policyId = "";
beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId: ws } = await createTestUser(database.db, "asker@docs.test"));
  other = (await createTestUser(database.db, "other@docs.test")).workspaceId;
  policyId = await addDoc(ws, "poliza-flota.pdf", POLICY);
  const invoiceId = await addDoc(ws, "acme-invoice.pdf", INVOICE);
  // the invoice arrived by email: its body is indexed with it
  const [m] = await database.db.insert(messages).values({ workspaceId: ws, source: "manual", messageId: "<ap-1@acme.test>", fromAddress: "billing@acme.test", subject: "May invoice", text: "Hello, please pay by wire transfer quoting purchase order PO-7781. Thanks" }).returning();
  await database.db.insert(messageDocuments).values({ messageId: m.id, documentId: invoiceId, workspaceId: ws, filename: "acme-invoice.pdf" });
  await addDoc(other, "secret-policy.pdf", POLICY.replace("AUT-2024-778812", "SECRET-999999"));
  for (const w of [ws, other]) {
    for (const d of await database.db.select({ id: documents.id }).from(documents).where(eq(documents.workspaceId, w))) {
      await indexDocument({ db: database.db, blobs }, { workspaceId: w, documentId: d.id });
    }
  }
});
afterAll(async () => database?.close());

describe("index, search and ask", () => {
  it("indexes once per content, with summary and key facts on their pages", async () => {
    const idx = await getDocumentIndex(database.db, { workspaceId: ws, documentId: policyId });
    expect(idx).toMatchObject({ state: "indexed", pages: 3, pagesDone: 3, language: "es" });
    expect(idx!.chunks).toBeGreaterThanOrEqual(3);
    expect(idx!.facts).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: "policy_number", value: "AUT-2024-778812", page: 1 }),
      expect.objectContaining({ type: "expiry_date", value: "2025-03-31", page: 2 }),
      expect.objectContaining({ type: "party", value: "Transportes del Norte SA de CV", page: 1 }),
    ]));
    expect(await indexDocument({ db: database.db, blobs }, { workspaceId: ws, documentId: policyId })).toEqual({ skipped: "already indexed (same content)" });
    // re-index on demand leaves the term statistics as they were (no double counting)
    const before = await database.db.select().from(searchTerms).where(eq(searchTerms.workspaceId, ws));
    await indexDocument({ db: database.db, blobs }, { workspaceId: ws, documentId: policyId, force: true });
    const after = await database.db.select().from(searchTerms).where(eq(searchTerms.workspaceId, ws));
    expect(new Map(after.map((t) => [t.lexeme, t.df]))).toEqual(new Map(before.map((t) => [t.lexeme, t.df])));
  });

  it("finds accented Spanish words without their accents and ranks the right document first", async () => {
    const r = await searchDocuments(database.db, { workspaceId: ws, query: "poliza vigencia", filters: {}, page: 1 });
    expect(r.rows[0].filename).toBe("poliza-flota.pdf");
    expect(r.rows.map((x) => x.filename)).not.toContain("secret-policy.pdf");
    expect(r.rows[0].hit!.snippet.some((s) => s.mark && /vigencia/i.test(s.text))).toBe(true);
    // filtered by the index's class: the invoice is not a policy
    const policies = await searchDocuments(database.db, { workspaceId: ws, query: null, filters: { kind: "policy" }, page: 1 });
    expect(policies.rows.map((x) => x.filename)).toEqual(["poliza-flota.pdf"]);
  });

  it("answers ¿cuándo vence? with the date and its page, without needing the stop word", async () => {
    const a = await askQuestion(database.db, { workspaceId: ws, askedBy: userId, question: "¿Cuándo vence la póliza?" });
    expect(a.found).toBe(true);
    expect(a.value).toBe("2025-03-31");
    expect(a.citations[0]).toMatchObject({ filename: "poliza-flota.pdf", page: 2 });
    expect(POLICY.split("\n\f")[1].slice(a.citations[0].start, a.citations[0].end)).toBe(a.citations[0].quote);
    const saved = await database.db.select().from(questions).where(eq(questions.id, a.questionId!));
    expect(saved[0]).toMatchObject({ found: true, value: "2025-03-31", askedBy: userId });
    expect(await database.db.select().from(answerCitations).where(eq(answerCitations.questionId, a.questionId!))).toHaveLength(a.citations.length);
  });

  it("reads amounts, ids and names from English and Spanish documents", async () => {
    expect((await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "What is the total due on the Acme invoice?" })).value).toBe("1240.50");
    expect((await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "¿Cuál es el número de póliza?" })).value).toBe("AUT-2024-778812");
    expect((await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "¿Cuál es la prima total anual?" })).value).toBe("48250.00");
  });

  it("finds a document by the body of the email it came with, citing page 1 without a span", async () => {
    const r = await searchDocuments(database.db, { workspaceId: ws, query: "wire transfer purchase order", filters: {}, page: 1 });
    expect(r.rows[0].filename).toBe("acme-invoice.pdf");
    const a = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "Which purchase order number must the wire transfer quote?" });
    expect(a).toMatchObject({ found: true, value: "PO-7781" });
    expect(a.citations[0]).toMatchObject({ filename: "acme-invoice.pdf", page: 1, start: 0, end: 0 });
    expect(a.citations[0].quote).toContain("PO-7781");
  });

  it("says not found rather than guessing, and never answers from another workspace", async () => {
    const a = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "What is the IBAN of the landlord's bank account?" });
    expect(a).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
    const b = await askQuestion(database.db, { workspaceId: ws, askedBy: null, question: "SECRET-999999" });
    expect(b.found).toBe(false);
  });
});
