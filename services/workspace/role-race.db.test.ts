import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { changeRole, createWorkspace, listOpenInvitations, removeMember } from "@/db/queries/workspaces";
import { brokers, documents, invoices, mailboxes, memberships, suppressions, workspaces, type Role } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { heldTransaction, settlesWithin } from "@/db/testing/race";
import { createTestUser, type TestUser } from "@/db/testing/users";
import { executeAction, workspaceAction, type Session } from "@/lib/action";
import { afterCommit } from "@/lib/after-commit";
import { storeUpload } from "@/app/api/documents/store-upload";
import { localBlobStore } from "@/lib/blob";
import { addSuppressionAction } from "@/lib/actions/campaigns";
import { createMailboxAction } from "@/lib/actions/mailboxes";
import { saveBrokerAction } from "@/lib/actions/insurance";
import { setInvoiceStatusAction, updateInvoiceFieldAction } from "@/lib/actions/invoices";
import { deleteWorkspaceAction, inviteMemberAction } from "@/lib/actions/workspace";

// A demotion racing an action: the role that lets a change through is read inside the change's own transaction, on a
// locked membership row, so an action that starts while a demotion is being written waits for it and is then refused
// on the new role — it never passes on the role the person had a moment before. Two connections are needed to
// interleave them, so the race runs on PostgreSQL only (PGlite has one connection: its transactions never overlap).

const onPostgres = process.env.DOCKET_TEST_ENGINE === "postgres";

let database: Database;
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const db = () => database.db;

async function team() {
  const tag = `r${++n}`;
  const owner = await createTestUser(db(), `owner-${tag}@example.com`);
  const ws = (await createWorkspace(db(), { userId: owner.userId, name: `Race ${tag}` })).id;
  const person = async (role: Role) => {
    const p = await createTestUser(db(), `${role}-${tag}@example.com`);
    await db().insert(memberships).values({ workspaceId: ws, userId: p.userId, role });
    return p;
  };
  const as = (p: TestUser): Session => ({ userId: p.userId, workspaceId: ws });
  return { ws, tag, owner, admin: await person("admin"), member: await person("member"), as };
}

/** A ready invoice of the workspace (its document row only as the invoice needs one). */
async function readyInvoice(ws: string, by: string) {
  const [doc] = await db()
    .insert(documents)
    .values({ workspaceId: ws, sha256: `sha-${ws}`, filename: "inv.pdf", contentType: "application/pdf", size: 1, blobKey: `${ws}/x`, source: "upload", uploadedBy: by })
    .returning({ id: documents.id });
  const [inv] = await db()
    .insert(invoices)
    .values({ workspaceId: ws, documentId: doc.id, pageStart: 1, pageEnd: 1, status: "ready", extractor: "offline", invoiceNumber: "R-1" })
    .returning({ id: invoices.id });
  return inv.id;
}

/** Starts `demote` in a transaction of its own and holds it open until `release()` (db/testing/race). */
const heldDemotion = (demote: (tx: Database["db"]) => Promise<unknown>) => heldTransaction(db(), demote);

describe.runIf(onPostgres)("a demotion committed while an action runs: the action is refused on the new role", () => {
  it("approving an invoice waits for a demotion to viewer in flight, then is refused; the invoice stays ready", async () => {
    const t = await team();
    const id = await readyInvoice(t.ws, t.owner.userId);
    const demotion = heldDemotion((tx) => changeRole(tx, { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.member.userId, role: "viewer" }));
    await demotion.inFlight;
    const approve = executeAction(setInvoiceStatusAction, { id, status: "approved" }, t.as(t.member), db());
    // before the fix the action read the committed role (member) and approved here, while the demotion was in flight
    expect(await settlesWithin(approve, 400)).toBe(false);
    demotion.release();
    await demotion.done;
    expect(await approve).toMatchObject({ ok: false, error: expect.stringMatching(/^Your role \(viewer\) cannot do this; it needs member or above/) });
    const [row] = await db().select({ status: invoices.status }).from(invoices).where(eq(invoices.id, id));
    expect(row.status).toBe("ready");
  });

  it("editing an invoice field waits for a removal in flight, then is refused as not a member", async () => {
    const t = await team();
    const id = await readyInvoice(t.ws, t.owner.userId);
    const removal = heldDemotion((tx) => removeMember(tx, { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.member.userId }));
    await removal.inFlight;
    const edit = executeAction(updateInvoiceFieldAction, { id, field: "invoiceNumber", value: "R-2" }, t.as(t.member), db());
    expect(await settlesWithin(edit, 400)).toBe(false);
    removal.release();
    await removal.done;
    expect(await edit).toMatchObject({ ok: false, code: "forbidden" });
    const [row] = await db().select({ n: invoices.invoiceNumber }).from(invoices).where(eq(invoices.id, id));
    expect(row.n).toBe("R-1");
  });

  it("an admin inviting while being demoted to member: refused once the demotion commits, and no invitation is left open", async () => {
    const t = await team();
    const demotion = heldDemotion((tx) => changeRole(tx, { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.admin.userId, role: "member" }));
    await demotion.inFlight;
    const invite = executeAction(inviteMemberAction, { email: `late-${t.tag}@example.com`, role: "member" }, t.as(t.admin), db());
    expect(await settlesWithin(invite, 400)).toBe(false);
    demotion.release();
    await demotion.done;
    expect(await invite).toMatchObject({ ok: false, error: expect.stringMatching(/^Your role \(member\) cannot do this; it needs admin or above/) });
    expect(await listOpenInvitations(db(), { workspaceId: t.ws })).toEqual([]);
  });

  // every action locks by default (lib/action.ts): the same holds beyond the team and invoice actions
  it("saving a broker (insurance) waits for a demotion to viewer in flight, then is refused; no broker is saved", async () => {
    const t = await team();
    const demotion = heldDemotion((tx) => changeRole(tx, { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.member.userId, role: "viewer" }));
    await demotion.inFlight;
    const save = executeAction(saveBrokerAction, { name: "Late Broker", emailDomains: ["late.example"] }, t.as(t.member), db());
    expect(await settlesWithin(save, 400)).toBe(false);
    demotion.release();
    await demotion.done;
    expect(await save).toMatchObject({ ok: false, error: expect.stringMatching(/^Your role \(viewer\) cannot do this; it needs member or above/) });
    expect(await db().select().from(brokers).where(eq(brokers.workspaceId, t.ws))).toEqual([]);
  });

  it("adding a suppression (campaigns) waits for a removal in flight, then is refused as not a member", async () => {
    const t = await team();
    const removal = heldDemotion((tx) => removeMember(tx, { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.member.userId }));
    await removal.inFlight;
    const add = executeAction(addSuppressionAction, { email: "someone@example.com" }, t.as(t.member), db());
    expect(await settlesWithin(add, 400)).toBe(false);
    removal.release();
    await removal.done;
    expect(await add).toMatchObject({ ok: false, code: "forbidden" });
    expect(await db().select().from(suppressions).where(eq(suppressions.workspaceId, t.ws))).toEqual([]);
  });

  it("adding a mailbox (its server checked before the transaction) waits for a demotion to member in flight, then is refused", async () => {
    const t = await team();
    const demotion = heldDemotion((tx) => changeRole(tx, { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.admin.userId, role: "member" }));
    await demotion.inFlight;
    const imap = { host: "93.184.216.34", port: 993, secure: true, user: "ap@acme.example", folder: "INBOX", mode: "unseen" as const, afterProcessing: "seen" as const };
    const add = executeAction(createMailboxAction, { kind: "imap", config: imap, name: "Late", purpose: "invoices", pollEveryMinutes: 15, secret: "pw" }, t.as(t.admin), db());
    expect(await settlesWithin(add, 400)).toBe(false);
    demotion.release();
    await demotion.done;
    expect(await add).toMatchObject({ ok: false, error: expect.stringMatching(/^Your role \(member\) cannot do this; it needs admin or above/) });
    expect(await db().select().from(mailboxes).where(eq(mailboxes.workspaceId, t.ws))).toEqual([]);
  });

  it("an upload (POST /api/documents) waits for a demotion to viewer in flight, then is refused; nothing is stored", async () => {
    const t = await team();
    const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-race-")));
    const demotion = heldDemotion((tx) => changeRole(tx, { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.member.userId, role: "viewer" }));
    await demotion.inFlight;
    const upload = storeUpload(t.as(t.member), { name: "late.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n1 0 obj\n%%EOF\n") }, { db: db(), blobs, maxFileBytes: 1e6 });
    expect(await settlesWithin(upload, 400)).toBe(false);
    demotion.release();
    await demotion.done;
    await expect(upload).rejects.toThrow(/^Your role \(viewer\) cannot do this; it needs member or above/);
    expect(await db().select().from(documents).where(eq(documents.workspaceId, t.ws))).toEqual([]);
  });

  it("an action already holding its role makes a demotion wait for it, without a deadlock", async () => {
    const t = await team();
    const id = await readyInvoice(t.ws, t.owner.userId);
    // many approvals and edits by the member while the owner demotes them: every call either ran before the demotion
    // (as member) or is refused after it (as viewer); none fails any other way
    const calls = Array.from({ length: 6 }, (_, i) =>
      i % 2
        ? executeAction(updateInvoiceFieldAction, { id, field: "invoiceNumber", value: `R-${i}` }, t.as(t.member), db())
        : executeAction(setInvoiceStatusAction, { id, status: i === 0 ? "approved" : "needs_review" }, t.as(t.member), db()),
    );
    const demote = changeRole(db(), { workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", userId: t.member.userId, role: "viewer" });
    const results = await Promise.all(calls);
    await demote;
    for (const r of results) {
      if (!r.ok) expect(r.error).toMatch(/^(Your role \(viewer\) cannot do this|An invoice that is|This invoice is approved)/);
    }
    const [m] = await db().select({ role: memberships.role }).from(memberships).where(and(eq(memberships.workspaceId, t.ws), eq(memberships.userId, t.member.userId)));
    expect(m.role).toBe("viewer");
  });
});

describe.runIf(onPostgres)("deleting a workspace while an action runs in it", () => {
  // the action holds its caller's membership row and then inserts a row of the workspace (which key-shares the
  // workspace row): the deletion must wait for it rather than take the workspace row first and deadlock
  let paused!: () => void;
  let gate!: Promise<void>;
  const held = workspaceAction({ name: "testHeldBrokerSave", role: "member", schema: z.object({}) }, async (_input, ctx) => {
    paused();
    await gate;
    await ctx.db.insert(brokers).values({ workspaceId: ctx.workspaceId, name: "In flight", emailDomains: [] });
    return null;
  });

  it("waits for the action, then deletes everything, the action's row too; neither fails", async () => {
    const t = await team();
    let release!: () => void;
    gate = new Promise<void>((r) => (release = r));
    const started = new Promise<void>((r) => (paused = r));
    const action = executeAction(held, {}, t.as(t.member), db());
    await started;
    const info = console.info;
    console.info = () => undefined;
    const deletion = executeAction(deleteWorkspaceAction, { confirmName: `Race ${t.tag}` }, t.as(t.owner), db());
    expect(await settlesWithin(deletion, 400)).toBe(false);
    release();
    expect(await action).toEqual({ ok: true, data: null });
    expect(await deletion).toMatchObject({ ok: true });
    console.info = info;
    expect(await db().select().from(brokers).where(eq(brokers.workspaceId, t.ws))).toEqual([]);
    // an action started after the deletion finds no membership
    expect(await executeAction(saveBrokerAction, { name: "Late", emailDomains: [] }, t.as(t.member), db())).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("an action run in its role-checking transaction", () => {
  // a failed statement whose error the action's code caught leaves the transaction aborted: its COMMIT is then a
  // silent ROLLBACK, and the action would answer "done" for changes that were thrown away
  const swallowing = workspaceAction({ name: "testSwallowedFailure", role: "viewer", lock: "membership", schema: z.object({ name: z.string() }) }, async (input, ctx) => {
    await ctx.db.update(workspaces).set({ name: input.name }).where(eq(workspaces.id, ctx.workspaceId));
    await ctx.db.execute(sql`select 1 / 0`).catch(() => undefined);
    return null;
  });

  it("fails, instead of answering done, when a statement in it failed and the rest was rolled back", async () => {
    const t = await team();
    const r = await executeAction(swallowing, { name: "Renamed" }, t.as(t.member), db());
    expect(r.ok).toBe(false);
    const [ws] = await db().select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, t.ws));
    expect(ws.name).toBe(`Race ${t.tag}`);
  });
});

describe("work an action leaves for after its commit (events, wake-ups)", () => {
  // `afterCommit` inside the action queues; the queue runs once the transaction has committed, so what it announces
  // is there to be read from any connection — and on PGlite (one connection) it does not wait for its own transaction
  const seen: (string | null)[] = [];
  const renaming = workspaceAction(
    { name: "testAfterCommit", role: "member", schema: z.object({ name: z.string(), fail: z.boolean() }) },
    async (input, ctx) => {
      await ctx.db.update(workspaces).set({ name: input.name }).where(eq(workspaces.id, ctx.workspaceId));
      await afterCommit(async () => {
        const [ws] = await db().select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
        seen.push(ws?.name ?? null);
      });
      if (input.fail) throw new Error("boom");
      return null;
    },
  );

  it("runs after the commit, reading what the action wrote", async () => {
    const t = await team();
    seen.length = 0;
    expect(await executeAction(renaming, { name: "After", fail: false }, t.as(t.member), db())).toEqual({ ok: true, data: null });
    expect(seen).toEqual(["After"]);
  });

  it("never runs when the action fails and its writes roll back", async () => {
    const t = await team();
    seen.length = 0;
    expect(await executeAction(renaming, { name: "Never", fail: true }, t.as(t.member), db())).toMatchObject({ ok: false });
    expect(seen).toEqual([]);
    const [ws] = await db().select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, t.ws));
    expect(ws.name).toBe(`Race ${t.tag}`);
  });

  it("runs at once outside an action", async () => {
    let ran = false;
    await afterCommit(() => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
