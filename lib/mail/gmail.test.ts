import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { composeMessage } from "./compose";
import { GMAIL_JSON_RAW_LIMIT, type RefreshedTokens } from "./gmail";
import { SendError, createGmailTransport } from "./transports";

// A local HTTP server speaks Gmail's users.messages.send and Google's OAuth token endpoint with
// scripted answers; the transport under test is the production client with its base URLs pointed here.

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}
type Reply = { status: number; json?: unknown; headers?: Record<string, string> } | "drop";

const requests: Recorded[] = [];
const script: { send: Reply[]; token: Reply[] } = { send: [], token: [] };
let server: Server;
let base: string;
let sendCount = 0;

function reply(res: ServerResponse, r: Reply) {
  if (r === "drop") {
    res.socket?.destroy();
    return;
  }
  res.writeHead(r.status, { "content-type": "application/json", ...(r.headers ?? {}) });
  res.end(r.json === undefined ? "" : JSON.stringify(r.json));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      if (req.url === "/token") return reply(res, script.token.shift() ?? { status: 500, json: { error: "unscripted" } });
      if (req.url === "/gmail/v1/users/me/messages/send" || req.url === "/upload/gmail/v1/users/me/messages/send?uploadType=media") {
        const next = script.send.shift();
        if (next) return reply(res, next);
        return reply(res, { status: 200, json: { id: `gm-${++sendCount}`, threadId: "t1", labelIds: ["SENT"] } });
      }
      reply(res, { status: 404, json: { error: { code: 404, message: "not found" } } });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  requests.length = 0;
  script.send = [];
  script.token = [];
});

const NOW = 1_800_000_000_000;
const refreshed: RefreshedTokens[] = [];

function transport(tokens: { accessToken?: string; expiresAt?: number } = { accessToken: "at-valid", expiresAt: NOW + 3_600_000 }) {
  refreshed.length = 0;
  return createGmailTransport({
    tokens: { refreshToken: "rt-1", ...tokens },
    clientId: "client-123",
    clientSecret: "secret-456",
    baseUrl: base,
    tokenUrl: `${base}/token`,
    now: () => NOW,
    onTokensRefreshed: (t) => void refreshed.push(t),
  });
}

const message = () =>
  composeMessage({ from: "ana@gmail.com", to: "bob@acme.example", subject: "Hola Bob", text: "Hi", unsubscribe: { url: "https://d.example.com/u/x" } });

const sends = () => requests.filter((r) => r.path.includes("/messages/send"));
const tokenCalls = () => requests.filter((r) => r.path === "/token");

async function failure(p: Promise<unknown>): Promise<SendError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SendError);
  return e as SendError;
}

describe("Gmail transport against a local Gmail/OAuth server", () => {
  it("posts the raw message base64url-encoded with the bearer token and returns Gmail's id", async () => {
    const msg = await message();
    const res = await transport().send(msg);
    expect(res.providerMessageId).toMatch(/^gm-\d+$/);
    expect(res.accepted).toEqual(["bob@acme.example"]);
    const [req] = sends();
    expect(req.method).toBe("POST");
    expect(req.headers.authorization).toBe("Bearer at-valid");
    expect(req.headers["content-type"]).toBe("application/json");
    const raw = Buffer.from(JSON.parse(req.body.toString()).raw, "base64url");
    expect(raw.equals(msg.raw)).toBe(true);
    expect(JSON.parse(req.body.toString()).raw).not.toMatch(/[+/=]/);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe("Hola Bob");
    expect(tokenCalls()).toHaveLength(0);
  });

  it("on 401 refreshes the token at the token endpoint and retries once with the new token", async () => {
    script.send.push({ status: 401, json: { error: { code: 401, message: "Invalid Credentials", status: "UNAUTHENTICATED" } } });
    script.token.push({ status: 200, json: { access_token: "at-new", expires_in: 3599, scope: "https://www.googleapis.com/auth/gmail.send", token_type: "Bearer" } });
    const res = await transport().send(await message());
    expect(res.providerMessageId).toMatch(/^gm-/);
    expect(sends().map((r) => r.headers.authorization)).toEqual(["Bearer at-valid", "Bearer at-new"]);
    const [tok] = tokenCalls();
    expect(tok.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(tok.body.toString()))).toEqual({
      grant_type: "refresh_token",
      refresh_token: "rt-1",
      client_id: "client-123",
      client_secret: "secret-456",
    });
    expect(refreshed).toEqual([{ accessToken: "at-new", expiresAt: NOW + 3_599_000, refreshToken: undefined, scope: "https://www.googleapis.com/auth/gmail.send" }]);
  });

  it("refreshes before sending when the access token is missing or about to expire; concurrent sends share one refresh", async () => {
    script.token.push({ status: 200, json: { access_token: "at-fresh", expires_in: 3600 } });
    const t = transport({ accessToken: "at-old", expiresAt: NOW + 30_000 });
    const [a, b] = await Promise.all([t.send(await message()), t.send(await message())]);
    expect(a.providerMessageId).not.toBe(b.providerMessageId);
    expect(tokenCalls()).toHaveLength(1);
    expect(sends().map((r) => r.headers.authorization)).toEqual(["Bearer at-fresh", "Bearer at-fresh"]);
  });

  it("classifies 429 as quota with Retry-After", async () => {
    script.send.push({
      status: 429,
      headers: { "retry-after": "120" },
      json: { error: { code: 429, message: "Too many requests", errors: [{ reason: "rateLimitExceeded", domain: "usageLimits" }] } },
    });
    const e = await failure(transport().send(await message()));
    expect(e).toMatchObject({ kind: "quota", status: 429, retryAfterMs: 120_000, reason: "rateLimitExceeded" });
  });

  it.each(["rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"])("classifies 403 %s as quota", async (reason) => {
    script.send.push({
      status: 403,
      json: { error: { code: 403, message: "User-rate limit exceeded.  Retry after 2027-01-15T08:30:00.000Z", errors: [{ reason, domain: "usageLimits" }], status: "PERMISSION_DENIED" } },
    });
    const e = await failure(transport().send(await message()));
    expect(e.kind).toBe("quota");
    expect(e.retryAfterMs).toBe(Date.parse("2027-01-15T08:30:00.000Z") - NOW);
  });

  it("on invalid_grant during refresh reports auth_revoked with a reconnect message and does not resend", async () => {
    script.send.push({ status: 401, json: { error: { code: 401, message: "Invalid Credentials" } } });
    script.token.push({ status: 400, json: { error: "invalid_grant", error_description: "Token has been expired or revoked." } });
    const e = await failure(transport().send(await message()));
    expect(e.kind).toBe("auth_revoked");
    expect(e.reason).toBe("invalid_grant");
    expect(e.message).toMatch(/Reconnect Google/);
    expect(e.message).toMatch(/expired or revoked/);
    expect(sends()).toHaveLength(1);
  });

  it("a second 401 after a successful refresh is auth_revoked", async () => {
    script.send.push({ status: 401, json: { error: { code: 401, message: "Invalid Credentials" } } }, { status: 401, json: { error: { code: 401, message: "Invalid Credentials" } } });
    script.token.push({ status: 200, json: { access_token: "at-2", expires_in: 3600 } });
    expect((await failure(transport().send(await message()))).kind).toBe("auth_revoked");
    expect(sends()).toHaveLength(2);
  });

  it("classifies 5xx as transient, missing scope as auth_revoked, other 4xx as permanent", async () => {
    script.send.push({ status: 503, json: { error: { code: 503, message: "Backend Error", errors: [{ reason: "backendError" }] } } });
    expect((await failure(transport().send(await message()))).kind).toBe("transient");
    script.send.push({ status: 403, json: { error: { code: 403, message: "Request had insufficient authentication scopes.", errors: [{ reason: "insufficientPermissions" }] } } });
    expect((await failure(transport().send(await message()))).kind).toBe("auth_revoked");
    script.send.push({ status: 400, json: { error: { code: 400, message: "Invalid To header", errors: [{ reason: "invalidArgument" }] } } });
    const e = await failure(transport().send(await message()));
    expect(e).toMatchObject({ kind: "permanent", status: 400, reason: "invalidArgument" });
    expect(e.message).toContain("Invalid To header");
  });

  it("keeps the refreshed token in memory when storing it fails, so the retry needs no second refresh", async () => {
    script.token.push({ status: 200, json: { access_token: "at-3", expires_in: 3600 } });
    let calls = 0;
    const t = createGmailTransport({
      tokens: { refreshToken: "rt-1" },
      clientId: "client-123",
      clientSecret: "secret-456",
      baseUrl: base,
      tokenUrl: `${base}/token`,
      now: () => NOW,
      onTokensRefreshed: () => {
        if (++calls === 1) throw new Error("db down");
      },
    });
    const e = await failure(t.send(await message()));
    expect(e.kind).toBe("transient");
    expect(e.message).toContain("db down");
    await t.send(await message());
    expect(tokenCalls()).toHaveLength(1);
    expect(sends().map((r) => r.headers.authorization)).toEqual(["Bearer at-3"]);
  });

  it("a token endpoint outage is transient", async () => {
    script.token.push({ status: 503, json: { error: "temporarily_unavailable" } });
    expect((await failure(transport({}).send(await message()))).kind).toBe("transient");
    expect(sends()).toHaveLength(0);
  });

  it("a dropped connection while sending is transient and flagged as possibly sent", async () => {
    script.send.push("drop");
    const e = await failure(transport().send(await message()));
    expect(e).toMatchObject({ kind: "transient", mayHaveSent: true });
  });

  it("sends messages above the JSON limit through the media upload endpoint as message/rfc822", async () => {
    const big = await composeMessage({
      from: "ana@gmail.com",
      to: "bob@acme.example",
      subject: "CV",
      text: "attached",
      attachments: [{ filename: "cv.pdf", content: Buffer.alloc(GMAIL_JSON_RAW_LIMIT, 7) }],
    });
    const res = await transport().send(big);
    expect(res.providerMessageId).toMatch(/^gm-/);
    const [req] = sends();
    expect(req.path).toBe("/upload/gmail/v1/users/me/messages/send?uploadType=media");
    expect(req.headers["content-type"]).toBe("message/rfc822");
    expect(req.body.equals(big.raw)).toBe(true);
  });
});
