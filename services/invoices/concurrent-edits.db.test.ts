import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { documents, invoiceLineItems, invoices } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { heldTransaction, settlesWithin } from "@/db/testing/race";
import { twoMembers } from "@/db/testing/users";
import { executeAction } from "@/lib/action";
import { replaceLineItemsAction, setInvoiceStatusAction, updateInvoiceFieldAction } from "@/lib/actions/invoices";
import { correctInvoiceField } from "./update-invoice-field";

// Two reviewers on one invoice. An edit carries the value its page showed (`seen`): when someone else changed the
// field since, it is refused with their name and value instead of writing over theirs. Edits of one invoice take
// turns on its locked row, so one person's edit never writes back a stale copy of the other's confidence, edited
// fields or issues, and an approval never passes a failed check an edit in flight is adding (PostgreSQL only: two
// connections are needed to interleave them).

const onPostgres = process.env.DOCKET_TEST_ENGINE === "postgres";

let database: Database;
let n = 0;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

async function twoReviewers() {
  const tag = `c${++n}`;
  const { ws, ana, ben, as } = await twoMembers(db(), tag);
  const [doc] = await db()
    .insert(documents)
    .values({ workspaceId: ws, sha256: `sha-${tag}`, filename: "inv.pdf", contentType: "application/pdf", size: 1, blobKey: `${ws}/x`, source: "upload", uploadedBy: ana.userId })
    .returning({ id: documents.id });
  const [inv] = await db()
    .insert(invoices)
    .values({
      workspaceId: ws,
      documentId: doc.id,
      pageStart: 1,
      pageEnd: 1,
      status: "needs_review",
      extractor: "offline",
      invoiceNumber: "E-1",
      vendorName: "Vendor GmbH",
      currency: "EUR",
      subtotal: "100.00",
      taxAmount: "19.00",
      total: "119.00",
      confidence: { total: 0.5, taxAmount: 0.5, subtotal: 0.9, invoiceNumber: 0.9, vendorName: 0.9, currency: 0.9 },
    })
    .returning({ id: invoices.id });
  await db().insert(invoiceLineItems).values([
    { workspaceId: ws, invoiceId: inv.id, position: 0, description: "Paper", quantity: "10", unitPrice: "5", amount: "50.00" },
    { workspaceId: ws, invoiceId: inv.id, position: 1, description: "Toner", quantity: "1", unitPrice: "50", amount: "50.00" },
  ]);
  return { ws, ana, ben, as, id: inv.id };
}

const row = async (id: string) => (await db().select().from(invoices).where(eq(invoices.id, id)))[0];

describe("two reviewers editing one invoice", () => {
  it("refuses an edit of a field someone changed since the page showed it, naming them and their value", async () => {
    const t = await twoReviewers();
    // both pages show total 119.00; Ana saves 120.00 first
    expect(await executeAction(updateInvoiceFieldAction, { id: t.id, field: "total", value: "120.00", seen: "119.00" }, t.as(t.ana), db())).toMatchObject({ ok: true });
    const late = await executeAction(updateInvoiceFieldAction, { id: t.id, field: "total", value: "121", seen: "119.00" }, t.as(t.ben), db());
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    expect(!late.ok && late.error).toMatch(/^Ana Ruiz changed Total to 120\.00 at \d\d:\d\d UTC while you were editing; your 121\.00 was not saved\. The page now shows theirs/);
    expect((await row(t.id)).total).toBe("120.00");
    // from the page that now shows Ana's value, Ben's edit goes through
    expect(await executeAction(updateInvoiceFieldAction, { id: t.id, field: "total", value: "121", seen: "120.00" }, t.as(t.ben), db())).toMatchObject({ ok: true });
    expect((await row(t.id)).total).toBe("121.00");
  });

  it("lets an edit through when the page's value is the stored one written another way, or when both typed the same", async () => {
    const t = await twoReviewers();
    expect(await executeAction(updateInvoiceFieldAction, { id: t.id, field: "subtotal", value: "101", seen: "100" }, t.as(t.ben), db())).toMatchObject({ ok: true });
    expect(await executeAction(updateInvoiceFieldAction, { id: t.id, field: "vendorName", value: "Vendor AG", seen: " Vendor GmbH " }, t.as(t.ben), db())).toMatchObject({ ok: true });
    // Ana typed what Ben already saved: nothing to write over
    expect(await executeAction(updateInvoiceFieldAction, { id: t.id, field: "subtotal", value: "101.00", seen: "100.00" }, t.as(t.ana), db())).toMatchObject({ ok: true, data: { changed: false } });
    // Ben edits the subtotal again before his page showed his first save: his own, so it is replaced
    expect(await executeAction(updateInvoiceFieldAction, { id: t.id, field: "subtotal", value: "102", seen: "100.00" }, t.as(t.ben), db())).toMatchObject({ ok: true, data: { changed: true } });
    expect((await row(t.id)).subtotal).toBe("102.00");
    // an edit without `seen` (a client that does not send it) keeps the old behaviour
    expect(await executeAction(updateInvoiceFieldAction, { id: t.id, field: "invoiceNumber", value: "E-2" }, t.as(t.ana), db())).toMatchObject({ ok: true });
    expect((await row(t.id)).invoiceNumber).toBe("E-2");
  });

  it("refuses a line-item save that would drop someone else's change to the lines, and takes it from the page that shows theirs", async () => {
    const t = await twoReviewers();
    // what both pages show, written as the page holds it
    const shown = [
      { description: "Paper", quantity: "10.0000", unitPrice: "5.0000", amount: "50.00" },
      { description: "Toner", quantity: "1.0000", unitPrice: "50.0000", amount: "50.00" },
    ];
    const anas = [...shown, { description: "Delivery", quantity: "1", unitPrice: "9.50", amount: "9.50" }];
    expect(await executeAction(replaceLineItemsAction, { id: t.id, lines: anas, seen: shown }, t.as(t.ana), db())).toMatchObject({ ok: true });
    const bens = [{ ...shown[0], amount: "55.00" }, shown[1]];
    const late = await executeAction(replaceLineItemsAction, { id: t.id, lines: bens, seen: shown }, t.as(t.ben), db());
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    expect(!late.ok && late.error).toMatch(/^Ana Ruiz changed the line items at \d\d:\d\d UTC while you were editing; yours were not saved/);
    const lines = async () => (await db().select().from(invoiceLineItems).where(eq(invoiceLineItems.invoiceId, t.id))).map((l) => l.description).sort();
    expect(await lines()).toEqual(["Delivery", "Paper", "Toner"]);
    // saved again from the page that now shows Ana's lines: Ben's list replaces them, knowingly
    expect(await executeAction(replaceLineItemsAction, { id: t.id, lines: bens, seen: anas }, t.as(t.ben), db())).toMatchObject({ ok: true });
    expect(await lines()).toEqual(["Paper", "Toner"]);
  });
});

const held = (fn: (tx: Database["db"]) => Promise<unknown>) => heldTransaction(db(), fn);

describe.runIf(onPostgres)("two reviewers at the same moment (two connections)", () => {
  it("edits of two fields take turns: both stay edited, with both confidences and both in the edited list", async () => {
    const t = await twoReviewers();
    const first = held((tx) => correctInvoiceField(tx, { workspaceId: t.ws, actorId: t.ana.userId, id: t.id, field: "total", value: "118.00", seen: "119.00" }));
    await first.inFlight;
    const second = executeAction(updateInvoiceFieldAction, { id: t.id, field: "taxAmount", value: "18.00", seen: "19.00" }, t.as(t.ben), db());
    // before the lock, the second edit read the invoice as it was before the first and wrote its stale copy back
    expect(await settlesWithin(second, 400)).toBe(false);
    first.release();
    await first.done;
    expect(await second).toMatchObject({ ok: true });
    const r = await row(t.id);
    expect([r.total, r.taxAmount]).toEqual(["118.00", "18.00"]);
    expect(r.confidence).toMatchObject({ total: 1, taxAmount: 1 });
    expect(new Set(r.editedFields)).toEqual(new Set(["total", "taxAmount"]));
  });

  it("an approval waits for an edit in flight that breaks the arithmetic, then is refused on the failed check", async () => {
    const t = await twoReviewers();
    await db().update(invoices).set({ status: "ready", issues: [] }).where(eq(invoices.id, t.id));
    const edit = held((tx) => correctInvoiceField(tx, { workspaceId: t.ws, actorId: t.ana.userId, id: t.id, field: "total", value: "150.00", seen: "119.00" }));
    await edit.inFlight;
    const approve = executeAction(setInvoiceStatusAction, { id: t.id, status: "approved" }, t.as(t.ben), db());
    expect(await settlesWithin(approve, 400)).toBe(false);
    edit.release();
    await edit.done;
    const r = await approve;
    // the edit made it "needs review" with a failed check: a plain approval of that is refused, or not allowed at all
    expect(r.ok).toBe(false);
    expect((await row(t.id)).status).toBe("needs_review");
  });
});
