import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { localBlobStore } from "@/lib/blob";
import { listAudit } from "@/db/queries/audit";
import { storeDocument } from "@/db/queries/documents";
import { invoiceCharts } from "@/db/queries/invoices/dashboard";
import { iterateInvoices, iterateLineItems } from "@/db/queries/invoices/exports";
import { getInvoice, invoiceSortKeys, listInvoices } from "@/db/queries/invoices/list";
import { bulkApprove, replaceLineItems, setInvoiceStatus, updateInvoiceField, type Validator } from "@/db/queries/invoices/review";
import { type ExtractionInput, type InvoiceInput, saveExtraction } from "@/db/queries/invoices/save-extraction";
import { eq } from "drizzle-orm";
import { documents, invoices, workspaces } from "@/db/schema";

let database: Database;
let ws: string;
let user: string;
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-inv-")));

const sure = { invoiceNumber: 0.98, issueDate: 0.97, dueDate: 0.9, vendorName: 0.95, vendorTaxId: 0.9, vendorAddress: 0.9, billToName: 0.9, currency: 0.99, subtotal: 0.95, taxAmount: 0.95, total: 0.97 };

const inv = (over: Partial<InvoiceInput> = {}): InvoiceInput => ({
  kind: "invoice",
  pageStart: 1,
  pageEnd: 1,
  invoiceNumber: "INV-001",
  issueDate: "2026-03-05",
  dueDate: "2026-04-04",
  vendorName: "Papelería Moderna S.A. de C.V.",
  vendorTaxId: "PMO010101AB1",
  vendorAddress: null,
  billToName: "Acme",
  currency: "MXN",
  subtotal: "100.00",
  taxAmount: "16.00",
  total: "116.00",
  lineItems: [{ description: "Paper", quantity: "1", unitPrice: "100.00", amount: "100.00" }],
  confidence: sure,
  issues: [],
  ...over,
});

// The arithmetic check the app uses comes from lib/invoices; this stand-in keeps the DB test about the DB.
const validate: Validator = (i) => {
  const sum = (Number(i.subtotal) || 0) + (Number(i.taxAmount) || 0);
  return Math.abs(sum - (Number(i.total) || 0)) > 0.01 ? [{ field: "total", code: "arithmetic", message: "subtotal + tax ≠ total" }] : [];
};

/** Saves `invoices` as read from a new one-page PDF named `filename` (`over`: other pages, a classification reason). */
async function saveRead(filename: string, invoices: InvoiceInput[], over: Partial<ExtractionInput> = {}) {
  return saveExtraction(database.db, { workspaceId: ws, documentId: await doc(filename), classification: "invoice", pages: 1, text: "x", ocrPages: [], extractor: "offline", invoices, ...over });
}

async function doc(name: string) {
  const { document } = await storeDocument(database.db, blobs, {
    workspaceId: ws,
    filename: name,
    contentType: "application/pdf",
    data: Buffer.from(`%PDF-1.4 ${name}`),
    source: "upload",
    uploadedBy: user,
  });
  return document.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId: user, workspaceId: ws } = await createTestUser(database.db, "ap@inv.test"));
});
afterAll(async () => database?.close());

describe("invoices", () => {
  it("saves a confident extraction as ready and a weak one for review; flags a duplicate with a link to the original", async () => {
    const r1 = await saveRead("a.pdf", [inv()]);
    expect(r1.documentStatus).toBe("ready");
    const r2 = await saveRead(
      "b.pdf",
      [inv({ invoiceNumber: "inv 0001", vendorName: "PAPELERIA MODERNA SA DE CV" }), inv({ pageStart: 2, pageEnd: 2, invoiceNumber: "X-9", issueDate: "2026-03-06", confidence: { ...sure, total: 0.4 } })],
      { pages: 2 },
    );
    expect(r2.documentStatus).toBe("needs_review");
    const dup = await getInvoice(database.db, { workspaceId: ws, id: r2.invoiceIds[0] });
    expect(dup?.duplicateOfId).toBe(r1.invoiceIds[0]);
    expect(dup?.duplicateReason).toBe("same vendor and invoice number");
    expect(dup?.status).toBe("needs_review");
    const weak = await getInvoice(database.db, { workspaceId: ws, id: r2.invoiceIds[1] });
    expect(weak?.status).toBe("needs_review");
    expect(weak?.original).toBeNull();
    const original = await getInvoice(database.db, { workspaceId: ws, id: r1.invoiceIds[0] });
    expect(original?.duplicates.map((d) => d.id)).toEqual([r2.invoiceIds[0]]);
  });

  it("filters, sorts and pages on the server", async () => {
    const review = await listInvoices(database.db, { workspaceId: ws, status: "needs_review" });
    expect(review.total).toBe(2);
    const dups = await listInvoices(database.db, { workspaceId: ws, duplicate: true });
    expect(dups.rows.map((r) => r.invoiceNumber)).toEqual(["inv 0001"]);
    const lowConf = await listInvoices(database.db, { workspaceId: ws, maxConfidence: 0.5 });
    expect(lowConf.rows.map((r) => r.invoiceNumber)).toEqual(["X-9"]);
    const page = await listInvoices(database.db, { workspaceId: ws }, { sort: { key: "issueDate", dir: "asc" }, page: 1, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0].invoiceNumber).toBe("X-9");
    expect((await listInvoices(database.db, { workspaceId: "other" })).total).toBe(0);
    // newest first and every field typed as the table reads it (one JSON value per page: dates, amounts as text)
    const all = await listInvoices(database.db, { workspaceId: ws }, { pageSize: 2 });
    expect(all.total).toBe(3);
    expect(all.rows).toHaveLength(2);
    expect(all.rows[0].createdAt).toBeInstanceOf(Date);
    expect(all.rows[0].createdAt.getTime()).toBeGreaterThanOrEqual(all.rows[1].createdAt.getTime());
    const byTotal = await listInvoices(database.db, { workspaceId: ws }, { sort: { key: "total", dir: "desc" } });
    expect(byTotal.rows.map((r) => r.total)).toEqual([...byTotal.rows.map((r) => r.total)].sort((a, b) => Number(b) - Number(a)));
    expect(byTotal.rows[0]).toMatchObject({ total: expect.stringMatching(/^\d+\.\d\d$/), minConfidence: expect.stringMatching(/^\d\.\d{3}$/), issueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(typeof byTotal.rows[0].issueCount).toBe("number");
    // past the last page: no rows, still the total
    expect(await listInvoices(database.db, { workspaceId: ws }, { page: 5, pageSize: 2 })).toMatchObject({ rows: [], total: 3, inFlight: 0 });
  });

  it("counts the total only so far past the page: exact below the bound, '+' at it, exact again on the last pages", async () => {
    // the workspace has 3 invoices; counting 1 row past each page's first row
    expect(await listInvoices(database.db, { workspaceId: ws }, { pageSize: 1, countAhead: 1 })).toMatchObject({ total: 1, totalExact: false });
    expect(await listInvoices(database.db, { workspaceId: ws }, { pageSize: 1, page: 1, countAhead: 1 })).toMatchObject({ total: 2, totalExact: false });
    expect(await listInvoices(database.db, { workspaceId: ws }, { pageSize: 1, page: 2, countAhead: 1 })).toMatchObject({ total: 3, totalExact: true });
    expect(await listInvoices(database.db, { workspaceId: ws }, { pageSize: 1, countAhead: 2 })).toMatchObject({ total: 2, totalExact: false });
    expect(await listInvoices(database.db, { workspaceId: ws }, { pageSize: 1, countAhead: 3 })).toMatchObject({ total: 3, totalExact: true });
    // the filter still applies to what is counted
    expect(await listInvoices(database.db, { workspaceId: ws, status: "needs_review" }, { countAhead: 1 })).toMatchObject({ total: 1, totalExact: false });
    expect(await listInvoices(database.db, { workspaceId: ws, status: "needs_review" }, { countAhead: 2 })).toMatchObject({ total: 2, totalExact: true });
    expect(await listInvoices(database.db, { workspaceId: ws })).toMatchObject({ total: 3, totalExact: true });
  });

  it("counts the workspace's documents still being read with the page, only when asked", async () => {
    const queued = await doc("still-reading.pdf");
    expect((await listInvoices(database.db, { workspaceId: ws }, { withInFlight: true })).inFlight).toBeGreaterThanOrEqual(1);
    expect((await listInvoices(database.db, { workspaceId: ws })).inFlight).toBe(0);
    expect((await listInvoices(database.db, { workspaceId: "other" }, { withInFlight: true })).inFlight).toBe(0);
    await database.db.update(documents).set({ status: "ready" }).where(eq(documents.id, queued));
  });

  it("records a human edit with before → after, revalidates, and guards status changes", async () => {
    const { rows } = await listInvoices(database.db, { workspaceId: ws, q: "X-9" });
    const id = rows[0].id;
    await expect(updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "total", value: "abc", validate })).rejects.toThrow(/not an amount/);
    const r = await updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "total", value: "117.00", validate });
    expect(r.issues).toEqual([expect.objectContaining({ code: "arithmetic" })]);
    await updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "total", value: "116", validate });
    const after = await getInvoice(database.db, { workspaceId: ws, id });
    expect(after?.total).toBe("116.00");
    expect(after?.issues).toEqual([]);
    expect(after?.confidence.total).toBe(1);
    expect(after?.editedFields).toEqual(["total"]);
    const audit = await listAudit(database.db, { workspaceId: ws, entityType: "invoice" });
    const edit = audit.rows.find((e) => e.action === "invoice.field_edited" && e.entityId === id);
    // the last edit fixed the only weak field and the arithmetic: the invoice is ready again
    expect(edit?.before).toEqual({ total: "117.00", confidence: 1, status: "needs_review" });
    expect(edit?.after).toEqual({ total: "116.00", status: "ready" });
    await setInvoiceStatus(database.db, { workspaceId: ws, actorId: user, id, to: "approved" });
    await expect(setInvoiceStatus(database.db, { workspaceId: ws, actorId: user, id, to: "rejected" })).rejects.toThrow(/cannot become rejected/);
    await expect(updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "total", value: "1", validate })).rejects.toThrow(/reopen/);
  });

  it("bulk-approves only ready, non-duplicate invoices at or above the confidence", async () => {
    const n = await bulkApprove(database.db, { workspaceId: ws, actorId: user, minConfidence: 0.9 });
    expect(n).toBe(1);
    expect((await listInvoices(database.db, { workspaceId: ws, status: "approved" })).total).toBe(2);
    const charts = await invoiceCharts(database.db, { workspaceId: ws, since: "2026-01-01" });
    expect(charts.byMonth).toEqual([{ month: "2026-03", currency: "MXN", total: "348.00" }]);
  });
  it("bulk approval changes no invoice the machine does not let become approved", async () => {
    const saved = await saveRead("rejected.pdf", [inv({ invoiceNumber: "REJ-1", issueDate: "2026-06-01" })]);
    const id = saved.invoiceIds[0];
    expect((await getInvoice(database.db, { workspaceId: ws, id }))?.status).toBe("ready");
    await setInvoiceStatus(database.db, { workspaceId: ws, actorId: user, id, to: "rejected" });
    // clean, confident and chosen by id, but rejected → approved is not a transition: refused in the UPDATE itself
    expect(await bulkApprove(database.db, { workspaceId: ws, actorId: user, minConfidence: 0, ids: [id] })).toBe(0);
    expect((await getInvoice(database.db, { workspaceId: ws, id }))?.status).toBe("rejected");
  });
  it("approving past a failed check is refused unless the person says why; an edit that breaks a check sends a ready invoice back to review", async () => {
    const saved = await saveRead("checks.pdf", [inv({ invoiceNumber: "CHK-1", issueDate: "2026-05-01", subtotal: "200.00", taxAmount: "32.00", total: "232.00", lineItems: [] })]);
    const id = saved.invoiceIds[0];
    expect((await getInvoice(database.db, { workspaceId: ws, id }))?.status).toBe("ready");

    // the total no longer adds up: back to review, and out of reach of bulk approval
    await updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "total", value: "240.00", validate });
    const broken = await getInvoice(database.db, { workspaceId: ws, id });
    expect(broken?.status).toBe("needs_review");
    expect(await bulkApprove(database.db, { workspaceId: ws, actorId: user, minConfidence: 0, ids: [id] })).toBe(0);

    await expect(setInvoiceStatus(database.db, { workspaceId: ws, actorId: user, id, to: "approved" })).rejects.toThrow(
      /^This invoice fails a check: subtotal \+ tax ≠ total Fix the fields, or approve anyway and say why\.$/,
    );
    expect((await getInvoice(database.db, { workspaceId: ws, id }))?.status).toBe("needs_review");

    await setInvoiceStatus(database.db, { workspaceId: ws, actorId: user, id, to: "approved", override: { reason: "credit agreed by phone" } });
    expect((await getInvoice(database.db, { workspaceId: ws, id }))?.status).toBe("approved");
    const audit = await listAudit(database.db, { workspaceId: ws, entityType: "invoice" });
    const approval = audit.rows.find((e) => e.action === "invoice.approved" && e.entityId === id);
    expect(approval?.after).toEqual({ status: "approved", approvedDespite: ["subtotal + tax ≠ total"], reason: "credit agreed by phone" });
    const edit = audit.rows.find((e) => e.action === "invoice.field_edited" && e.entityId === id);
    expect(edit?.after).toEqual({ total: "240.00", status: "needs_review" });
  });

  it("an edit keeps what only the reading knew (the page shows another total than the XML, the classifier's doubt) until the field it is about is changed", async () => {
    const visible = { field: "total", code: "visible_total_differs", message: "x.pdf shows no amount equal to the total 116.00 of its embedded CII XML; compare the PDF with the XML before paying." };
    const doubt = { field: "document", code: "read_as_invoice", message: "Read as an invoice although its title was not found." };
    const saved = await saveRead("reading.pdf", [inv({ invoiceNumber: "RD-1", issueDate: "2026-05-02", issues: [visible, doubt] })]);
    const id = saved.invoiceIds[0];

    // an unrelated correction: both warnings stay, approval still takes a reason, bulk approval still skips it
    await updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "dueDate", value: "2026-06-01", validate });
    const edited = await getInvoice(database.db, { workspaceId: ws, id });
    expect(edited?.issues).toEqual([visible, doubt]);
    expect(await bulkApprove(database.db, { workspaceId: ws, actorId: user, minConfidence: 0, ids: [id] })).toBe(0);
    await expect(setInvoiceStatus(database.db, { workspaceId: ws, actorId: user, id, to: "approved" })).rejects.toThrow(/compare the PDF with the XML/);

    // new line items are not the total either
    await replaceLineItems(database.db, { workspaceId: ws, actorId: user, id, lines: [{ description: "Paper", quantity: "2", unitPrice: "50.00", amount: "100.00" }], validate });
    expect((await getInvoice(database.db, { workspaceId: ws, id }))?.issues).toEqual([visible, doubt]);

    // the person sets the total: the page-versus-XML warning was about the value they replaced; the doubt stays
    await updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id, field: "total", value: "117.00", validate });
    expect((await getInvoice(database.db, { workspaceId: ws, id }))?.issues).toEqual([expect.objectContaining({ code: "arithmetic" }), doubt]);
  });

  it("a field the document does not carry is not a doubt; a field the workspace requires is", async () => {
    // no vendor tax id, no address, no bill-to on the document: nothing to check, the invoice is ready
    const absent = { ...sure, vendorTaxId: 0, vendorAddress: 0, billToName: 0, dueDate: 0 };
    const r = await saveRead("no-tax-id.pdf", [inv({ invoiceNumber: "ABS-1", vendorName: "Ferretería Sin RFC", vendorTaxId: null, vendorAddress: null, billToName: null, dueDate: null, confidence: absent })]);
    const ready = await getInvoice(database.db, { workspaceId: ws, id: r.invoiceIds[0] });
    expect(ready?.status).toBe("ready");
    expect(Number(ready?.minConfidence)).toBeCloseTo(0.95, 2);

    // a workspace that books by tax id requires it: the same invoice now waits for a person, weakest field 0
    await database.db.update(workspaces).set({ settings: { invoices: { requiredFields: ["invoiceNumber", "issueDate", "vendorName", "vendorTaxId", "currency", "total"] } } }).where(eq(workspaces.id, ws));
    const r2 = await saveRead("no-tax-id-2.pdf", [inv({ invoiceNumber: "ABS-2", vendorName: "Taller Sin RFC", vendorTaxId: null, vendorAddress: null, billToName: null, dueDate: null, confidence: absent })]);
    const waiting = await getInvoice(database.db, { workspaceId: ws, id: r2.invoiceIds[0] });
    expect(waiting?.status).toBe("needs_review");
    expect(Number(waiting?.minConfidence)).toBe(0);
    // typing the required field in makes it ready
    await updateInvoiceField(database.db, { workspaceId: ws, actorId: user, id: r2.invoiceIds[0], field: "vendorTaxId", value: "PMO010101AB1", validate });
    expect((await getInvoice(database.db, { workspaceId: ws, id: r2.invoiceIds[0] }))?.status).toBe("ready");

    // a stricter threshold sends a field read at 0.95 to review
    await database.db.update(workspaces).set({ settings: { invoices: { reviewThreshold: 0.96 } } }).where(eq(workspaces.id, ws));
    const r3 = await saveRead("strict.pdf", [inv({ invoiceNumber: "STRICT-1", vendorName: "Imprenta Estricta" })]);
    expect((await getInvoice(database.db, { workspaceId: ws, id: r3.invoiceIds[0] }))?.status).toBe("needs_review");
    await database.db.update(workspaces).set({ settings: {} }).where(eq(workspaces.id, ws));
  });

  it("is ready only when every key field clears the workspace's threshold, and says which field kept it back", async () => {
    await database.db.update(workspaces).set({ settings: { invoices: { reviewThreshold: 0.96 } } }).where(eq(workspaces.id, ws));
    try {
      const d = await doc("threshold.pdf");
      const r = await saveExtraction(database.db, {
        workspaceId: ws, documentId: d, classification: "invoice", classificationReason: "'Rechnung Nr. 9' on page 1", pages: 1, text: "x", ocrPages: [], extractor: "offline",
        invoices: [inv({ invoiceNumber: "T-96", total: "116.00", sources: { total: "e-invoice" }, paid: true })],
      });
      expect(r.documentStatus).toBe("needs_review");
      const saved = await getInvoice(database.db, { workspaceId: ws, id: r.invoiceIds[0] });
      // the weakest field on the document (0.90) is under 0.96: it decides, and the list shows that same 0.90
      expect(Number(saved?.minConfidence)).toBeCloseTo(0.9, 3);
      expect(saved?.fieldSources).toEqual({ total: "e-invoice" });
      expect(saved?.paid).toBe(true);
      const [d0] = await database.db.select({ reason: documents.classificationReason }).from(documents).where(eq(documents.id, d));
      expect(d0.reason).toBe("'Rechnung Nr. 9' on page 1");
    } finally {
      await database.db.update(workspaces).set({ settings: {} }).where(eq(workspaces.id, ws));
    }
  });

  it("exports every matching invoice and line item exactly once, batch by batch (keyset on id)", async () => {
    const d = await doc("batch-export.pdf");
    const five = [1, 2, 3, 4, 5].map((n) => inv({ invoiceNumber: `EXP-${n}`, pageStart: n, pageEnd: n }));
    await saveExtraction(database.db, { workspaceId: ws, documentId: d, classification: "invoice", pages: 5, text: "x", ocrPages: [], extractor: "offline", invoices: five });
    const f = { workspaceId: ws, q: "EXP-" };
    const ids = async (batches: AsyncGenerator<{ id: string }[]>) => {
      const out: string[][] = [];
      for await (const b of batches) out.push(b.map((r) => r.id));
      return out;
    };
    const inTwos = await ids(iterateInvoices(database.db, f, { batchSize: 2 }));
    expect(inTwos.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(new Set(inTwos.flat()).size).toBe(5);
    // a full last batch: one more query finds nothing and the export ends
    const inFives = await ids(iterateInvoices(database.db, f, { batchSize: 5 }));
    expect(inFives.map((b) => b.length)).toEqual([5]);
    expect(new Set(inFives.flat())).toEqual(new Set(inTwos.flat()));
    const lines = await ids(iterateLineItems(database.db, f, { batchSize: 2 }));
    expect(lines.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(new Set(lines.flat()).size).toBe(5);
  });

  it("exports a possible duplicate with its original's number, file and page", async () => {
    const d = await doc("dup-original.pdf");
    const r = await saveExtraction(database.db, { workspaceId: ws, documentId: d, classification: "invoice", pages: 3, text: "x", ocrPages: [], extractor: "offline", invoices: [inv({ invoiceNumber: "DUPX-1", vendorName: "Dupx Original Ltd", total: "4321.00", subtotal: "4321.00", taxAmount: "0.00", pageStart: 3, pageEnd: 3 })] });
    const d2 = await doc("dup-copy.pdf");
    const r2 = await saveExtraction(database.db, { workspaceId: ws, documentId: d2, classification: "invoice", pages: 1, text: "y", ocrPages: [], extractor: "offline", invoices: [inv({ invoiceNumber: "DUPX-1b" })] });
    await database.db.update(invoices).set({ duplicateOfId: r.invoiceIds[0] }).where(eq(invoices.id, r2.invoiceIds[0]));
    const rows: { invoiceNumber: string | null; duplicateOfId: string | null; duplicateOfLabel: string | null }[] = [];
    for await (const b of iterateInvoices(database.db, { workspaceId: ws, q: "DUPX-" })) rows.push(...b);
    const copy = rows.find((x) => x.invoiceNumber === "DUPX-1b")!;
    expect(copy.duplicateOfId).toBe(r.invoiceIds[0]);
    expect(copy.duplicateOfLabel).toBe("DUPX-1 · dup-original.pdf, p. 3");
    expect(rows.find((x) => x.invoiceNumber === "DUPX-1")!.duplicateOfLabel).toBeNull();
  });

  it("exports in the table's order (newest first) with each invoice's lines together and in document order, whatever the batch size", async () => {
    // read one after another, as a folder upload does: each its own document, three lines each
    for (const n of [1, 2, 3, 4]) {
      await saveRead(`order-${n}.pdf`, [
        inv({ invoiceNumber: `ORD-${n}`, lineItems: ["a", "b", "c"].map((l) => ({ description: `ORD-${n} line ${l}`, quantity: "1", unitPrice: "1.00", amount: "1.00" })) }),
      ]);
    }
    const f = { workspaceId: ws, q: "ORD-" };
    const shown = (await listInvoices(database.db, f)).rows.map((r) => r.invoiceNumber);
    expect(shown).toEqual(["ORD-4", "ORD-3", "ORD-2", "ORD-1"]);
    for (const size of [1, 3, 500]) {
      const exported: (string | null)[] = [];
      for await (const b of iterateInvoices(database.db, f, { batchSize: size })) exported.push(...b.map((r) => r.invoiceNumber));
      expect(exported).toEqual(shown);
      const lines: (string | null)[] = [];
      for await (const b of iterateLineItems(database.db, f, { batchSize: size })) lines.push(...b.map((r) => r.description));
      expect(lines).toEqual(shown.flatMap((n) => ["a", "b", "c"].map((l) => `${n} line ${l}`)));
    }
  });

  it("exports in the order the table was sorted by, any column either way, with ties and empty values, whatever the batch size", async () => {
    // vendors, totals and dates with ties and gaps (nulls sort last, as on screen)
    const spec = [
      { n: "SRT-1", vendorName: "Beta", total: "10.00", issueDate: "2026-01-03" },
      { n: "SRT-2", vendorName: "Alpha", total: "10.00", issueDate: null },
      { n: "SRT-3", vendorName: null, total: null, issueDate: "2026-01-01" },
      { n: "SRT-4", vendorName: "Beta", total: "7.50", issueDate: "2026-01-03" },
      { n: "SRT-5", vendorName: "Alpha", total: "120.00", issueDate: "2026-01-02" },
    ];
    for (const x of spec) {
      await saveRead(`sort-${x.n}.pdf`, [inv({ invoiceNumber: x.n, vendorName: x.vendorName, total: x.total, subtotal: null, taxAmount: null, issueDate: x.issueDate, lineItems: [{ description: `${x.n} only line`, quantity: "1", unitPrice: "1.00", amount: "1.00" }] })]);
    }
    const f = { workspaceId: ws, q: "SRT-" };
    for (const key of invoiceSortKeys) {
      for (const dir of ["asc", "desc"] as const) {
        const sort = { key, dir };
        const shown = (await listInvoices(database.db, f, { sort })).rows.map((r) => r.invoiceNumber);
        expect(shown).toHaveLength(5);
        for (const size of [1, 2, 500]) {
          const exported: (string | null)[] = [];
          for await (const b of iterateInvoices(database.db, f, { batchSize: size, sort })) exported.push(...b.map((r) => r.invoiceNumber));
          expect(exported, `${key} ${dir} in batches of ${size}`).toEqual(shown);
          const lines: (string | null)[] = [];
          for await (const b of iterateLineItems(database.db, f, { batchSize: size, sort })) lines.push(...b.map((r) => r.description));
          expect(lines).toEqual(shown.map((n) => `${n} only line`));
        }
      }
    }
  });
});
