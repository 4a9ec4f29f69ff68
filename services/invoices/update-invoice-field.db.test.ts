import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("invoice-edit"));

import type { Database } from "@/db/client";
import { storeDocument } from "@/db/queries/documents";
import { saveExtraction } from "@/db/queries/invoices/save-extraction";
import { invoices } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { createTestUser } from "@/db/testing/users";
import { executeAction } from "@/lib/action";
import { updateInvoiceFieldAction } from "@/lib/actions/invoices";
import { getBlobStore } from "@/lib/blob";
import { processDocument } from "@/lib/extraction";
import { fixturesDir } from "@/lib/extraction/testing";

// A reviewer's field edit through its action, which runs in one transaction with the role check: learning the vendor's
// layout from it happens inside that transaction too, and a failure there must not cost the edit.

let database: Database;
const pdf = new Uint8Array(fs.readFileSync(path.join(fixturesDir, "text", "de-invoice-1.pdf")));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe("editing an invoice field through its action", () => {
  it("keeps the edit when learning from it fails in the database, and learns once it can", async () => {
    const db = database.db;
    const me = await createTestUser(db, "edit@inv.test");
    const { document } = await storeDocument(db, await getBlobStore(), {
      workspaceId: me.workspaceId, filename: "de-invoice-1.pdf", contentType: "application/pdf", data: Buffer.from(pdf), source: "upload", uploadedBy: me.userId,
    });
    const read = await processDocument(pdf, { fileName: "de-invoice-1.pdf" });
    const saved = await saveExtraction(db, {
      workspaceId: me.workspaceId, documentId: document.id, classification: "invoice", pages: 1, text: read.text, ocrPages: [], extractor: "offline",
      invoices: [{ ...read.invoices[0], invoiceNumber: "5033" }],
    });
    const id = saved.invoiceIds[0];
    const session = { userId: me.userId, workspaceId: me.workspaceId };

    await db.execute(sql.raw(`create function refuse_memory() returns trigger language plpgsql as $$ begin raise exception 'memory store down'; end $$`));
    await db.execute(sql.raw(`create trigger refuse_memory before insert on vendor_field_memories for each row execute function refuse_memory()`));
    const r = await executeAction(updateInvoiceFieldAction, { id, field: "invoiceNumber", value: "RE-2025-5033" }, session, db);
    expect(r).toMatchObject({ ok: true, data: { learn: { learned: false, message: expect.stringMatching(/^Not learned: /) } } });
    // what the reviewer reads says what happened, not the failed statement, its parameters or the database's words
    const message = r.ok ? (r.data as { learn: { message: string } }).learn.message : "";
    expect(message).not.toMatch(/insert|vendor_field_memories|memory store down/i);
    const number = async () => (await db.select({ n: invoices.invoiceNumber }).from(invoices).where(eq(invoices.id, id)))[0].n;
    expect(await number()).toBe("RE-2025-5033");

    await db.execute(sql.raw(`drop trigger refuse_memory on vendor_field_memories`));
    await executeAction(updateInvoiceFieldAction, { id, field: "invoiceNumber", value: "5033" }, session, db);
    const again = await executeAction(updateInvoiceFieldAction, { id, field: "invoiceNumber", value: "RE-2025-5033" }, session, db);
    expect(again).toMatchObject({ ok: true, data: { learn: { learned: true } } });
  });
});
