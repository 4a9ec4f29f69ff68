import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listMailboxes } from "@/db/queries/mailboxes";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { executeAction } from "@/lib/action";
import { saveSmtpAccountAction } from "./campaigns";
import { createMailboxAction, testMailboxConnectionAction } from "./mailboxes";

// A signed-in admin cannot make the server connect into its own network through the forms that take a server:
// the answer names the refused server and what to do, and nothing is saved or connected.

let database: Database;
let session: { userId: string; workspaceId: string };

beforeAll(async () => {
  database = await createTestDatabase();
  session = await createTestUser(database.db, "admin@outbound.test", "Admin");
});
afterAll(async () => {
  await database?.close();
});

const imap = (host: string) => ({
  kind: "imap" as const,
  config: { host, port: 993, secure: true, user: "ap@acme.example", folder: "INBOX", mode: "unseen" as const, afterProcessing: "seen" as const },
});

describe("servers typed into forms", () => {
  it("Test connection refuses the cloud metadata address without connecting or timing anything", async () => {
    const r = await executeAction(testMailboxConnectionAction, { ...imap("169.254.169.254"), secret: "x" }, session, database.db);
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toMatch(/IMAP server "169\.254\.169\.254" is one.*DOCKET_OUTBOUND_ALLOW/);
  });

  it("a mailbox on a private address is not saved", async () => {
    const r = await executeAction(
      createMailboxAction,
      { ...imap("10.0.0.5"), name: "Internal", purpose: "invoices", pollEveryMinutes: 15, secret: "pw" },
      session,
      database.db,
    );
    expect(!r.ok && r.error).toMatch(/IMAP server "10\.0\.0\.5"/);
    expect(await listMailboxes(database.db, { workspaceId: session.workspaceId })).toHaveLength(0);
  });

  it("a Graph URL pointing inside is refused", async () => {
    const r = await executeAction(
      testMailboxConnectionAction,
      { kind: "graph", config: { tenantId: "t", clientId: "c", mailbox: "ap@acme.example", folder: "inbox", graphUrl: "https://169.254.169.254" }, secret: "s" },
      session,
      database.db,
    );
    expect(!r.ok && r.error).toMatch(/Graph URL "169\.254\.169\.254" is one/);
  });

  it("an SMTP sending account on a private address is not saved", async () => {
    const r = await executeAction(
      saveSmtpAccountAction,
      { name: "Office", fromAddress: "ana@acme.example", host: "192.168.1.20", port: 587, secure: false, user: "ana", password: "pw" },
      session,
      database.db,
    );
    expect(!r.ok && r.error).toMatch(/SMTP server "192\.168\.1\.20"/);
  });
});
