import MailComposer from "nodemailer/lib/mail-composer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGraph, type FakeGraphMessage, type FakeGraphServer } from "@/scripts/test-services/graph-server";
import { parseEml } from "./eml";
import { IntakeError } from "./errors";
import { GraphRateLimitError, createGraphMailClient, fetchGraphMessages, type GraphMailConfig } from "./graph";

const TENANT = "contoso-tenant-id";
const CLIENT = "app-client-id";
const SECRET = "app-client-secret";
const MAILBOX = "ap@contoso.example";

async function mime(n: number): Promise<Buffer> {
  return new MailComposer({
    from: `vendor${n}@supplier.example`,
    to: MAILBOX,
    subject: `Invoice ${n}`,
    messageId: `<graph-${n}@supplier.example>`,
    text: `Invoice ${n}`,
    attachments: [{ filename: `inv-${n}.pdf`, content: Buffer.from(`%PDF-1.4\n% ${n}\n%%EOF\n`) }],
  })
    .compile()
    .build();
}

async function makeMessages(): Promise<FakeGraphMessage[]> {
  const list: FakeGraphMessage[] = [];
  for (let n = 1; n <= 30; n++) {
    list.push({
      id: `AAMk-${n}/+=`, // real Graph ids contain characters that need URL encoding
      internetMessageId: `<graph-${n}@supplier.example>`,
      subject: `Invoice ${n}`,
      from: `vendor${n}@supplier.example`,
      receivedDateTime: new Date(Date.UTC(2024, 2, n)).toISOString(),
      isRead: n % 10 === 0, // 10, 20, 30 already read
      hasAttachments: n % 7 !== 0, // 7, 14, 21, 28 have none
      folder: n > 27 ? "archive" : "inbox",
      mime: await mime(n),
    });
  }
  return list;
}

describe("Microsoft Graph connector against a local Graph server", () => {
  let graph: FakeGraphServer;
  let sleeps: number[];
  const config = (over: Partial<GraphMailConfig> = {}): GraphMailConfig => ({
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    mailbox: MAILBOX,
    folder: "inbox",
    authorityUrl: graph.url,
    graphUrl: graph.url,
    pageSize: 5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });

  beforeEach(async () => {
    sleeps = [];
    graph = await startFakeGraph({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, mailbox: MAILBOX, messages: await makeMessages() });
  });
  afterEach(async () => {
    await graph.close();
  });

  // inbox holds 1..27; unread with attachments: all but 10, 20 (read) and 7, 14, 21 (no attachments) = 22
  const expectedIds = Array.from({ length: 27 }, (_, i) => i + 1).filter((n) => n % 10 !== 0 && n % 7 !== 0);

  it("pages through unread messages with attachments, downloads MIME, marks them read; the next poll finds nothing", async () => {
    const r = await fetchGraphMessages(config(), { maxMessages: 100 });
    expect(r.messages.map((m) => m.subject)).toEqual(expectedIds.map((n) => `Invoice ${n}`));
    expect(r.more).toBe(false);
    const parsed = await parseEml(r.messages[0].raw, "graph.eml");
    expect(parsed.messageId).toBe("<graph-1@supplier.example>");
    expect(parsed.attachments.map((a) => a.filename)).toEqual(["inv-1.pdf"]);
    expect(r.messages[0]).toMatchObject({ internetMessageId: "<graph-1@supplier.example>", from: "vendor1@supplier.example" });

    const lists = graph.requests.filter((q) => q.method === "GET" && q.path.endsWith("/messages"));
    expect(lists.length).toBe(5); // 22 messages, 5 per page
    expect(lists[0].path).toBe(`/v1.0/users/${MAILBOX}/mailFolders/inbox/messages`);
    expect(lists[0].query.$filter).toBe("isRead eq false and hasAttachments eq true");
    expect(lists[0].query.$top).toBe("5");
    expect(lists[0].query.$select.split(",")).toEqual(expect.arrayContaining(["id", "internetMessageId", "subject"]));
    expect(graph.requests.filter((q) => q.method === "PATCH").map((q) => JSON.parse(q.body))).toEqual(expectedIds.map(() => ({ isRead: true })));
    expect(graph.tokensIssued).toBe(1); // one token for the whole poll
    expect(graph.requests.filter((q) => !q.path.includes("oauth2")).every((q) => q.authorization === "Bearer fake-token-1")).toBe(true);
    expect(graph.messages.filter((m) => m.folder === "inbox" && !m.isRead && m.hasAttachments)).toEqual([]);

    const again = await fetchGraphMessages(config());
    expect(again.messages).toEqual([]);
  });

  it("stops at maxMessages, says more are waiting, and leaves the rest unread", async () => {
    const r = await fetchGraphMessages(config(), { maxMessages: 7 });
    expect(r.messages).toHaveLength(7);
    expect(r.more).toBe(true);
    expect(graph.messages.filter((m) => m.isRead).length).toBe(3 + 7);
    const next = await fetchGraphMessages(config(), { maxMessages: 100 });
    expect(next.messages).toHaveLength(expectedIds.length - 7);
  });

  it("leaves messages unread with markRead: false (two-phase), and markRead works on its own", async () => {
    const r = await fetchGraphMessages(config(), { markRead: false, maxMessages: 3 });
    expect(graph.requests.some((q) => q.method === "PATCH")).toBe(false);
    const client = createGraphMailClient(config());
    for (const m of r.messages) await client.markRead(m.id);
    expect(graph.messages.filter((m) => r.messages.some((x) => x.id === m.id)).every((m) => m.isRead)).toBe(true);
  });

  it("waits out a 429 with Retry-After and carries on", async () => {
    graph.fail({ route: "list", status: 429, retryAfter: "2" });
    graph.fail({ route: "value", status: 503, retryAfter: "1" });
    const r = await fetchGraphMessages(config(), { maxMessages: 100 });
    expect(r.messages).toHaveLength(expectedIds.length);
    expect(sleeps).toEqual([2000, 1000]);
  });

  it("understands an HTTP-date Retry-After", async () => {
    graph.fail({ route: "patch", status: 429, retryAfter: new Date(Date.now() + 5_000).toUTCString() });
    await fetchGraphMessages(config(), { maxMessages: 1 });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(sleeps[0]).toBeLessThanOrEqual(6000);
  });

  it("gives up with a GraphRateLimitError carrying the wait when Retry-After is too long or retries run out", async () => {
    graph.fail({ route: "list", status: 429, retryAfter: "120" });
    const long = await fetchGraphMessages(config()).catch((e) => e);
    expect(long).toBeInstanceOf(GraphRateLimitError);
    expect(long.retryAfterSeconds).toBe(120);
    expect(long.message).toBe(`Microsoft Graph is throttling requests for mailbox ${MAILBOX} (HTTP 429); try again in 120 s`);

    graph.fail({ route: "list", status: 503, times: 10 });
    const exhausted = await fetchGraphMessages(config({ maxRetries: 2 })).catch((e) => e);
    expect(exhausted).toBeInstanceOf(GraphRateLimitError);
    expect(sleeps).toEqual([1000, 2000]); // exponential backoff without Retry-After
  });

  it("renews a revoked token once on 401", async () => {
    const client = createGraphMailClient(config());
    const first = await client.listUnreadWithAttachments(2);
    graph.revokeTokens();
    const mimeBytes = await client.getMime(first.messages[0].id);
    expect(mimeBytes.toString("latin1")).toContain("Subject: Invoice 1");
    expect(graph.tokensIssued).toBe(2);
  });

  it("reports a wrong client secret as a sign-in error naming tenant and client", async () => {
    const e = await fetchGraphMessages(config({ clientSecret: "nope" })).catch((x) => x);
    expect(e).toBeInstanceOf(IntakeError);
    expect(e.code).toBe("graph_auth");
    expect(e.message).toBe(`Microsoft Graph sign-in failed for tenant ${TENANT} (client ${CLIENT}): AADSTS7000215: Invalid client secret provided.`);
    expect(e.message).not.toContain("nope");
  });

  it("explains a permission problem (persistent 401/403) and a wrong mailbox", async () => {
    graph.fail({ route: "list", status: 403, code: "ErrorAccessDenied" });
    const denied = await fetchGraphMessages(config()).catch((x) => x);
    expect(denied.code).toBe("graph_auth");
    expect(denied.message).toContain(`Microsoft Graph refused to list messages in folder "inbox" for mailbox ${MAILBOX} (HTTP 403 ErrorAccessDenied`);
    expect(denied.message).toContain("Mail.ReadWrite application permission");

    graph.fail({ route: "list", status: 401, code: "InvalidAuthenticationToken", times: 2 });
    const unauthorized = await fetchGraphMessages(config()).catch((x) => x);
    expect(unauthorized.code).toBe("graph_auth");

    const wrongBox = await fetchGraphMessages(config({ mailbox: "nobody@contoso.example" })).catch((x) => x);
    expect(wrongBox.code).toBe("graph_http");
    expect(wrongBox.message).toContain("for mailbox nobody@contoso.example: not found (ErrorInvalidUser");
  });

  it("refuses to follow an @odata.nextLink to another host (the token would leak)", async () => {
    const evilFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).includes("/mailFolders/")) {
        const body = (await res.json()) as Record<string, unknown>;
        body["@odata.nextLink"] = "https://attacker.example/v1.0/next";
        return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
      }
      return res;
    };
    const e = await fetchGraphMessages(config({ fetch: evilFetch })).catch((x) => x);
    expect(e.message).toContain("returned a link to another host (attacker.example)");
    expect(graph.requests.some((q) => q.path.includes("next"))).toBe(false);
  });

  it("reports an unreachable server and missing settings clearly", async () => {
    const e = await fetchGraphMessages(config({ authorityUrl: "http://127.0.0.1:1", maxRetries: 0 })).catch((x) => x);
    expect(e.code).toBe("graph_http");
    expect(e.message).toContain(`Could not reach 127.0.0.1:1 for mailbox ${MAILBOX}`);
    expect(() => createGraphMailClient(config({ clientSecret: " " }))).toThrow("Microsoft Graph settings: clientSecret is missing");
  });
});
