import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import MailComposer from "nodemailer/lib/mail-composer";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createMailbox, getMailbox, updateMailbox, type MailboxInput } from "@/db/queries/mailboxes";
import { type ImapMailboxConfig } from "@/lib/intake/mailbox-settings";
import { getRun } from "@/db/queries/runner";
import { documents, messageDocuments, messages, runnerEvents, runnerRuns } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { imapTestConfig } from "@/db/testing/mailboxes";
import { localBlobStore, type BlobStore } from "@/lib/blob";
import { createSecretBox } from "@/lib/crypto/secrets";
import { startDocumentProcessing } from "@/services/documents/start-document-processing";
import { ManualClock, type RunnerHandle } from "@/lib/runner";
import { findDovecot, startDovecot, type DovecotInstance } from "@/scripts/test-services/dovecot";
import { startFakeGraph, type FakeGraphMessage, type FakeGraphServer } from "@/scripts/test-services/graph-server";
import { verifyMailboxConnection } from "@/services/mailboxes/verify-mailbox-connection";
import type { MailboxPollDeps } from "@/services/mailboxes/poll-deps";
import { createMailboxPollFunctions } from "./poll-mailboxes";

// The mailbox poller run through the embedded runner (manual clock, no background loop) against a real Dovecot
// IMAP server and a local Microsoft Graph server. Skipped (loudly) only when the dovecot binary is missing.

const dovecot = findDovecot();
if (!dovecot) {
  console.warn(
    "\n!!!! SKIPPING the IMAP part of inngest/functions/poll-mailboxes.db.test.ts: dovecot is not installed." +
      " The IMAP poller is NOT tested. Install it with: apt-get install -y dovecot-imapd !!!!\n",
  );
}

const T0 = Date.parse("2026-11-21T09:00:30Z");
const box = createSecretBox({ masterSecret: "poll-test-master-secret-0123456789abcdef" });

async function invoicePdf(n: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText(`INVOICE INV-${n}`, { x: 50, y: 780, size: 18, font });
  page.drawText(`Total: ${100 + n}.00 EUR`, { x: 50, y: 740, size: 12, font });
  return Buffer.from(await pdf.save());
}

async function invoiceEmail(n: number, opts: { messageId?: string; subject?: string } = {}): Promise<Buffer> {
  return new MailComposer({
    from: `Vendor ${n} <billing${n}@vendor.example>`,
    to: "ap@docket.example",
    subject: opts.subject ?? `Invoice INV-${n}`,
    messageId: opts.messageId ?? `<poll-inv-${n}@vendor.example>`,
    date: new Date("2026-11-20T10:00:00Z"),
    text: `Invoice ${n} attached.`,
    attachments: [{ filename: `inv-${n}.pdf`, content: await invoicePdf(n), contentType: "application/pdf" }],
  })
    .compile()
    .build();
}

interface World {
  database: Database;
  runner: RunnerHandle;
  clock: ManualClock;
  workspaceId: string;
  userId: string;
  started: { id: string; workspaceId: string }[];
  /** Fail the Nth .eml blob write from now (1 = the next one). */
  failEmlPut: { countdown: number };
}

async function tearDownWorld(w: World | undefined) {
  await w?.runner.stop();
  await w?.database.close();
}

async function setUpWorld(): Promise<World> {
  const database = await createTestDatabase();
  const { userId, workspaceId } = await createTestUser(database.db, `poller-${Math.random().toString(36).slice(2)}@docket.test`);
  const clock = new ManualClock(T0);
  const local = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-poll-blobs-")));
  const failEmlPut = { countdown: 0 };
  const blobs: BlobStore = {
    ...local,
    async put(key, data, contentType) {
      if (key.includes("/eml/") && failEmlPut.countdown > 0 && --failEmlPut.countdown === 0) {
        throw new Error("blob store unavailable (scripted)");
      }
      return local.put(key, data, contentType);
    },
  };
  const started: World["started"] = [];
  const deps: MailboxPollDeps = {
    db: database.db,
    blobs,
    box,
    now: () => clock.now(),
    startProcessing: async (docs) => {
      started.push(...docs);
      await startDocumentProcessing(docs);
    },
    timeoutMs: 10_000,
  };
  const fns = createMailboxPollFunctions(async () => deps);
  const runner = await startTestRunner(database, [fns.scheduleMailboxPolls, fns.pollMailbox], { clock });
  return { database, runner, clock, workspaceId, userId, started, failEmlPut };
}

let eventSeq = 0;
const lastEvent = new Map<World, string>();

/** Sends app/mailbox.poll, runs everything due, and returns the poll run it started. */
async function poll(w: World, mailboxId: string) {
  const id = `test-poll-${++eventSeq}`;
  lastEvent.set(w, id);
  await w.runner.send({ name: "app/mailbox.poll", id, data: { workspaceId: w.workspaceId, mailboxId } });
  await w.runner.drain();
  return lastPollRun(w);
}

/** The run started by the last event `poll` sent. */
async function lastPollRun(w: World) {
  const [run] = await w.database.db
    .select({ id: runnerRuns.id })
    .from(runnerRuns)
    .where(and(eq(runnerRuns.functionId, "docket-poll-mailbox"), eq(runnerRuns.eventId, lastEvent.get(w)!)));
  return (await getRun(w.database.db, { workspaceId: w.workspaceId, runId: run!.id }))!;
}

async function messagesOf(w: World, mailboxId: string) {
  return w.database.db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, w.workspaceId), eq(messages.mailboxId, mailboxId)))
    .orderBy(messages.subject);
}

async function documentsOf(w: World, messageIds: string[]) {
  const all = await w.database.db
    .select({ messageId: messageDocuments.messageId, filename: messageDocuments.filename, contentType: documents.contentType, status: documents.status })
    .from(messageDocuments)
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .where(eq(messageDocuments.workspaceId, w.workspaceId));
  return all.filter((d) => messageIds.includes(d.messageId)).sort((a, b) => a.filename.localeCompare(b.filename));
}

// ———————————————————————————————————————————————————————————————————————————————————————— IMAP

describe.skipIf(!dovecot)("poll-mailbox against a real Dovecot IMAP server", () => {
  const USER = "ap";
  const PASSWORD = "ap-imap-pässword";
  let server: DovecotInstance;
  let admin: ImapFlow;
  let w: World;

  const config = (over: Partial<ImapMailboxConfig> = {}) => imapTestConfig({ host: server.host, port: server.port, secure: false, user: USER }, over);
  const input = (name: string, over: Partial<ImapMailboxConfig> = {}): MailboxInput => ({
    name,
    purpose: "invoices",
    pollEveryMinutes: 5,
    settings: { kind: "imap", config: config(over) },
  });

  async function append(folder: string, raw: Buffer) {
    const list = await admin.list();
    if (!list.some((b) => b.path === folder)) await admin.mailboxCreate(folder);
    await admin.append(folder, raw, []);
  }

  /** The flags of every message in a folder, seen through a fresh connection (a selected folder's view can be stale). */
  async function flagsIn(folder: string): Promise<string[][]> {
    const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
    await client.connect();
    try {
      const box = await client.mailboxOpen(folder);
      const out: string[][] = [];
      if (box.exists === 0) return out;
      for await (const m of client.fetch("1:*", { flags: true })) out.push([...(m.flags ?? [])].filter((f) => f !== "\\Recent").sort());
      return out;
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    admin = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
    await admin.connect();
    w = await setUpWorld();
  });

  afterAll(async () => {
    await tearDownWorld(w);
    await admin?.logout().catch(() => undefined);
    await server?.stop();
  });

  it("stores 2 new messages with their PDFs, marks them seen after storing, and finds nothing new on the next poll", async () => {
    const mailbox = await createMailbox(w.database.db, box, { ...input("AP inbox"), workspaceId: w.workspaceId, actorId: w.userId, secret: PASSWORD });
    await append("INBOX", await invoiceEmail(1));
    await append("INBOX", await invoiceEmail(2));

    const run = await poll(w, mailbox.id);
    expect(run.status, JSON.stringify(run.error)).toBe("completed");
    expect(run.output).toMatchObject({ stored: 2, duplicates: 0, documents: 2, continued: false });
    // The raw messages never end up in the run's stored step outputs (only ids and counts), nor does the password.
    expect(JSON.stringify(run.steps)).not.toContain(PASSWORD);
    expect(JSON.stringify(run.steps)).not.toContain("Invoice 1 attached");

    const msgs = await messagesOf(w, mailbox.id);
    expect(msgs.map((m) => [m.subject, m.source, m.messageId, m.fromAddress])).toEqual([
      ["Invoice INV-1", "imap", "<poll-inv-1@vendor.example>", "billing1@vendor.example"],
      ["Invoice INV-2", "imap", "<poll-inv-2@vendor.example>", "billing2@vendor.example"],
    ]);
    expect(msgs.every((m) => m.rawBlobKey)).toBe(true);
    const docs = await documentsOf(
      w,
      msgs.map((m) => m.id),
    );
    expect(docs.map((d) => [d.filename, d.contentType, d.status])).toEqual([
      ["inv-1.pdf", "application/pdf", "queued"],
      ["inv-2.pdf", "application/pdf", "queued"],
    ]);
    // Handed to processing with per-document event ids.
    expect(w.started).toHaveLength(2);
    const processingEvents = await w.database.db.select().from(runnerEvents).where(like(runnerEvents.id, "document-uploaded-%"));
    expect(processingEvents.map((e) => e.id.slice(0, "document-uploaded-".length + 36)).sort()).toEqual(
      w.started.map((d) => `document-uploaded-${d.id}`).sort(),
    );

    expect(await flagsIn("INBOX")).toEqual([["\\Seen"], ["\\Seen"]]);
    const after = await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id });
    expect(after).toMatchObject({ lastError: null, messageCount: 2 });
    expect(after!.lastPolledAt!.getTime()).toBe(T0);
    expect(after!.lastSuccessAt!.getTime()).toBe(T0);

    const again = await poll(w, mailbox.id);
    expect(again.status).toBe("completed");
    expect(again.output).toMatchObject({ stored: 0, duplicates: 0, documents: 0 });
    expect(await messagesOf(w, mailbox.id)).toHaveLength(2);
    expect(w.started).toHaveLength(2);
  });

  it("never processes a repeated Message-ID twice, and leaves messages unmarked until they are stored", async () => {
    const mailbox = await createMailbox(w.database.db, box, {
      ...input("Leave and retry", { folder: "Retry", afterProcessing: "move", moveTo: "Processed" }),
      workspaceId: w.workspaceId,
      actorId: w.userId,
      secret: PASSWORD,
    });
    await append("Retry", await invoiceEmail(11));
    await append("Retry", await invoiceEmail(12));
    // The same email again (a re-sent copy with the same Message-ID as one already taken in above).
    await append("Retry", await invoiceEmail(1, { subject: "Fwd: Invoice INV-1 (resent)" }));

    // The second message's store fails: the step fails, nothing is marked or moved on the server yet.
    w.failEmlPut.countdown = 2;
    const started = w.started.length;
    let run = await poll(w, mailbox.id);
    expect(run.status).toBe("running");
    expect(run.nextDueAt).not.toBeNull();
    expect(await flagsIn("Retry")).toEqual([[], [], []]);
    const failing = await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id });
    expect(failing!.lastError).toContain("blob store unavailable");
    expect(failing!.lastSuccessAt).toBeNull();
    expect((await messagesOf(w, mailbox.id)).map((m) => m.subject)).toEqual(["Invoice INV-11"]);

    // The retry stores the rest; the message stored by the failed attempt is not stored again, and its
    // document is still handed to processing.
    w.clock.advance(run.nextDueAt!.getTime() - w.clock.now());
    await w.runner.drain();
    run = await lastPollRun(w);
    expect(run.status, JSON.stringify(run.error)).toBe("completed");
    expect(run.output).toMatchObject({ stored: 1, duplicates: 2, documents: 1 });
    const msgs = await messagesOf(w, mailbox.id);
    expect(msgs.map((m) => m.subject)).toEqual(["Invoice INV-11", "Invoice INV-12"]);
    const docs = await documentsOf(w, msgs.map((m) => m.id));
    expect(docs.map((d) => d.filename)).toEqual(["inv-11.pdf", "inv-12.pdf"]);
    const allWithFirstId = await w.database.db.select().from(messages).where(eq(messages.messageId, "<poll-inv-1@vendor.example>"));
    expect(allWithFirstId).toHaveLength(1);
    // Both new documents were handed to processing (INV-11's by the retry, though its first attempt failed).
    const handed = new Set(w.started.slice(started).map((d) => d.id));
    for (const m of msgs) {
      const [link] = await w.database.db.select().from(messageDocuments).where(eq(messageDocuments.messageId, m.id));
      expect(handed.has(link!.documentId), `${m.subject} handed to processing`).toBe(true);
    }
    // Marked and moved only now.
    expect(await flagsIn("Retry")).toEqual([]);
    expect(await flagsIn("Processed")).toEqual([["\\Seen"], ["\\Seen"], ["\\Seen"]]);
    expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id }))!.lastError).toBeNull();
  });

  it("leaves messages unread when told to, relying on the cursor", async () => {
    const mailbox = await createMailbox(w.database.db, box, {
      ...input("Leave", { folder: "Leave", afterProcessing: "leave" }),
      workspaceId: w.workspaceId,
      actorId: w.userId,
      secret: PASSWORD,
    });
    await append("Leave", await invoiceEmail(21));
    expect((await poll(w, mailbox.id)).output).toMatchObject({ stored: 1 });
    expect(await flagsIn("Leave")).toEqual([[]]);
    expect((await poll(w, mailbox.id)).output).toMatchObject({ stored: 0, duplicates: 0 });
    await append("Leave", await invoiceEmail(22));
    expect((await poll(w, mailbox.id)).output).toMatchObject({ stored: 1, duplicates: 0 });
    expect(await flagsIn("Leave")).toEqual([[], []]);
  });

  it("records a wrong password as the mailbox's last error and does not retry it", async () => {
    const mailbox = await createMailbox(w.database.db, box, { ...input("Wrong password"), workspaceId: w.workspaceId, actorId: w.userId, secret: "not-the-password" });
    const run = await poll(w, mailbox.id);
    expect(run.status).toBe("failed");
    expect(run.failures).toBe(1);
    expect(run.nextDueAt).toBeNull();
    const after = await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id });
    expect(after!.lastError).toMatch(/IMAP login failed for ap@127\.0\.0\.1/);
    expect(after!.lastError).not.toContain("not-the-password");
    expect(after!.lastPolledAt).not.toBeNull();
    expect(after!.lastSuccessAt).toBeNull();

    // Fixing the password clears the error and the next poll succeeds.
    await updateMailbox(w.database.db, box, { ...input("Wrong password"), workspaceId: w.workspaceId, actorId: w.userId, id: mailbox.id, secret: PASSWORD });
    expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id }))!.lastError).toBeNull();
    const fixed = await poll(w, mailbox.id);
    expect(fixed.status).toBe("completed");
  });

  it("retries when the server cannot be reached, showing the connection error meanwhile", async () => {
    const mailbox = await createMailbox(w.database.db, box, {
      ...input("Unreachable", { port: 1 }),
      workspaceId: w.workspaceId,
      actorId: w.userId,
      secret: PASSWORD,
    });
    const run = await poll(w, mailbox.id);
    expect(run.status).toBe("running");
    expect(run.failures).toBe(1);
    expect(run.nextDueAt).not.toBeNull();
    expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id }))!.lastError).toMatch(
      /Could not connect to the IMAP server 127\.0\.0\.1:1/,
    );
  });

  it("skips a disabled mailbox", async () => {
    const mailbox = await createMailbox(w.database.db, box, {
      ...input("Disabled", { folder: "Disabled" }),
      enabled: false,
      workspaceId: w.workspaceId,
      actorId: w.userId,
      secret: PASSWORD,
    });
    await append("Disabled", await invoiceEmail(31));
    const run = await poll(w, mailbox.id);
    expect(run.output).toEqual({ skipped: "disabled" });
    expect(await messagesOf(w, mailbox.id)).toHaveLength(0);
    expect(await flagsIn("Disabled")).toEqual([[]]);
  });
});

// ———————————————————————————————————————————————————————————————————————————————————————— Graph

describe("poll-mailbox against a local Microsoft Graph server", () => {
  const TENANT = "contoso-tenant";
  const CLIENT = "docket-app";
  const SECRET = "graph-client-secret-value";
  const MAILBOX = "ap@contoso.example";
  let graph: FakeGraphServer;
  let w: World;

  async function graphMessage(n: number, over: Partial<FakeGraphMessage> = {}): Promise<FakeGraphMessage> {
    return {
      id: `AAMk-${n}`,
      internetMessageId: `<poll-graph-${n}@vendor.example>`,
      subject: `Invoice G-${n}`,
      from: `billing${n}@vendor.example`,
      receivedDateTime: "2026-11-20T10:00:00Z",
      isRead: false,
      hasAttachments: true,
      folder: "inbox",
      mime: await invoiceEmail(100 + n, { messageId: `<poll-graph-${n}@vendor.example>`, subject: `Invoice G-${n}` }),
      ...over,
    };
  }

  const input = (secret = SECRET) => ({
    name: "Outlook AP",
    purpose: "invoices" as const,
    pollEveryMinutes: 5,
    settings: {
      kind: "graph" as const,
      config: { tenantId: TENANT, clientId: CLIENT, mailbox: MAILBOX, folder: "inbox", authorityUrl: graph.url, graphUrl: graph.url },
    },
    workspaceId: w.workspaceId,
    actorId: w.userId,
    secret,
  });

  beforeAll(async () => {
    graph = await startFakeGraph({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      mailbox: MAILBOX,
      messages: [await graphMessage(1), await graphMessage(2), await graphMessage(3, { isRead: true })],
    });
    w = await setUpWorld();
  });

  afterAll(async () => {
    await tearDownWorld(w);
    await graph?.close();
  });

  it("tests a connection (Settings → Test connection) without taking anything in", async () => {
    const settings = input().settings;
    expect(await verifyMailboxConnection(settings, SECRET)).toBe(
      `Signed in to tenant ${TENANT} and read folder "inbox" of ${MAILBOX}: 2 unread messages with attachments waiting.`,
    );
    await expect(verifyMailboxConnection(settings, "wrong")).rejects.toThrow(/sign-in failed.*Invalid client secret/);
    await expect(verifyMailboxConnection({ ...settings, config: { ...settings.config, mailbox: "nobody@contoso.example" } }, SECRET)).rejects.toThrow(
      /not found/,
    );
    expect(graph.messages.filter((m) => !m.isRead)).toHaveLength(2);
  });

  it("stores the unread messages with attachments, marks them read after storing, and finds nothing new next time", async () => {
    const mailbox = await createMailbox(w.database.db, box, input());
    const run = await poll(w, mailbox.id);
    expect(run.status, JSON.stringify(run.error)).toBe("completed");
    expect(run.output).toMatchObject({ stored: 2, duplicates: 0, documents: 2 });
    expect(JSON.stringify(run.steps)).not.toContain(SECRET);

    const msgs = await messagesOf(w, mailbox.id);
    expect(msgs.map((m) => [m.subject, m.source, m.messageId])).toEqual([
      ["Invoice G-1", "graph", "<poll-graph-1@vendor.example>"],
      ["Invoice G-2", "graph", "<poll-graph-2@vendor.example>"],
    ]);
    expect((await documentsOf(w, msgs.map((m) => m.id))).map((d) => d.filename)).toEqual(["inv-101.pdf", "inv-102.pdf"]);
    expect(graph.messages.map((m) => [m.id, m.isRead])).toEqual([
      ["AAMk-1", true],
      ["AAMk-2", true],
      ["AAMk-3", true],
    ]);
    // Each message was downloaded before it was marked read.
    const order = graph.requests.filter((r) => r.path.includes("/messages/AAMk-1")).map((r) => r.method);
    expect(order).toEqual(["GET", "PATCH"]);

    const before = graph.requests.length;
    const again = await poll(w, mailbox.id);
    expect(again.output).toMatchObject({ stored: 0, duplicates: 0, documents: 0 });
    expect(graph.requests.slice(before).some((r) => r.path.endsWith("/$value"))).toBe(false);
    expect(await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id })).toMatchObject({ lastError: null, messageCount: 2 });
  });

  it("does not take in a message again when it turns unread on the server (same Message-ID)", async () => {
    const mailbox = (await w.database.db.select().from(messages).where(eq(messages.workspaceId, w.workspaceId)))[0]!.mailboxId!;
    graph.messages[0]!.isRead = false;
    const run = await poll(w, mailbox);
    expect(run.output).toMatchObject({ stored: 0, duplicates: 1, documents: 0 });
    expect(graph.messages[0]!.isRead).toBe(true);
    expect(await messagesOf(w, mailbox)).toHaveLength(2);
  });

  it("records a rejected client secret and does not retry; waits as long as Graph asks when throttled", async () => {
    const bad = await createMailbox(w.database.db, box, { ...input("wrong-secret"), name: "Bad secret" });
    const failed = await poll(w, bad.id);
    expect(failed.status).toBe("failed");
    expect(failed.failures).toBe(1);
    const after = await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: bad.id });
    expect(after!.lastError).toMatch(/Microsoft Graph sign-in failed for tenant contoso-tenant.*Invalid client secret/);

    const throttled = await createMailbox(w.database.db, box, { ...input(), name: "Throttled" });
    graph.fail({ route: "list", status: 429, retryAfter: "120" });
    const run = await poll(w, throttled.id);
    expect(run.status).toBe("running");
    expect(run.nextDueAt!.getTime() - w.clock.now()).toBe(120_000);
    expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: throttled.id }))!.lastError).toMatch(/throttling/);
    w.clock.advance(120_000);
    await w.runner.drain();
    const done = await lastPollRun(w);
    expect(done.status).toBe("completed");
    expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: throttled.id }))!.lastError).toBeNull();
  });

  it("skips an unreadable message on later polls and says so", async () => {
    const mailbox = await createMailbox(w.database.db, box, { ...input(), name: "Garbage" });
    graph.messages.push({ ...(await graphMessage(9)), mime: Buffer.from("\u0000\u0001 not an email at all \u0002") });
    const run = await poll(w, mailbox.id);
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ stored: 0, unreadable: 1 });
    expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: mailbox.id }))!.lastError).toMatch(/1 message could not be read/);
    expect(graph.messages.find((m) => m.id === "AAMk-9")!.isRead).toBe(false);
    const before = graph.requests.length;
    const again = await poll(w, mailbox.id);
    expect(again.output).toMatchObject({ stored: 0, unreadable: 0 });
    expect(graph.requests.slice(before).some((r) => r.path.endsWith("AAMk-9/$value"))).toBe(false);
  });
});

// ———————————————————————————————————————————————————————————————————————————————————————— schedule

describe("schedule-mailbox-polls", () => {
  let graph: FakeGraphServer;
  let w: World;

  beforeAll(async () => {
    graph = await startFakeGraph({ tenantId: "t1", clientId: "c1", clientSecret: "s1-secret", mailbox: "ap@t1.example", messages: [] });
    w = await setUpWorld();
  });

  afterAll(async () => {
    await tearDownWorld(w);
    await graph?.close();
  });

  it("sends one poll per due mailbox each minute with an id per mailbox and minute, honouring each interval", async () => {
    const make = (name: string, pollEveryMinutes: number, enabled = true) =>
      createMailbox(w.database.db, box, {
        name,
        purpose: "invoices",
        pollEveryMinutes,
        enabled,
        settings: {
          kind: "graph",
          config: { tenantId: "t1", clientId: "c1", mailbox: "ap@t1.example", folder: "inbox", authorityUrl: graph.url, graphUrl: graph.url },
        },
        workspaceId: w.workspaceId,
        actorId: w.userId,
        secret: "s1-secret",
      });
    const every1 = await make("Every minute", 1);
    const every5 = await make("Every 5 minutes", 5);
    const off = await make("Disabled", 1, false);
    const pollEvents = async () =>
      (await w.database.db.select({ id: runnerEvents.id }).from(runnerEvents).where(eq(runnerEvents.name, "app/mailbox.poll"))).map((e) => e.id).sort();

    // 09:01 — nothing polled yet: both enabled mailboxes are due.
    w.clock.set(Date.parse("2026-11-21T09:01:00Z"));
    await w.runner.drain();
    await w.runner.drain();
    expect(await pollEvents()).toEqual([`mailbox-poll-${every1.id}-2026-11-21T09:01`, `mailbox-poll-${every5.id}-2026-11-21T09:01`].sort());
    for (const id of [every1.id, every5.id]) {
      expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id }))!.lastPolledAt!.toISOString()).toBe("2026-11-21T09:01:00.000Z");
    }
    expect((await getMailbox(w.database.db, { workspaceId: w.workspaceId, id: off.id }))!.lastPolledAt).toBeNull();

    // 09:02 .. 09:05 — the 1-minute mailbox every minute, the 5-minute one not yet.
    for (const minute of ["02", "03", "04", "05"]) {
      w.clock.set(Date.parse(`2026-11-21T09:${minute}:00Z`));
      await w.runner.drain();
      await w.runner.drain();
    }
    const events = await pollEvents();
    expect(events.filter((e) => e.includes(every1.id))).toHaveLength(5);
    expect(events.filter((e) => e.includes(every5.id))).toEqual([`mailbox-poll-${every5.id}-2026-11-21T09:01`]);

    // 09:06 — five minutes after its last poll the 5-minute mailbox is due again.
    w.clock.set(Date.parse("2026-11-21T09:06:00Z"));
    await w.runner.drain();
    await w.runner.drain();
    expect((await pollEvents()).filter((e) => e.includes(every5.id))).toEqual(
      [`mailbox-poll-${every5.id}-2026-11-21T09:01`, `mailbox-poll-${every5.id}-2026-11-21T09:06`].sort(),
    );
    expect((await pollEvents()).some((e) => e.includes(off.id))).toBe(false);
  });
});
