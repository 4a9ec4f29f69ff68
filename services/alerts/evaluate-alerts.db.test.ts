import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { countActiveAlerts, listAlerts, saveRule, setAlertState } from "@/db/queries/alerts";
import { storeDocument } from "@/db/queries/documents";
import { saveExtraction } from "@/db/queries/invoices/save-extraction";
import { alerts, invoices, outboxMessages, users } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { localBlobStore } from "@/lib/blob";
import { evaluateAlerts } from "./evaluate-alerts";
import { sendAlertDigest } from "./send-alert-digest";

let database: Database;
let ws = "";
let userId = "";
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-alerts-")));
const now = new Date("2026-03-10T09:00:00Z");

function invoice(n: string, due: string | null) {
  return {
    kind: "invoice" as const, pageStart: 1, pageEnd: 1, invoiceNumber: n, issueDate: "2026-01-02", dueDate: due, vendorName: "Acme", vendorTaxId: null,
    vendorAddress: null, billToName: null, currency: "EUR", subtotal: "10.00", taxAmount: "0.00", total: "10.00", lineItems: [],
    confidence: { invoiceNumber: 1, issueDate: 1, dueDate: 1, vendorName: 1, vendorTaxId: 1, vendorAddress: 1, billToName: 1, currency: 1, subtotal: 1, taxAmount: 1, total: 1 },
    issues: [],
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId: ws } = await createTestUser(database.db, "ap@alerts.test", "Ada Payables"));
  for (const [name, due] of [["overdue.pdf", "2026-03-01"], ["soon.pdf", "2026-03-14"], ["later.pdf", "2026-06-01"]] as const) {
    const { document } = await storeDocument(database.db, blobs, { workspaceId: ws, filename: name, contentType: "application/pdf", data: Buffer.from(`%PDF ${name}`), source: "upload", uploadedBy: userId });
    await saveExtraction(database.db, { workspaceId: ws, documentId: document.id, classification: "invoice", pages: 1, text: "", ocrPages: [], extractor: "offline", invoices: [invoice(name, due)] });
  }
});
afterAll(async () => database?.close());

describe("scheduled checks", () => {
  it("raises an overdue and a due-soon alert once, however often it runs", async () => {
    const first = await evaluateAlerts(database.db, { workspaceId: ws, now });
    expect(first.raised).toMatchObject({ invoice_overdue: 1, invoice_due_soon: 1 });
    const runs = await Promise.all([1, 2, 3].map(() => evaluateAlerts(database.db, { workspaceId: ws, now })));
    expect(runs.map((r) => r.total)).toEqual([0, 0, 0]);
    const all = await database.db.select().from(alerts).where(eq(alerts.workspaceId, ws));
    expect(all.filter((a) => a.kind.startsWith("invoice_due") || a.kind === "invoice_overdue").map((a) => a.kind).sort()).toEqual(["invoice_due_soon", "invoice_overdue"]);
    expect(new Set(all.map((a) => a.key)).size).toBe(all.length);
    expect(all.find((a) => a.kind === "invoice_overdue")!.title).toContain("overdue.pdf");
  });

  it("follows the rule's N days and its switch", async () => {
    await saveRule(database.db, { workspaceId: ws, actorId: userId, kind: "invoice_due_soon", enabled: true, days: 90 });
    expect((await evaluateAlerts(database.db, { workspaceId: ws, now })).raised.invoice_due_soon).toBe(1);
    await saveRule(database.db, { workspaceId: ws, actorId: userId, kind: "invoice_overdue", enabled: false, days: null });
    expect((await evaluateAlerts(database.db, { workspaceId: ws, now })).raised.invoice_overdue).toBeUndefined();
  });

  it("a changed due date is a new condition; an acknowledged alert leaves the count and does not come back", async () => {
    const before = await countActiveAlerts(database.db, { workspaceId: ws });
    const overdue = (await listAlerts(database.db, { workspaceId: ws })).find((a) => a.kind === "invoice_overdue")!;
    await setAlertState(database.db, { workspaceId: ws, actorId: userId, alertId: overdue.id, state: "acknowledged" });
    expect(await countActiveAlerts(database.db, { workspaceId: ws })).toBe(before - 1);
    await saveRule(database.db, { workspaceId: ws, actorId: userId, kind: "invoice_overdue", enabled: true, days: null });
    expect((await evaluateAlerts(database.db, { workspaceId: ws, now })).raised.invoice_overdue).toBe(0);
    await database.db.update(invoices).set({ dueDate: "2026-03-05" }).where(eq(invoices.id, overdue.objectId));
    expect((await evaluateAlerts(database.db, { workspaceId: ws, now })).raised.invoice_overdue).toBe(1);
  });

  it("an acknowledged alert says who acknowledged it and when (by name, or by email for a user without one)", async () => {
    const [open] = await listAlerts(database.db, { workspaceId: ws, state: "active" });
    const before = Date.now();
    await setAlertState(database.db, { workspaceId: ws, actorId: userId, alertId: open.id, state: "acknowledged" });
    const acknowledged = (await listAlerts(database.db, { workspaceId: ws, state: "acknowledged" })).find((a) => a.id === open.id)!;
    expect(acknowledged.actedByName).toBe("Ada Payables");
    expect(acknowledged.actedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const { userId: nameless } = await createTestUser(database.db, "nameless@alerts.test");
    await database.db.update(users).set({ name: null }).where(eq(users.id, nameless));
    await setAlertState(database.db, { workspaceId: ws, actorId: nameless, alertId: open.id, state: "resolved" });
    expect((await listAlerts(database.db, { workspaceId: ws, state: "resolved" })).find((a) => a.id === open.id)!.actedByName).toBe("nameless@alerts.test");
  });

  it("sends one digest per member per day into the outbox", async () => {
    expect(await sendAlertDigest({ db: database.db, from: "Docket <no-reply@docket.local>", baseUrl: "http://docket.test" }, { workspaceId: ws, now })).toEqual({ sent: 1 });
    expect(await sendAlertDigest({ db: database.db, from: "Docket <no-reply@docket.local>", baseUrl: "http://docket.test" }, { workspaceId: ws, now })).toEqual({ sent: 0 });
    const [m] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "alert-digest"));
    expect(m.to).toBe("ap@alerts.test");
    expect(m.text).toContain("http://docket.test/invoices/");
  });
});
