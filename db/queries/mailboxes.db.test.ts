import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditEvents, mailboxes, messages } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { imapTestConfig } from "@/db/testing/mailboxes";
import { createSecretBox, SecretDecryptionError } from "@/lib/crypto/secrets";
import {
  createMailbox,
  deleteMailbox,
  getMailbox,
  listMailboxes,
  listMailboxesDue,
  listMailboxMessages,
  loadMailboxForPoll,
  type MailboxInput,
  MailboxNotFoundError,
  readMailboxSecret,
  recordMailboxPoll,
  setMailboxEnabled,
  updateMailbox,
} from "./mailboxes";
import type { ImapMailboxConfig } from "@/lib/intake/mailbox-settings";

let database: Database;
const box = createSecretBox({ masterSecret: "mailbox-test-master-secret-0123456789abcdef" });
let wsA: string;
let wsB: string;
let userA: string;

const PASSWORD = "imap-pässword-do-not-leak";
const CLIENT_SECRET = "graph-client-secret-do-not-leak";

const imapConfig = (over: Partial<ImapMailboxConfig> = {}) => imapTestConfig({ host: "imap.example.com", port: 993, secure: true, user: "ap@example.com" }, over);

const imapInput = (over: Partial<MailboxInput> = {}): MailboxInput => ({
  name: "AP inbox",
  purpose: "invoices",
  pollEveryMinutes: 5,
  settings: { kind: "imap", config: imapConfig() },
  ...over,
});

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId: userA, workspaceId: wsA } = await createTestUser(database.db, "admin@a.test"));
  wsB = (await createTestUser(database.db, "admin@b.test")).workspaceId;
});

afterAll(async () => database?.close());

describe("mailboxes: create, read, secrets", () => {
  it("stores the password encrypted and never returns it, and decrypts it for polling", async () => {
    const view = await createMailbox(database.db, box, { ...imapInput(), workspaceId: wsA, actorId: userA, secret: PASSWORD });
    expect(view).toMatchObject({ kind: "imap", name: "AP inbox", enabled: true, secretSaved: true, pollEveryMinutes: 5, messageCount: 0 });
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
    expect(JSON.stringify(await listMailboxes(database.db, { workspaceId: wsA }))).not.toContain(PASSWORD);

    const [row] = await database.db.select().from(mailboxes).where(eq(mailboxes.id, view.id));
    expect(row!.secretEnc).toMatch(/^v1:/);
    expect(row!.secretEnc).not.toContain(PASSWORD);
    expect(JSON.stringify(row!.config)).not.toContain(PASSWORD);

    const loaded = await loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: view.id });
    expect(loaded!.secret).toBe(PASSWORD);
    expect(loaded!.settings).toEqual({ kind: "imap", config: imapConfig() });
    expect(await readMailboxSecret(database.db, box, { workspaceId: wsA, id: view.id })).toBe(PASSWORD);

    // The ciphertext is bound to this mailbox: copied to another row it does not decrypt.
    const other = await createMailbox(database.db, box, { ...imapInput({ name: "Other" }), workspaceId: wsA, actorId: userA, secret: "x-password" });
    await database.db.update(mailboxes).set({ secretEnc: row!.secretEnc }).where(eq(mailboxes.id, other.id));
    await expect(loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: other.id })).rejects.toBeInstanceOf(SecretDecryptionError);
    await deleteMailbox(database.db, { workspaceId: wsA, actorId: userA, id: other.id });

    // The audit trail records the settings, not the secret.
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, view.id));
    expect(audit.map((a) => a.action)).toEqual(["mailbox.created"]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it("stores a Graph mailbox with its client secret encrypted", async () => {
    const view = await createMailbox(database.db, box, {
      name: "Outlook AP",
      purpose: "insurance",
      pollEveryMinutes: 15,
      settings: {
        kind: "graph",
        config: { tenantId: "contoso-tenant", clientId: "app-123", mailbox: "ap@contoso.com", folder: "inbox", authorityUrl: null, graphUrl: null },
      },
      workspaceId: wsA,
      actorId: userA,
      secret: CLIENT_SECRET,
    });
    expect(view).toMatchObject({ kind: "graph", purpose: "insurance", config: { mailbox: "ap@contoso.com" } });
    expect(JSON.stringify(view)).not.toContain(CLIENT_SECRET);
    expect((await loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: view.id }))!.secret).toBe(CLIENT_SECRET);
    await deleteMailbox(database.db, { workspaceId: wsA, actorId: userA, id: view.id });
  });

  it("rejects settings that cannot work, naming the field", async () => {
    const bad = (config: Partial<ImapMailboxConfig>) =>
      createMailbox(database.db, box, { ...imapInput({ settings: { kind: "imap", config: imapConfig(config) } }), workspaceId: wsA, actorId: userA, secret: "p" });
    await expect(bad({ mode: "since", since: null })).rejects.toThrow(/valid date/);
    await expect(bad({ afterProcessing: "move", moveTo: null })).rejects.toThrow(/which folder to move/);
    await expect(bad({ afterProcessing: "move", moveTo: "INBOX" })).rejects.toThrow(/cannot be moved into the folder being polled/);
    await expect(bad({ port: 70000 })).rejects.toThrow(/Port must be 1–65535/);
    await expect(bad({ host: "imaps://imap.example.com" })).rejects.toThrow(/without a scheme/);
    await expect(
      createMailbox(database.db, box, { ...imapInput(), workspaceId: wsA, actorId: userA, secret: "" }),
    ).rejects.toThrow(/password is required/);
  });
});

describe("mailboxes: update, disable, delete", () => {
  it("keeps the saved secret when none is given, replaces it when one is, and resets the cursor when the folder changes", async () => {
    const view = await createMailbox(database.db, box, { ...imapInput({ name: "Edit me" }), workspaceId: wsA, actorId: userA, secret: PASSWORD });
    await recordMailboxPoll(database.db, { workspaceId: wsA, id: view.id, cursor: { uidValidity: 7, lastUid: 40 }, error: "old failure" });

    const renamed = await updateMailbox(database.db, box, { ...imapInput({ name: "Renamed", pollEveryMinutes: 10 }), workspaceId: wsA, actorId: userA, id: view.id });
    expect(renamed).toMatchObject({ name: "Renamed", pollEveryMinutes: 10, lastError: "old failure" });
    let loaded = await loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: view.id });
    expect(loaded!.secret).toBe(PASSWORD);
    expect(loaded!.cursor).toEqual({ uidValidity: 7, lastUid: 40 });

    await updateMailbox(database.db, box, {
      ...imapInput({ name: "Renamed", settings: { kind: "imap", config: imapConfig({ folder: "Invoices" }) } }),
      workspaceId: wsA,
      actorId: userA,
      id: view.id,
      secret: "new-password",
    });
    loaded = await loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: view.id });
    expect(loaded!.secret).toBe("new-password");
    expect(loaded!.cursor).toBeNull();
    expect((await getMailbox(database.db, { workspaceId: wsA, id: view.id }))!.lastError).toBeNull();

    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, view.id));
    const last = audit.filter((a) => a.action === "mailbox.updated").at(-1)!;
    expect(last.after).toMatchObject({ secret: "replaced", cursor: "reset", config: { folder: "Invoices" } });
    expect(JSON.stringify(audit)).not.toContain("new-password");

    await expect(
      updateMailbox(database.db, box, {
        ...imapInput(),
        settings: { kind: "graph", config: { tenantId: "t", clientId: "c", mailbox: "m@x.test", folder: "inbox", authorityUrl: null, graphUrl: null } },
        workspaceId: wsA,
        actorId: userA,
        id: view.id,
      }),
    ).rejects.toThrow(/delete it and add a new one/);
  });

  it("disables, re-enables and deletes; messages it brought stay", async () => {
    const view = await createMailbox(database.db, box, { ...imapInput({ name: "Temp" }), workspaceId: wsA, actorId: userA, secret: PASSWORD });
    expect((await setMailboxEnabled(database.db, { workspaceId: wsA, actorId: userA, id: view.id, enabled: false })).enabled).toBe(false);
    expect((await setMailboxEnabled(database.db, { workspaceId: wsA, actorId: userA, id: view.id, enabled: true })).enabled).toBe(true);
    const [msg] = await database.db
      .insert(messages)
      .values({ workspaceId: wsA, source: "imap", mailboxId: view.id, messageId: "<kept@x.test>", subject: "Kept" })
      .returning();
    expect(await listMailboxMessages(database.db, { workspaceId: wsA, mailboxId: view.id })).toEqual([
      expect.objectContaining({ id: msg!.id, subject: "Kept", documents: 0 }),
    ]);
    expect((await getMailbox(database.db, { workspaceId: wsA, id: view.id }))!.messageCount).toBe(1);

    await deleteMailbox(database.db, { workspaceId: wsA, actorId: userA, id: view.id });
    expect(await getMailbox(database.db, { workspaceId: wsA, id: view.id })).toBeNull();
    const [kept] = await database.db.select().from(messages).where(eq(messages.id, msg!.id));
    expect(kept).toMatchObject({ subject: "Kept", mailboxId: null });
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, view.id))).map((a) => a.action);
    expect(actions).toEqual(["mailbox.created", "mailbox.disabled", "mailbox.enabled", "mailbox.deleted"]);
  });
});

describe("mailboxes: workspace isolation", () => {
  it("never reads or changes another workspace's mailbox by id", async () => {
    const victim = await createMailbox(database.db, box, { ...imapInput({ name: "Victim" }), workspaceId: wsB, actorId: null, secret: PASSWORD });
    expect(await getMailbox(database.db, { workspaceId: wsA, id: victim.id })).toBeNull();
    expect((await listMailboxes(database.db, { workspaceId: wsA })).map((m) => m.id)).not.toContain(victim.id);
    expect(await loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: victim.id })).toBeNull();
    await expect(readMailboxSecret(database.db, box, { workspaceId: wsA, id: victim.id })).rejects.toBeInstanceOf(MailboxNotFoundError);
    await expect(
      updateMailbox(database.db, box, { ...imapInput({ name: "Hacked" }), workspaceId: wsA, actorId: userA, id: victim.id, secret: "mine" }),
    ).rejects.toBeInstanceOf(MailboxNotFoundError);
    await expect(setMailboxEnabled(database.db, { workspaceId: wsA, actorId: userA, id: victim.id, enabled: false })).rejects.toBeInstanceOf(
      MailboxNotFoundError,
    );
    await expect(deleteMailbox(database.db, { workspaceId: wsA, actorId: userA, id: victim.id })).rejects.toBeInstanceOf(MailboxNotFoundError);
    expect(await recordMailboxPoll(database.db, { workspaceId: wsA, id: victim.id, at: new Date(), ok: true, error: null })).toBe(false);

    const after = await loadMailboxForPoll(database.db, box, { workspaceId: wsB, id: victim.id });
    expect(after).toMatchObject({ name: "Victim", enabled: true, secret: PASSWORD });
    expect((await getMailbox(database.db, { workspaceId: wsB, id: victim.id }))!.lastPolledAt).toBeNull();
    await deleteMailbox(database.db, { workspaceId: wsB, actorId: null, id: victim.id });
  });
});

describe("mailboxes: poll state and scheduling", () => {
  it("records polls, never moves an IMAP cursor backwards, and says which mailboxes are due", async () => {
    for (const m of await listMailboxes(database.db, { workspaceId: wsA })) await deleteMailbox(database.db, { workspaceId: wsA, actorId: null, id: m.id });
    const t0 = new Date("2026-11-21T10:00:00Z");
    const five = await createMailbox(database.db, box, { ...imapInput({ name: "Five" }), workspaceId: wsA, actorId: userA, secret: "p" });
    const off = await createMailbox(database.db, box, { ...imapInput({ name: "Off", enabled: false }), workspaceId: wsA, actorId: userA, secret: "p" });
    const due = async (at: Date) => (await listMailboxesDue(database.db, { now: at })).filter((m) => m.workspaceId === wsA).map((m) => m.id);

    // Never polled → due; disabled → never due.
    expect(await due(t0)).toEqual([five.id]);

    await recordMailboxPoll(database.db, { workspaceId: wsA, id: five.id, at: t0, ok: true, error: null, cursor: { uidValidity: 1, lastUid: 10 } });
    expect(await due(new Date(t0.getTime() + 4 * 60_000))).toEqual([]);
    // 4 min 40 s later counts as due (30 s slack), so a poll that started a few seconds late does not slip a minute.
    expect(await due(new Date(t0.getTime() + 4 * 60_000 + 40_000))).toEqual([five.id]);
    expect(await due(new Date(t0.getTime() + 5 * 60_000))).toEqual([five.id]);

    // A late retry of an older poll cannot move the cursor back; a new UIDVALIDITY replaces it.
    await recordMailboxPoll(database.db, { workspaceId: wsA, id: five.id, cursor: { uidValidity: 1, lastUid: 4 } });
    expect((await loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: five.id }))!.cursor).toEqual({ uidValidity: 1, lastUid: 10 });
    await recordMailboxPoll(database.db, { workspaceId: wsA, id: five.id, cursor: { uidValidity: 2, lastUid: 3 } });
    expect((await loadMailboxForPoll(database.db, box, { workspaceId: wsA, id: five.id }))!.cursor).toEqual({ uidValidity: 2, lastUid: 3 });

    // A failure keeps the last success and shows the error; the next success clears it.
    const t1 = new Date(t0.getTime() + 5 * 60_000);
    await recordMailboxPoll(database.db, { workspaceId: wsA, id: five.id, at: t1, ok: false, error: "IMAP login failed" });
    expect(await getMailbox(database.db, { workspaceId: wsA, id: five.id })).toMatchObject({ lastPolledAt: t1, lastSuccessAt: t0, lastError: "IMAP login failed" });
    const t2 = new Date(t1.getTime() + 60_000);
    await recordMailboxPoll(database.db, { workspaceId: wsA, id: five.id, at: t2, ok: true, error: null });
    expect(await getMailbox(database.db, { workspaceId: wsA, id: five.id })).toMatchObject({ lastPolledAt: t2, lastSuccessAt: t2, lastError: null });
    expect(off.enabled).toBe(false);
  });
});
