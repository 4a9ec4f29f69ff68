import { ImapFlow } from "imapflow";
import MailComposer from "nodemailer/lib/mail-composer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDovecot, startDovecot, type DovecotInstance } from "@/scripts/test-services/dovecot";
import { parseEml } from "./eml";
import { IntakeError } from "./errors";
import { fetchNewMessages, markImapMessagesProcessed, verifyImapMailbox, type FetchNewMessagesOptions } from "./imap";

// Runs against a real Dovecot IMAP server started for this file. Skipped only when the binary is absent.
const dovecot = findDovecot();
if (!dovecot) {
  console.warn(
    "\n" +
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n" +
      "!! SKIPPING lib/intake/imap.service.test.ts: the dovecot binary is not installed.          !!\n" +
      "!! The IMAP connector is NOT tested. Install it with: apt-get install -y dovecot-imapd    !!\n" +
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
  );
}

const USER = "ap";
const PASSWORD = "ap-pässword";

async function message(n: number, subject = `Invoice INV-${n}`): Promise<Buffer> {
  return new MailComposer({
    from: `Vendor ${n} <billing${n}@vendor.example>`,
    to: "ap@docket.example",
    subject,
    messageId: `<inv-${n}-${subject.length}@vendor.example>`,
    date: new Date("2024-03-05T10:00:00Z"),
    text: `Invoice ${n} attached.`,
    attachments: [{ filename: `inv-${n}.pdf`, content: Buffer.from(`%PDF-1.4\n% invoice ${n}\n%%EOF\n`) }],
  })
    .compile()
    .build();
}

describe.skipIf(!dovecot)("IMAP connector against a real Dovecot server", () => {
  let server: DovecotInstance;
  let admin: ImapFlow;
  const base = (): Omit<FetchNewMessagesOptions, "folder" | "mode" | "markProcessed"> => ({
    host: server.host,
    port: server.port,
    secure: false,
    user: USER,
    password: PASSWORD,
  });

  async function deliver(folder: string, n: number, date?: Date, subject?: string): Promise<void> {
    const list = await admin.list();
    if (!list.some((b) => b.path === folder)) await admin.mailboxCreate(folder);
    await admin.append(folder, await message(n, subject), [], date);
  }

  async function countIn(folder: string): Promise<number> {
    const status = await admin.status(folder, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  }

  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    admin = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.logout().catch(() => undefined);
    await server?.stop();
  });

  it("fetches 3 unseen messages, marks them seen, and finds nothing new on the next poll", async () => {
    for (const n of [1, 2, 3]) await deliver("INBOX", n);

    const first = await fetchNewMessages({ ...base(), folder: "INBOX", mode: "unseen", markProcessed: "seen" });
    expect(first.messages.map((m) => m.uid)).toEqual([1, 2, 3]);
    expect(first.cursor).toEqual({ uidValidity: expect.any(Number), lastUid: 3 });
    expect(first.uidValidityChanged).toBe(false);
    const parsed = await Promise.all(first.messages.map((m) => parseEml(m.raw, `uid-${m.uid}.eml`)));
    expect(parsed.map((p) => p.subject)).toEqual(["Invoice INV-1", "Invoice INV-2", "Invoice INV-3"]);
    expect(parsed[0].attachments.map((a) => a.filename)).toEqual(["inv-1.pdf"]);

    const again = await fetchNewMessages({ ...base(), folder: "INBOX", mode: "unseen", markProcessed: "seen", cursor: first.cursor });
    expect(again.messages).toEqual([]);
    expect(again.cursor).toEqual(first.cursor);
    // They really are \Seen on the server: even without a cursor, unseen mode finds nothing.
    const noCursor = await fetchNewMessages({ ...base(), folder: "INBOX", mode: "unseen", markProcessed: "none" });
    expect(noCursor.messages).toEqual([]);

    await deliver("INBOX", 4);
    const fourth = await fetchNewMessages({ ...base(), folder: "INBOX", mode: "unseen", markProcessed: "seen", cursor: again.cursor });
    expect(fourth.messages.map((m) => m.uid)).toEqual([4]);
    expect(fourth.cursor.lastUid).toBe(4);
  });

  it("is idempotent by UID cursor when messages are left unread", async () => {
    for (const n of [10, 11]) await deliver("Leave", n);
    const first = await fetchNewMessages({ ...base(), folder: "Leave", mode: "unseen", markProcessed: "none" });
    expect(first.messages).toHaveLength(2);
    const again = await fetchNewMessages({ ...base(), folder: "Leave", mode: "unseen", markProcessed: "none", cursor: first.cursor });
    expect(again.messages).toEqual([]);
    const fresh = await fetchNewMessages({ ...base(), folder: "Leave", mode: "unseen", markProcessed: "none" });
    expect(fresh.messages).toHaveLength(2); // still unread on the server
  });

  it("since mode returns messages received at or after the instant, read or not", async () => {
    await deliver("Since", 20, new Date("2020-01-15T12:00:00Z"));
    await deliver("Since", 21, new Date("2024-06-01T08:00:00Z"));
    await deliver("Since", 22, new Date("2024-06-01T18:00:00Z"));
    await admin.mailboxOpen("Since");
    await admin.messageFlagsAdd({ all: true }, ["\\Seen"]);
    await admin.mailboxClose();

    const r = await fetchNewMessages({ ...base(), folder: "Since", mode: "since", since: "2024-06-01T12:00:00Z", markProcessed: "none" });
    expect(r.messages.map((m) => m.uid)).toEqual([3]);
    expect(r.messages[0].receivedAt).toBe("2024-06-01T18:00:00.000Z");
    const day = await fetchNewMessages({ ...base(), folder: "Since", mode: "since", since: new Date("2024-01-01"), markProcessed: "none" });
    expect(day.messages.map((m) => m.uid)).toEqual([2, 3]);
    await expect(fetchNewMessages({ ...base(), folder: "Since", mode: "since", markProcessed: "none" })).rejects.toThrow('mode "since" needs a valid date');
  });

  it("moves processed messages to another folder, creating it", async () => {
    for (const n of [30, 31]) await deliver("MoveMe", n);
    const r = await fetchNewMessages({ ...base(), folder: "MoveMe", mode: "unseen", markProcessed: "move:Processed" });
    expect(r.messages).toHaveLength(2);
    expect(await countIn("MoveMe")).toBe(0);
    expect(await countIn("Processed")).toBe(2);
  });

  it("delivers large backlogs in batches and the cursor picks up where it stopped", async () => {
    for (const n of [40, 41, 42]) await deliver("Batch", n);
    const a = await fetchNewMessages({ ...base(), folder: "Batch", mode: "unseen", markProcessed: "none", maxMessages: 2 });
    expect(a.messages.map((m) => m.uid)).toEqual([1, 2]);
    expect(a.remaining).toBe(1);
    const b = await fetchNewMessages({ ...base(), folder: "Batch", mode: "unseen", markProcessed: "none", maxMessages: 2, cursor: a.cursor });
    expect(b.messages.map((m) => m.uid)).toEqual([3]);
    expect(b.remaining).toBe(0);
  });

  it("lists messages over the size limit instead of downloading them", async () => {
    await deliver("Big", 50, undefined, `Huge ${"x".repeat(10)}`);
    const r = await fetchNewMessages({ ...base(), folder: "Big", mode: "unseen", markProcessed: "seen", maxMessageBytes: 100 });
    expect(r.messages).toEqual([]);
    expect(r.oversized).toEqual([{ uid: 1, size: expect.any(Number) }]);
    expect(r.cursor.lastUid).toBe(1);
  });

  it("supports two-phase polling: fetch, then mark processed", async () => {
    for (const n of [60, 61]) await deliver("TwoPhase", n);
    const r = await fetchNewMessages({ ...base(), folder: "TwoPhase", mode: "unseen", markProcessed: "none" });
    await markImapMessagesProcessed(
      { ...base(), folder: "TwoPhase", markProcessed: "seen", uidValidity: r.cursor.uidValidity },
      r.messages.map((m) => m.uid),
    );
    const after = await fetchNewMessages({ ...base(), folder: "TwoPhase", mode: "unseen", markProcessed: "none" });
    expect(after.messages).toEqual([]);
  });

  it("restarts from the beginning when UIDVALIDITY changed", async () => {
    await deliver("Valid", 70);
    const r = await fetchNewMessages({ ...base(), folder: "Valid", mode: "unseen", markProcessed: "none", cursor: { uidValidity: 1, lastUid: 99 } });
    expect(r.uidValidityChanged).toBe(true);
    expect(r.messages.map((m) => m.uid)).toEqual([1]);
    expect(r.cursor.uidValidity).not.toBe(1);
  });

  it("reports a bad password as a clear login error without echoing it", async () => {
    const e = await fetchNewMessages({ ...base(), password: "wrong-password", folder: "INBOX", mode: "unseen", markProcessed: "none" }).catch((x) => x);
    expect(e).toBeInstanceOf(IntakeError);
    expect(e.code).toBe("imap_auth");
    expect(e.message).toMatch(/^IMAP login failed for ap@127\.0\.0\.1: .+/);
    expect(e.message).not.toContain("wrong-password");
  });

  it("reports a missing folder and an unreachable server clearly", async () => {
    const missing = await verifyImapMailbox({ ...base(), folder: "Nope" }).catch((x) => x);
    expect(missing.code).toBe("imap_folder");
    expect(missing.message).toContain('IMAP folder "Nope" does not exist in the mailbox of ap@127.0.0.1');

    const ok = await verifyImapMailbox({ ...base(), folder: "INBOX" });
    expect(ok.messages).toBe(4);

    const closed = await fetchNewMessages({ ...base(), port: 1, folder: "INBOX", mode: "unseen", markProcessed: "none", connectionTimeoutMs: 5000 }).catch((x) => x);
    expect(closed.code).toBe("imap_connection");
    expect(closed.message).toContain("Could not connect to the IMAP server 127.0.0.1:1 for ap");
  });
});

describe.skipIf(!dovecot)("IMAP connector over TLS (self-signed certificate)", () => {
  let server: DovecotInstance;

  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: USER, password: PASSWORD }], tls: true });
    const admin = new ImapFlow({
      host: server.host,
      port: server.tlsPort!,
      secure: true,
      auth: { user: USER, pass: PASSWORD },
      tls: { rejectUnauthorized: false },
      logger: false,
    });
    await admin.connect();
    await admin.append("INBOX", await message(90));
    await admin.logout();
  });

  afterAll(async () => {
    await server?.stop();
  });

  const tlsBase = () => ({ host: server.host, port: server.tlsPort!, secure: true, user: USER, password: PASSWORD });

  it("fetches over implicit TLS when the certificate is trusted through `ca`", async () => {
    const r = await fetchNewMessages({ ...tlsBase(), tls: { ca: server.certificate!, servername: "localhost" }, folder: "INBOX", mode: "unseen", markProcessed: "none" });
    expect(r.messages).toHaveLength(1);
    expect((await parseEml(r.messages[0].raw, "tls.eml")).subject).toBe("Invoice INV-90");
  });

  it("upgrades the plain port with STARTTLS", async () => {
    const r = await fetchNewMessages({ ...tlsBase(), port: server.port, secure: false, tls: { ca: server.certificate!, servername: "localhost" }, folder: "INBOX", mode: "unseen", markProcessed: "none" });
    expect(r.messages).toHaveLength(1);
    // Proof that TLS really was negotiated on the plain port: without the CA the same call fails.
    const untrusted = await fetchNewMessages({ ...tlsBase(), port: server.port, secure: false, folder: "INBOX", mode: "unseen", markProcessed: "none" }).catch((x) => x);
    expect(untrusted.code).toBe("imap_connection");
  });

  it("refuses an untrusted certificate with a hint about TLS", async () => {
    const e = await fetchNewMessages({ ...tlsBase(), folder: "INBOX", mode: "unseen", markProcessed: "none" }).catch((x) => x);
    expect(e).toBeInstanceOf(IntakeError);
    expect(e.code).toBe("imap_connection");
    expect(e.message).toContain(`Could not connect to the IMAP server 127.0.0.1:${server.tlsPort} for ap`);
    expect(e.message).toContain("check the TLS setting and the server certificate");
  });
});
