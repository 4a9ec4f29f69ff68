import { vi } from "vitest";

await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("send-providers"));

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { addCampaignAttachment, createCampaign } from "@/db/queries/campaigns/campaigns";
import { resumeCampaign, scheduleCampaign } from "@/db/queries/campaigns/control";
import { pausedCountsByAccount } from "@/db/queries/campaigns/quota";
import { getSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { campaignRecipients, campaigns, runnerRuns, sendingAccounts, terminalRunStatuses } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { finishGmailConnect, GMAIL_SEND_SCOPE, startGmailConnect, type GoogleOAuthConfig } from "@/app/api/google/gmail-connect";
import { executeAction } from "@/lib/action";
import { resumeAccountCampaignsAction, saveSmtpAccountAction } from "@/lib/actions/campaigns";
import { getBlobStore } from "@/lib/blob";
import { startSmtpServer, type ReceivedMail } from "@/lib/testing/smtp-server";
import { parseRecipientCsv } from "@/lib/campaigns/recipient-file";
import { importRecipients } from "@/lib/campaigns/recipients";
import { verifyUnsubscribeToken } from "@/lib/campaigns/unsubscribe";
import { ManualClock } from "@/lib/runner/clock";
import type { RunnerHandle } from "@/lib/runner/runner";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { campaignSecretBox, gmailSecretContext, sendDeps, unsubscribeSecret, type SendDeps } from "@/services/campaigns/send-deps";
import { createSendCampaignFunctions } from "./send-campaign";

/** What a test swaps in for the wiring (Google's endpoints pointed at the local stand-in). */
const sendDepsOverrides: Partial<SendDeps> = {};
const { sendCampaign } = createSendCampaignFunctions(async () => ({ ...(await sendDeps()), ...sendDepsOverrides }));
import { notInArray } from "drizzle-orm";

// The send function against real protocol peers: a real SMTP server (npm smtp-server) and a local HTTP server
// speaking Google's token endpoint and the Gmail send endpoint (401 → refresh, 429, 403 rateLimitExceeded, invalid_grant).

const T0 = Date.parse("2026-11-23T15:00:00Z");
const clock = new ManualClock(T0);
let database: Database;
let runner: RunnerHandle;
let ws: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId: ws } = await createTestUser(database.db, "ana@sender.example"));
  runner = await startTestRunner(database, [sendCampaign], { clock });
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

async function runToQuiet(max = 300) {
  for (let i = 0; i < max; i++) {
    await runner.drain();
    const open = await database.db.select({ due: runnerRuns.dueAt }).from(runnerRuns).where(notInArray(runnerRuns.status, [...terminalRunStatuses]));
    const due = open.map((r) => r.due?.getTime()).filter((x): x is number => typeof x === "number");
    if (due.length === 0) return;
    clock.set(Math.max(clock.now(), Math.min(...due)));
  }
  throw new Error("runner did not go quiet");
}

const fast = { perHour: 50, perDay: 500, minGapSec: 10, maxGapSec: 10 };

async function campaignOn(accountId: string, csv: string, opts: { html?: string } = {}) {
  const imported = importRecipients(parseRecipientCsv(csv), { mapping: { email: "email", name: "name", company: "company" } });
  const c = await createCampaign(database.db, {
    workspaceId: ws,
    actorId: userId,
    accountId,
    name: "Providers",
    timeZone: "Europe/Madrid",
    subject: "Role at {{company}}",
    textBody: "Hola {{first_name}}, te escribo por {{company}} ({{city}}).",
    htmlBody: opts.html,
    onEmpty: "skip",
    imported,
  });
  return c;
}

async function start(campaignId: string) {
  const s = await scheduleCampaign(database.db, { workspaceId: ws, actorId: userId, campaignId, startAt: null, timeZone: "Europe/Madrid", window: null, now: new Date(clock.now()) });
  await sendEvents(appEvent.campaignStarted({ workspaceId: ws, id: campaignId, runGeneration: s.runGeneration }));
}

describe("SMTP end to end (real smtp-server)", () => {
  const received: ReceivedMail[] = [];
  let server: Awaited<ReturnType<typeof startSmtpServer>>;
  let port: number;

  beforeAll(async () => {
    server = await startSmtpServer({ user: "ana@sender.example", password: "app-password-1", allowInsecureAuth: true, received });
    port = server.port;
  });
  afterAll(() => server.close());

  it("delivers every message with placeholders, attachment, List-Unsubscribe and the stored Message-ID; the password is stored encrypted", async () => {
    const saved = await executeAction(
      saveSmtpAccountAction,
      {
        name: "Work SMTP",
        fromAddress: "ana@sender.example",
        fromName: "Ana Sender",
        host: "127.0.0.1",
        port,
        secure: false,
        user: "ana@sender.example",
        password: "app-password-1",
        allowInvalidCertificates: true,
        limits: fast,
      },
      { userId, workspaceId: ws },
      database.db,
    );
    if (!saved.ok) throw new Error(saved.error);
    const account = (await getSendingAccount(database.db, { workspaceId: ws, accountId: saved.data.accountId }))!;
    expect(account.secretEnc).toBeTruthy();
    expect(account.secretEnc).not.toContain("app-password-1");

    const c = await campaignOn(account.id, "email,name,company,city\nbob@acme.example,Bob Stone,Acme,Madrid\ncarla@globex.example,Carla Ruiz,Globex,Sevilla\n", {
      html: "<p>Hola {{first_name}} de <b>{{company}}</b></p>",
    });
    const blobs = await getBlobStore();
    const cv = Buffer.from("%PDF-1.4\n% Ana's CV\n%%EOF\n");
    await blobs.put(`${ws}/campaigns/${c.id}/cv`, cv, "application/pdf");
    await addCampaignAttachment(database.db, { workspaceId: ws, campaignId: c.id, filename: "CV Ana.pdf", contentType: "application/pdf", size: cv.length, blobKey: `${ws}/campaigns/${c.id}/cv` });
    await start(c.id);
    await runToQuiet();

    expect(received.map((r) => r.to[0]).sort()).toEqual(["bob@acme.example", "carla@globex.example"]);
    expect(received.every((r) => r.user === "ana@sender.example")).toBe(true);
    const rs = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, c.id));
    for (const r of received) {
      const mail = await simpleParser(r.raw);
      const rec = rs.find((x) => x.email === r.to[0])!;
      expect(rec.status).toBe("sent");
      expect(mail.messageId).toBe(rec.messageId);
      expect(rec.providerMessageId).toBe(rec.messageId);
      expect(mail.from?.text).toBe('"Ana Sender" <ana@sender.example>');
      const company = r.to[0].startsWith("bob") ? "Acme" : "Globex";
      expect(mail.subject).toBe(`Role at ${company}`);
      expect(mail.text).toContain(`Hola ${r.to[0].startsWith("bob") ? "Bob" : "Carla"}, te escribo por ${company}`);
      expect(mail.html).toContain(`<b>${company}</b>`);
      expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([["CV Ana.pdf", "application/pdf", cv.toString()]]);
      const header = /^List-Unsubscribe:\s+<([^>]+)>/m.exec(r.raw.toString())?.[1] ?? "";
      const token = /\/u\/([\w-]+\.[\w-]+)\/one-click$/.exec(header)?.[1];
      expect(token, "List-Unsubscribe carries a signed token").toBeTruthy();
      expect(verifyUnsubscribeToken(token!, unsubscribeSecret())).toEqual({ ok: true, payload: { workspaceId: ws, email: r.to[0], campaignId: c.id } });
      expect(r.raw.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    }
    expect((await database.db.select().from(campaigns).where(eq(campaigns.id, c.id)))[0].status).toBe("completed");
  });

  it("a refused login pauses the account's campaigns and says to update the password", async () => {
    const saved = await executeAction(
      saveSmtpAccountAction,
      { name: "Wrong", fromAddress: "ana@sender.example", host: "127.0.0.1", port, secure: false, user: "ana@sender.example", password: "old-password", allowInvalidCertificates: true, limits: fast },
      { userId, workspaceId: ws },
      database.db,
    );
    if (!saved.ok) throw new Error(saved.error);
    const before = received.length;
    const c = await campaignOn(saved.data.accountId, "email,name,company,city\nzed@acme.example,Zed,Acme,Bilbao\n");
    await start(c.id);
    await runToQuiet();
    const [after] = await database.db.select().from(campaigns).where(eq(campaigns.id, c.id));
    expect([after.status, after.pauseReason]).toEqual(["paused", "auth_revoked"]);
    expect(after.statusMessage).toMatch(/SMTP server refused the login .*Update the password in Campaigns → Accounts/);
    expect(received.length).toBe(before);
    const [rec] = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, c.id));
    expect(rec.status).toBe("pending");
  });
});

describe("Gmail end to end (local token + Gmail API server)", () => {
  let server: Server;
  let base: string;
  const sent: { auth: string; raw: string }[] = [];
  let script: ("ok" | "401" | "429" | "403rate")[] = [];
  let refreshAnswer: "ok" | "invalid_grant" = "ok";
  let tokenCounter = 0;
  let google: GoogleOAuthConfig;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString();
      const json = (status: number, obj: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(obj));
      };
      if (req.url === "/token") {
        const form = new URLSearchParams(body);
        if (form.get("client_id") !== "gclient" || form.get("client_secret") !== "gsecret") return json(401, { error: "invalid_client" });
        if (form.get("grant_type") === "authorization_code") {
          if (form.get("code") !== "good-code") return json(400, { error: "invalid_grant", error_description: "Bad code" });
          const idToken = `x.${Buffer.from(JSON.stringify({ email: "ana.gmail@example.com", email_verified: true })).toString("base64url")}.y`;
          return json(200, { access_token: `at-${++tokenCounter}`, expires_in: 3600, refresh_token: "rt-1", scope: `openid email ${GMAIL_SEND_SCOPE}`, id_token: idToken });
        }
        if (refreshAnswer === "invalid_grant") return json(400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
        return json(200, { access_token: `at-${++tokenCounter}`, expires_in: 3600, scope: GMAIL_SEND_SCOPE });
      }
      if (req.url === "/gmail/v1/users/me/messages/send") {
        const step = script.shift() ?? "ok";
        if (step === "401") return json(401, { error: { code: 401, message: "Invalid Credentials", status: "UNAUTHENTICATED" } });
        if (step === "429") return json(429, { error: { code: 429, message: "Too many requests", errors: [{ reason: "rateLimitExceeded" }] } }, { "retry-after": "1800" });
        if (step === "403rate") return json(403, { error: { code: 403, message: "User-rate limit exceeded", errors: [{ reason: "userRateLimitExceeded" }] } });
        sent.push({ auth: String(req.headers.authorization), raw: Buffer.from(JSON.parse(body).raw, "base64url").toString() });
        return json(200, { id: `gm-${sent.length}`, threadId: "t" });
      }
      json(404, { error: "not found" });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    google = { clientId: "gclient", clientSecret: "gsecret", authorizeUrl: `${base}/authorize`, tokenUrl: `${base}/token`, redirectUri: "http://localhost:3000/api/google/callback", stateSecret: "state-secret-0123456789abcdef" };
    sendDepsOverrides.google = { clientId: "gclient", clientSecret: "gsecret", tokenUrl: `${base}/token`, gmailBaseUrl: base };
  });
  afterAll(() => {
    delete sendDepsOverrides.google;
    return new Promise<void>((r) => server.close(() => r()));
  });

  async function connect() {
    const session = { userId, workspaceId: ws };
    const { url, nonce } = await startGmailConnect(session, { db: database.db, google, now: clock.now() });
    const u = new URL(url);
    const state = u.searchParams.get("state");
    return { u, result: await finishGmailConnect(session, { code: "good-code", state, error: null, nonceCookie: nonce }, { db: database.db, google, box: campaignSecretBox(), now: clock.now() }) };
  }

  it("asks Google for gmail.send only, with incremental consent, and stores the grant encrypted", async () => {
    const { u, result } = await connect();
    expect(u.origin + u.pathname).toBe(`${base}/authorize`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      scope: GMAIL_SEND_SCOPE,
      include_granted_scopes: "true",
      access_type: "offline",
      prompt: "consent",
      response_type: "code",
      client_id: "gclient",
    });
    expect(result).toMatchObject({ address: "ana.gmail@example.com", reconnected: false });
    const [acc] = await database.db.select().from(sendingAccounts).where(eq(sendingAccounts.id, result.accountId));
    expect(acc.kind).toBe("gmail");
    expect(acc.secretEnc).not.toContain("rt-1");
    expect(JSON.parse(campaignSecretBox().decrypt(acc.secretEnc!, gmailSecretContext(acc.id))).refreshToken).toBe("rt-1");
    // A state from another sign-in is refused.
    await expect(
      finishGmailConnect({ userId, workspaceId: ws }, { code: "good-code", state: u.searchParams.get("state"), error: null, nonceCookie: "other" }, { db: database.db, google, box: campaignSecretBox(), now: clock.now() }),
    ).rejects.toThrow(/belongs to another sign-in/);
  });

  it("refreshes on 401 and stores the new token; pauses on 429 and 403 rateLimitExceeded and resumes by itself", async () => {
    const { result } = await connect();
    await database.db.update(sendingAccounts).set({ perHour: 50, perDay: 500, minGapSec: 10, maxGapSec: 10 }).where(eq(sendingAccounts.id, result.accountId));
    script = ["401", "ok", "429", "ok", "403rate", "ok"];
    const c = await campaignOn(result.accountId, "email,name,company,city\na@x.example,A,X,M\nb@y.example,B,Y,N\nc@z.example,C,Z,O\n");
    const t0 = clock.now();
    await start(c.id);
    await runToQuiet();
    const rs = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, c.id));
    expect(rs.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect(new Set(rs.map((r) => r.providerMessageId)).size).toBe(3);
    expect(sent.slice(-3).map((s) => /^To: (.*)$/m.exec(s.raw)?.[1])).toEqual(["A <a@x.example>", "B <b@y.example>", "C <c@z.example>"]);
    // The first send used a refreshed token (after the 401), and that token was persisted, encrypted.
    const [acc] = await database.db.select().from(sendingAccounts).where(eq(sendingAccounts.id, result.accountId));
    const stored = JSON.parse(campaignSecretBox().decrypt(acc.secretEnc!, gmailSecretContext(acc.id)));
    expect(sent.at(-1)!.auth).toBe(`Bearer ${stored.accessToken}`);
    expect(stored.refreshToken).toBe("rt-1");
    // 429 with Retry-After 1800 s paused for 30 minutes; the 403 quota paused for the default hour.
    expect(clock.now() - t0).toBeGreaterThanOrEqual(30 * 60_000 + 60 * 60_000);
  });

  it("a revoked grant (invalid_grant) pauses with 'Reconnect Google'; reconnecting lets the campaign resume", async () => {
    const { result } = await connect();
    // Force a refresh on the next send: the stored access token is expired.
    const [acc] = await database.db.select().from(sendingAccounts).where(eq(sendingAccounts.id, result.accountId));
    const tokens = JSON.parse(campaignSecretBox().decrypt(acc.secretEnc!, gmailSecretContext(acc.id)));
    await database.db
      .update(sendingAccounts)
      .set({ secretEnc: campaignSecretBox().encrypt(JSON.stringify({ ...tokens, expiresAt: clock.now() - 1 }), gmailSecretContext(acc.id)) })
      .where(eq(sendingAccounts.id, acc.id));
    refreshAnswer = "invalid_grant";
    const c = await campaignOn(result.accountId, "email,name,company,city\nd@w.example,D,W,P\n");
    await start(c.id);
    await runToQuiet();
    let [row] = await database.db.select().from(campaigns).where(eq(campaigns.id, c.id));
    expect([row.status, row.pauseReason]).toEqual(["paused", "auth_revoked"]);
    expect(row.statusMessage).toBe("Paused: Google no longer allows sending from this account. Reconnect Google in Campaigns → Accounts, then resume.");
    expect((await getSendingAccount(database.db, { workspaceId: ws, accountId: acc.id }))!.status).toBe("needs_reconnect");
    await expect(resumeCampaign(database.db, { workspaceId: ws, actorId: userId, campaignId: c.id })).rejects.toThrow(/Reconnect Google/);
    const session = { userId, workspaceId: ws };
    expect((await pausedCountsByAccount(database.db, { workspaceId: ws, reason: "auth_revoked" })).get(acc.id)).toBe(1);
    expect(await executeAction(resumeAccountCampaignsAction, { accountId: acc.id }, session, database.db)).toMatchObject({ ok: false, code: "conflict", error: expect.stringMatching(/^Reconnect .* first/) });

    refreshAnswer = "ok";
    const again = await connect();
    expect(again.result).toMatchObject({ reconnected: true, pausedCampaigns: 1, accountId: acc.id });
    // Campaigns → Accounts offers "Resume paused campaigns" for the account: every campaign paused by the revocation
    expect(await executeAction(resumeAccountCampaignsAction, { accountId: acc.id }, session, database.db)).toEqual({ ok: true, data: { resumed: 1 } });
    expect(await executeAction(resumeAccountCampaignsAction, { accountId: acc.id }, session, database.db)).toEqual({ ok: true, data: { resumed: 0 } });
    await runToQuiet();
    [row] = await database.db.select().from(campaigns).where(eq(campaigns.id, c.id));
    expect(row.status).toBe("completed");
  });
});
