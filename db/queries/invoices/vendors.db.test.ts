import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { localBlobStore } from "@/lib/blob";
import { processDocument } from "@/lib/extraction";
import { fixturesDir } from "@/lib/extraction/testing";
import { learnFromCorrection } from "@/services/invoices/learn-from-correction";
import { listAudit } from "@/db/queries/audit";
import { storeDocument } from "@/db/queries/documents";
import { updateInvoiceField } from "@/db/queries/invoices/review";
import { saveExtraction } from "@/db/queries/invoices/save-extraction";
import { loadVendorMemories } from "@/db/queries/invoices/vendors";

let database: Database;
let ws: string;
let other: string;
let user: string;
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-mem-")));
const pdf = new Uint8Array(fs.readFileSync(path.join(fixturesDir, "text", "de-invoice-1.pdf")));

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId: user, workspaceId: ws } = await createTestUser(database.db, "mem@inv.test"));
  other = (await createTestUser(database.db, "other@inv.test")).workspaceId;
});
afterAll(async () => database?.close());

describe("vendor memory", () => {
  it("learns a corrected field's label and position, uses it on the vendor's next invoice visibly, per workspace, audited", async () => {
    const { document } = await storeDocument(database.db, blobs, { workspaceId: ws, filename: "de-invoice-1.pdf", contentType: "application/pdf", data: Buffer.from(pdf), source: "upload", uploadedBy: user });
    const read = await processDocument(pdf, { fileName: "de-invoice-1.pdf" });
    // the reader got the number wrong (as it might on an unfamiliar layout); the reviewer corrects it
    const wrong = { ...read.invoices[0], invoiceNumber: "5033", confidence: { ...read.invoices[0].confidence, invoiceNumber: 0.4 } };
    const saved = await saveExtraction(database.db, { workspaceId: ws, documentId: document.id, classification: "invoice", pages: 1, text: read.text, ocrPages: [], extractor: "offline", invoices: [wrong] });
    const id = saved.invoiceIds[0];
    await updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "invoiceNumber", value: "RE-2025-5033", validate: () => [] });
    const learned = await learnFromCorrection({ db: database.db, blobs }, { workspaceId: ws, actorId: user, invoiceId: id, field: "invoiceNumber", value: "RE-2025-5033" });
    expect(learned.learned).toBe(true);

    const memories = await loadVendorMemories(database.db, { workspaceId: ws });
    expect(memories).toHaveLength(1);
    expect(memories[0].vendorName).toBe("Müller & Schmidt GmbH");
    expect(memories[0].memories[0]).toMatchObject({ field: "invoiceNumber" });
    expect(memories[0].memories[0].note).toMatch(/^learned from your correction of RE-2025-5033 on \d{4}-\d{2}-\d{2}$/);
    expect(await loadVendorMemories(database.db, { workspaceId: other })).toEqual([]);

    // the vendor's next invoice: the learned field is read from the remembered place and says so
    const next = await processDocument(pdf, { fileName: "next.pdf", vendorMemories: memories });
    expect(next.invoices[0].invoiceNumber).toBe("RE-2025-5033");
    expect(next.invoices[0].sources?.invoiceNumber).toBe("learned");
    expect(next.invoices[0].learned?.invoiceNumber).toMatch(/learned from your correction of RE-2025-5033/);

    const audit = await listAudit(database.db, { workspaceId: ws });
    expect(audit.rows.some((a) => a.action === "vendor.field_learned")).toBe(true);
  });

  it("teaches nothing when the page does not show the value, and says why", async () => {
    const [inv] = (await saveExtraction(database.db, {
      workspaceId: ws, documentId: (await storeDocument(database.db, blobs, { workspaceId: ws, filename: "b.pdf", contentType: "application/pdf", data: Buffer.from(pdf).subarray(0, pdf.length), source: "upload", uploadedBy: user })).document.id,
      classification: "invoice", pages: 1, text: "", ocrPages: [], extractor: "offline", invoices: [(await processDocument(pdf)).invoices[0]],
    })).invoiceIds;
    const r = await learnFromCorrection({ db: database.db, blobs }, { workspaceId: ws, actorId: user, invoiceId: inv, field: "total", value: "999999.99" });
    expect(r).toEqual({ learned: false, message: 'The page does not show "999999.99", so there is no position to learn.' });
  });
});
