import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listAudit } from "@/db/queries/audit";
import { getDocument } from "@/db/queries/documents";
import { ingestEmail, ingestFile } from "@/db/queries/intake";
import { listInvoices } from "@/db/queries/invoices/list";
import { getRun, listRuns } from "@/db/queries/runner";
import { invoices } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { localBlobStore } from "@/lib/blob";
import { openDocument } from "@/lib/documents/upload";
import { pdfPageImages, terminateOcr } from "@/lib/extraction/ocr";
import { encodeTiff, loadFixture, pngGray } from "@/lib/extraction/testing";
import { ManualClock, type RunnerHandle } from "@/lib/runner";
import { executeAction } from "@/lib/action";
import { reprocessDocumentAction } from "@/lib/actions/invoices";
import { strToU8, zipSync } from "fflate";
import { createHash } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { createExtractDocumentFunction } from "./extract-document";

// The whole path a user triggers by uploading: ingest → app/document.uploaded → this function through the
// embedded runner → invoices in the database, ready or waiting for review.

const fixtures = path.join(process.cwd(), "lib", "extraction", "fixtures", "text");
let database: Database;
let runner: RunnerHandle;
let workspaceId: string;
let userId: string;
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-extract-")));

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId } = await createTestUser(database.db, "reader@extract.test"));
  runner = await startTestRunner(database, [createExtractDocumentFunction(async () => ({ db: database.db, blobs }))], { clock: new ManualClock(Date.parse("2026-11-21T10:00:00Z")) });
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
  await terminateOcr();
});

async function upload(filename: string, bytes: Uint8Array) {
  const report = await ingestFile({ db: database.db, blobs }, { workspaceId, actorId: userId }, { filename, bytes });
  await runner.send(report.newDocuments.map((d) => ({ name: "app/document.uploaded", id: `up-${d.id}`, data: { workspaceId, documentId: d.id } })));
  await runner.drain();
  return report;
}

describe("extract-document", () => {
  it("reads a two-page TIFF scan page by page and keeps PNG pages the review page can show", async () => {
    const one = await loadFixture("en-US-invoice-4-scan", "scanned");
    const two = await loadFixture("de-credit-note-scan", "scanned");
    const pages = [pngGray((await pdfPageImages(one.data, [1])).get(1)!.data), pngGray((await pdfPageImages(two.data, [1])).get(1)!.data)];
    const tif = encodeTiff(pages.map((p) => ({ ...p, compression: "packbits" as const, rowsPerStrip: 32 })), false);
    const report = await upload("scanner-0042.tif", tif);
    const docId = report.newDocuments[0].id;
    const doc = await getDocument(database.db, { workspaceId, documentId: docId });
    expect(doc).toMatchObject({ contentType: "image/tiff", pages: 2, ocrPages: [1, 2] });
    const rows = await database.db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.documentId, docId)));
    expect(rows.map((r) => [r.pageStart, r.invoiceNumber]).sort()).toEqual([
      [1, one.truth.invoices[0].invoiceNumber],
      [2, two.truth.invoices[0].invoiceNumber],
    ]);
    const session = { userId, workspaceId };
    const page2 = await openDocument(session, docId, { db: database.db, blobs }, { page: 2 });
    expect(page2).toMatchObject({ contentType: "image/png", filename: "scanner-0042-page-2.png" });
    const bytes = new Uint8Array(await new Response(page2.stream).arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await expect(openDocument(session, docId, { db: database.db, blobs }, { page: 3 })).rejects.toThrow(/Page 3 of scanner-0042\.tif has no page image/);
  }, 240_000);

  it("names the seller from the sender's email domain when an emailed invoice's pages show none", async () => {
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([595, 842]);
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const rows: [number, string, number][] = [
      [40, "Invoice", 20], [40, "Invoice number: HX-2024-5", 10], [40, "Invoice date: 2024-05-02", 10], [40, "Bill to: Contoso Cafe", 10],
      [330, "Subtotal   100.00 EUR", 10], [330, "VAT 20%   20.00 EUR", 10], [330, "Total   120.00 EUR", 10],
    ];
    rows.forEach(([x, text, size], i) => page.drawText(text, { x, y: 800 - i * 22, size, font }));
    const content = Buffer.from(await pdf.save());
    const sha256 = createHash("sha256").update(content).digest("hex");
    const email = {
      messageId: "<inv-hx-5@harbour-tools.de>", messageIdGenerated: false, from: { address: "billing@harbour-tools.de", name: "Billing" }, to: [], cc: [],
      subject: "Your invoice HX-2024-5", date: null, text: "Please find your invoice attached.", html: null,
      attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", content, size: content.length, sha256, inline: false }],
    };
    const report = await ingestEmail({ db: database.db, blobs }, { workspaceId, actorId: userId }, { email, source: "manual" });
    await runner.send(report.newDocuments.map((d) => ({ name: "app/document.uploaded", id: `up-${d.id}`, data: { workspaceId, documentId: d.id } })));
    await runner.drain();
    const [row] = await database.db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.documentId, report.newDocuments[0].id)));
    expect(row.invoiceNumber).toBe("HX-2024-5");
    expect(row.vendorName).toBe("Harbour Tools");
  });

  it("reads a multi-invoice PDF into invoices with the expected numbers and totals", async () => {
    const truth = JSON.parse(fs.readFileSync(path.join(fixtures, "de-batch.json"), "utf8")) as { invoices: { invoiceNumber: string; total: string }[] };
    const report = await upload("de-batch.pdf", fs.readFileSync(path.join(fixtures, "de-batch.pdf")));
    const docId = report.newDocuments[0].id;
    const doc = await getDocument(database.db, { workspaceId, documentId: docId });
    expect(doc?.status === "ready" || doc?.status === "needs_review").toBe(true);
    expect(doc?.classification).toBe("invoice");
    const rows = await database.db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.documentId, docId)));
    expect(rows.map((r) => r.invoiceNumber).sort()).toEqual(truth.invoices.map((i) => i.invoiceNumber).sort());
    expect(rows.map((r) => r.total).sort()).toEqual(truth.invoices.map((i) => i.total).sort());
    const audit = await listAudit(database.db, { workspaceId, actorType: "system" });
    expect(audit.rows.some((a) => a.action === "document.processed" && a.entityId === docId)).toBe(true);
  });

  it("marks a corrupt PDF failed with a clear reason and does not retry it", async () => {
    const report = await upload("broken.pdf", new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref garbage\n%%EOF\n"));
    const doc = await getDocument(database.db, { workspaceId, documentId: report.newDocuments[0].id });
    expect(doc?.status).toBe("failed");
    expect(doc?.error).toMatch(/broken\.pdf/);
    const { runs } = await listRuns(database.db, { workspaceId, status: "failed" });
    const run = await getRun(database.db, { workspaceId, runId: runs[0].id });
    expect(run?.failures).toBeLessThanOrEqual(1);
    // it is unreadable as it is: Retry is not offered, and asking anyway says why and what to do instead
    expect(doc?.classification).toBe("unreadable");
    const retry = await executeAction(reprocessDocumentAction, { documentId: doc!.id }, { userId, workspaceId }, database.db);
    expect(retry.ok).toBe(false);
    expect(!retry.ok && retry.error).toMatch(/would fail the same way: .*broken\.pdf.*Upload a readable copy/);
    expect((await getDocument(database.db, { workspaceId, documentId: doc!.id }))?.status).toBe("failed");
  });

  it("creates no invoice from a delivery note", async () => {
    const file = "de-negative-delivery-note.pdf";
    const report = await upload(file, fs.readFileSync(path.join(fixtures, file)));
    const doc = await getDocument(database.db, { workspaceId, documentId: report.newDocuments[0].id });
    expect(doc?.classification).toBe("delivery_note");
    expect(doc?.status).toBe("ready");
    const all = await listInvoices(database.db, { workspaceId });
    expect(all.rows.every((r) => r.documentId !== doc?.id)).toBe(true);
  });

  it("finishes a spreadsheet it does not read: the file is done, not left queued for the sweeper", async () => {
    const csv = new TextEncoder().encode("plate,brand,model,year\nABC123,NISSAN,VERSA,2021\n");
    const report = await upload("fleet.csv", csv);
    const doc = await getDocument(database.db, { workspaceId, documentId: report.newDocuments[0].id });
    expect(doc?.status).toBe("ready");
    expect(doc?.processedAt).not.toBeNull();
    const all = await listInvoices(database.db, { workspaceId });
    expect(all.rows.every((r) => r.documentId !== doc?.id)).toBe(true);
  });

  it("reads a CFDI that came as XML + PDF in one zip as one invoice from the XML, the PDF kept for viewing; a PDF showing other totals is flagged", async () => {
    const { data: pdf, truth } = await loadFixture("es-MX-invoice-1");
    const t = truth.invoices[0];
    const cfdi = (total: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="B" Folio="311" Fecha="2024-05-02T09:00:00" SubTotal="${t.subtotal}" Total="${total}" Moneda="MXN" TipoDeComprobante="I"><cfdi:Emisor Rfc="FDN010101AB1" Nombre="FERRETERIA DEL NORTE SA DE CV"/><cfdi:Receptor Rfc="XAXX010101000" Nombre="CLIENTE"/></cfdi:Comprobante>`;
    const report = await upload("cfdi-B311.zip", zipSync({ "B311.pdf": pdf, "B311.xml": strToU8(cfdi(t.total!)) }));
    expect(report.newDocuments).toHaveLength(1);
    const docId = report.newDocuments[0].id;
    expect((await getDocument(database.db, { workspaceId, documentId: docId }))?.contentType).toBe("application/pdf");
    const [row] = await database.db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.documentId, docId)));
    expect(row).toMatchObject({ invoiceNumber: "B-311", vendorName: "FERRETERIA DEL NORTE SA DE CV", total: t.total, currency: "MXN" });
    expect(row.fieldSources.total).toBe("e-invoice");
    expect(row.confidence.total).toBe(1);
    expect(row.issues.map((i) => i.code)).not.toContain("visible_total_differs");

    // the same PDF with an XML whose total the page does not show
    const odd = await upload("cfdi-odd.zip", zipSync({ "odd.pdf": new Uint8Array([...pdf, 0x0a]), "odd.xml": strToU8(cfdi("99999.99")) }));
    const [flagged] = await database.db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.documentId, odd.newDocuments[0].id)));
    expect(flagged.issues.map((i) => i.code)).toContain("visible_total_differs");
    expect(flagged.status).toBe("needs_review");
  }, 120_000);
});
