import { vi } from "vitest";

// Before any module reads the environment (inngest/client reads it at import).
await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("send-campaign"));

import { and, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createCampaign } from "@/db/queries/campaigns/campaigns";
import { pauseCampaign, resolveRecipient, resumeCampaign, scheduleCampaign } from "@/db/queries/campaigns/control";
import { createSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { addSuppression } from "@/db/queries/campaigns/suppressions";
import { campaignRecipients, campaigns, outboxMessages, runnerRuns, sendAttempts, terminalRunStatuses } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { parseRecipientCsv } from "@/lib/campaigns/recipient-file";
import { importRecipients } from "@/lib/campaigns/recipients";
import { SendError } from "@/lib/mail/send-error";
import type { MailTransport } from "@/lib/mail/transports";
import { ManualClock } from "@/lib/runner/clock";
import type { RunnerHandle } from "@/lib/runner/runner";
import { seededRandom } from "@/lib/campaigns/pacing";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { QUOTA_SWEEP_GRACE_MS } from "@/lib/campaigns/send-policy";
import { sendDeps, type SendDeps } from "@/services/campaigns/send-deps";
import { createSendCampaignFunctions } from "./send-campaign";

/** What a test swaps in for the wiring (a transport standing in for the account's real one). */
const sendDepsOverrides: Partial<SendDeps> = {};
const { sendCampaign, resumeQuotaPausedCampaigns } = createSendCampaignFunctions(async () => ({ ...(await sendDeps()), ...sendDepsOverrides }));

// The send function through the embedded runner with a manual clock: pacing across campaigns of one
// account, exactly-once under failures and restarts, pause/resume/cancel, suppression, auto-pause.

const T0 = Date.parse("2026-11-23T08:00:00Z"); // a Monday
const HOUR = 3_600_000;
const clock = new ManualClock(T0);
let database: Database;
let runner: RunnerHandle;
let workspaceId: string;
let userId: string;

async function boot() {
  runner = await startTestRunner(database, [sendCampaign, resumeQuotaPausedCampaigns], { clock });
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId } = await createTestUser(database.db, "sender@campaigns.test"));
  await boot();
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

beforeEach(() => {
  delete sendDepsOverrides.transport;
});

/** The account's mail goes to `send`, a stand-in for its provider; other accounts keep their own transport. */
function sendThrough(accountId: string, kind: MailTransport["kind"], send: MailTransport["send"]) {
  sendDepsOverrides.transport = (a) => (a.id === accountId ? { kind, send, async close() {} } : null);
}

function list(n: number, prefix: string) {
  const lines = ["email,name,company"];
  for (let i = 1; i <= n; i++) lines.push(`${prefix}${i}@example.com,Person ${i},Company ${i}`);
  return importRecipients(parseRecipientCsv(lines.join("\n")), { mapping: { email: "email", name: "name", company: "company" } });
}

async function account(kind: "outbox" | "smtp", limits = { perHour: 4, perDay: 25, minGapSec: 60, maxGapSec: 300 }) {
  return createSendingAccount(database.db, {
    workspaceId,
    actorId: userId,
    kind,
    name: `${kind} account`,
    fromAddress: "me@sender.example",
    fromName: "Me",
    config: kind === "smtp" ? { host: "127.0.0.1", port: 1, secure: false } : {},
    limits,
  });
}

async function startCampaign(accountId: string, n: number, prefix: string, opts: { startAt?: Date | null } = {}) {
  const c = await createCampaign(database.db, {
    workspaceId,
    actorId: userId,
    accountId,
    name: `Campaign ${prefix}`,
    timeZone: "America/Mexico_City",
    subject: "Hello {{first_name}} at {{company}}",
    textBody: "Hi {{name}},\n\nA note for {{company}}.",
    onEmpty: "skip",
    imported: list(n, prefix),
  });
  const s = await scheduleCampaign(database.db, {
    workspaceId,
    actorId: userId,
    campaignId: c.id,
    startAt: opts.startAt ?? null,
    timeZone: "America/Mexico_City",
    window: null,
    now: new Date(clock.now()),
  });
  await sendEvents(appEvent.campaignStarted({ workspaceId: workspaceId, id: c.id, runGeneration: s.runGeneration }));
  return c.id;
}

/** Runs the runner until every run is finished, jumping the clock to the next due time. */
async function runToQuiet(maxSteps = 2000, onStep?: (i: number) => Promise<void>) {
  for (let i = 0; i < maxSteps; i++) {
    await runner.drain();
    if (onStep) await onStep(i);
    const open = await database.db
      .select({ due: runnerRuns.dueAt })
      .from(runnerRuns)
      .where(notInArray(runnerRuns.status, [...terminalRunStatuses]));
    const due = open.map((r) => r.due?.getTime()).filter((x): x is number => x !== undefined && x !== null);
    if (open.length === 0) return i;
    if (due.length === 0) return i; // waiting on something that is not time
    clock.set(Math.max(clock.now(), Math.min(...due)));
  }
  throw new Error("runner did not go quiet");
}

async function recipientsOf(campaignId: string) {
  return database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
}

function assertCaps(times: number[], limits: { perHour: number; perDay: number; minGapSec: number }) {
  const t = [...times].sort((a, b) => a - b);
  for (let i = 0; i < t.length; i++) {
    const inHour = t.filter((x) => x >= t[i] && x < t[i] + HOUR).length;
    const inDay = t.filter((x) => x >= t[i] && x < t[i] + 24 * HOUR).length;
    expect(inHour, `sends in the hour from ${new Date(t[i]).toISOString()}`).toBeLessThanOrEqual(limits.perHour);
    expect(inDay, `sends in the day from ${new Date(t[i]).toISOString()}`).toBeLessThanOrEqual(limits.perDay);
    if (i > 0) expect(t[i] - t[i - 1]).toBeGreaterThanOrEqual(limits.minGapSec * 1000);
  }
}

describe("send-campaign on the dev outbox", () => {
  it("sends every recipient once, paced, into the outbox with List-Unsubscribe, then completes", async () => {
    const acc = await account("outbox");
    const id = await startCampaign(acc.id, 6, "a");
    await runToQuiet();
    const rs = await recipientsOf(id);
    expect(rs.map((r) => r.status)).toEqual(Array(6).fill("sent"));
    expect(new Set(rs.map((r) => r.providerMessageId)).size).toBe(6);
    const [c] = await database.db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c.status).toBe("completed");
    const out = await database.db.select().from(outboxMessages).where(eq(outboxMessages.workspaceId, workspaceId));
    const mine = out.filter((m) => m.raw.includes(`X-Docket-Campaign: ${id}`));
    expect(mine).toHaveLength(6);
    const one = mine.find((m) => m.to === "a1@example.com")!;
    expect(one.subject).toBe("Hello Person at Company 1");
    expect(one.raw).toMatch(/List-Unsubscribe:\s+<http:\/\/localhost:3000\/u\/[\w-]+\.[\w-]+\/one-click>/);
    expect(one.raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(one.text).toContain("To stop receiving these emails: http://localhost:3000/u/");
    assertCaps(rs.map((r) => r.sentAt!.getTime()), { perHour: 4, perDay: 25, minGapSec: 60 });
    // Four in the first hour at most: the fifth waited for the rolling hour.
    const times = rs.map((r) => r.sentAt!.getTime()).sort((a, b) => a - b);
    expect(times[4] - times[0]).toBeGreaterThanOrEqual(HOUR);
  });

  it("waits for a scheduled start, and pause / resume / cancel take effect before the next send", async () => {
    const acc = await account("outbox");
    const startAt = new Date(clock.now() + 2 * HOUR);
    const id = await startCampaign(acc.id, 5, "p", { startAt });
    await runner.drain();
    let [c] = await database.db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c.status).toBe("scheduled");
    expect(c.nextSendAt?.getTime()).toBe(startAt.getTime());
    clock.set(startAt.getTime());
    await runner.drain();
    expect((await recipientsOf(id)).filter((r) => r.status === "sent")).toHaveLength(1);

    const paused = await pauseCampaign(database.db, { workspaceId, actorId: userId, campaignId: id, now: new Date(clock.now()) });
    await sendEvents(appEvent.campaignPaused({ workspaceId, id, runGeneration: paused.runGeneration }));
    clock.advance(10 * HOUR);
    await runner.drain();
    expect((await recipientsOf(id)).filter((r) => r.status === "sent")).toHaveLength(1);

    const resumed = (await resumeCampaign(database.db, { workspaceId, actorId: userId, campaignId: id, now: new Date(clock.now()) }))!;
    expect(resumed.status).toBe("sending");
    await sendEvents(appEvent.campaignStarted({ workspaceId: workspaceId, id: id, runGeneration: resumed.runGeneration }));
    await runner.drain();
    expect((await recipientsOf(id)).filter((r) => r.status === "sent")).toHaveLength(2);

    // An unsubscribe between sends skips that recipient.
    await addSuppression(database.db, { workspaceId, email: "p3@example.com", reason: "unsubscribed", campaignId: id });
    await runToQuiet();
    const rs = await recipientsOf(id);
    expect(rs.find((r) => r.email === "p3@example.com")!.status).toBe("skipped");
    expect(rs.filter((r) => r.status === "sent")).toHaveLength(4);
    [c] = await database.db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c.status).toBe("completed");
  });
});

describe("send-campaign failure policy", () => {
  it("auto-pauses after K consecutive failures with a visible reason, and retries transient errors with backoff", async () => {
    const acc = await account("smtp", { perHour: 200, perDay: 2000, minGapSec: 10, maxGapSec: 10 });
    let calls = 0;
    sendThrough(acc.id, "smtp", async () => {
      calls++;
      throw new SendError("transient", "421 try later (simulated)", { status: 421 });
    });
    const id = await startCampaign(acc.id, 8, "f");
    await runToQuiet();
    const [c] = await database.db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c.status).toBe("paused");
    expect(c.pauseReason).toBe("consecutive_failures");
    expect(c.statusMessage).toMatch(/several failed sends in a row/);
    expect(calls).toBe(5);
    const rs = await recipientsOf(id);
    // Transient failures went back to pending with a retry time, none were marked sent.
    expect(rs.every((r) => r.status === "pending")).toBe(true);
    expect(rs.filter((r) => r.nextAttemptAt !== null).length).toBeGreaterThan(0);
  });

  it("a quota answer pauses the campaign with the resume time and it resumes by itself", async () => {
    const acc = await account("smtp", { perHour: 200, perDay: 2000, minGapSec: 10, maxGapSec: 10 });
    let n = 0;
    sendThrough(acc.id, "smtp", async (msg) => {
      n++;
      if (n === 2) throw new SendError("quota", "550 5.4.5 Daily user sending limit exceeded", { retryAfterMs: 2 * HOUR });
      return { providerMessageId: msg.messageId, accepted: msg.envelope.to };
    });
    const id = await startCampaign(acc.id, 3, "q");
    const before = clock.now();
    let sawPause = false;
    await runToQuiet(500, async () => {
      const [c] = await database.db.select().from(campaigns).where(eq(campaigns.id, id));
      if (c.status === "paused") {
        sawPause = true;
        expect(c.pauseReason).toBe("quota");
        expect(c.statusMessage).toMatch(/Resumes at 2026-11-2\d \d\d:\d\d/);
      }
    });
    expect(sawPause).toBe(true);
    const rs = await recipientsOf(id);
    expect(rs.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect(clock.now() - before).toBeGreaterThanOrEqual(2 * HOUR);
  });

  it("a quota answer pauses every campaign of the account; the others go on after the resume time", async () => {
    const acc = await account("smtp", { perHour: 200, perDay: 2000, minGapSec: 10, maxGapSec: 10 });
    let n = 0;
    let quotaAt = 0;
    sendThrough(acc.id, "smtp", async (msg) => {
      n++;
      if (n === 2) {
        quotaAt = clock.now();
        throw new SendError("quota", "550 5.4.5 Daily user sending limit exceeded", { retryAfterMs: 2 * HOUR });
      }
      return { providerMessageId: msg.messageId, accepted: msg.envelope.to };
    });
    const one = await startCampaign(acc.id, 3, "qa-");
    const two = await startCampaign(acc.id, 3, "qb-");
    await runToQuiet(500, async () => {
      if (!quotaAt) return;
      // while the quota holds, neither campaign sends (no attempt falls between the answer and the resume time)
      const cs = await database.db.select().from(campaigns).where(inArray(campaigns.id, [one, two]));
      if (clock.now() < quotaAt + 2 * HOUR) expect(cs.map((c) => c.status)).toEqual(["paused", "paused"]);
    });
    // the one that got the answer resumed itself; the other waits for the sweeper, which runs every minute
    clock.set(quotaAt + 2 * HOUR + QUOTA_SWEEP_GRACE_MS + 60_000);
    await runToQuiet();
    const cs = await database.db.select().from(campaigns).where(inArray(campaigns.id, [one, two]));
    expect(cs.map((c) => c.status)).toEqual(["completed", "completed"]);
    const sentAt = (await database.db.select().from(sendAttempts).where(inArray(sendAttempts.campaignId, [one, two]))).filter((a) => a.status === "sent").map((a) => a.reservedAt.getTime());
    expect(sentAt.filter((t) => t > quotaAt && t < quotaAt + 2 * HOUR)).toEqual([]);
    expect((await recipientsOf(one)).concat(await recipientsOf(two)).map((r) => r.status)).toEqual(Array(6).fill("sent"));
  });

  it("a revoked grant pauses every active campaign of the account and marks the account for reconnecting", async () => {
    const acc = await account("smtp", { perHour: 200, perDay: 2000, minGapSec: 10, maxGapSec: 10 });
    sendThrough(acc.id, "gmail", async () => {
      throw new SendError("auth_revoked", "invalid_grant", { status: 400, reason: "invalid_grant" });
    });
    const one = await startCampaign(acc.id, 2, "r1-");
    const two = await startCampaign(acc.id, 2, "r2-");
    await runToQuiet();
    const cs = await database.db.select().from(campaigns).where(inArray(campaigns.id, [one, two]));
    expect(cs.map((c) => [c.status, c.pauseReason])).toEqual([
      ["paused", "auth_revoked"],
      ["paused", "auth_revoked"],
    ]);
    expect(cs[0].statusMessage).toMatch(/SMTP server refused the login|Reconnect Google/);
    await expect(resumeCampaign(database.db, { workspaceId, actorId: userId, campaignId: one })).rejects.toThrow(/Reconnect Google/);
  });
});

describe("pacing property: several campaigns on one account, random failures, crashes and restarts", () => {
  for (const seed of [1, 2]) {
    it(`never exceeds the caps, never sends twice, and eventually sends everyone (seed ${seed})`, async () => {
      const limits = { perHour: 4, perDay: 10, minGapSec: 60, maxGapSec: 300 };
      const acc = await account("smtp", limits);
      const rand = seededRandom(`pacing-${seed}`);
      /** What the fake provider accepted: recipient address → accept times. */
      const accepted = new Map<string, number[]>();
      const injected = { transient: 0, mayHaveSent: 0, crashes: 0, restarts: 0 };
      const transport: MailTransport = {
        kind: "smtp",
        async send(msg) {
          const x = rand();
          if ((x < 0.15 || (injected.transient === 0 && accepted.size === 2)) && ++injected.transient) {
            throw new SendError("transient", "451 temporary (simulated)", { status: 451 });
          }
          if (x < 0.18 && ++injected.mayHaveSent) throw new SendError("transient", "connection dropped after DATA (simulated)", { mayHaveSent: true });
          const to = msg.envelope.to[0];
          accepted.set(to, [...(accepted.get(to) ?? []), clock.now()]);
          // Which sends draw which numbers depends on how runs interleave, so also crash the 3rd accepted send if
          // chance has not crashed one yet: every run of the test exercises a crash after acceptance.
          const acceptedSoFar = [...accepted.values()].reduce((n, t) => n + t.length, 0);
          if ((x < 0.28 || (injected.crashes === 0 && acceptedSoFar === 3)) && ++injected.crashes) {
            throw new Error("process died after the provider accepted (simulated crash)");
          }
          return { providerMessageId: `prov-${to}-${accepted.get(to)!.length}`, accepted: msg.envelope.to };
        },
        async close() {},
      };
      sendDepsOverrides.transport = (a) => (a.id === acc.id ? transport : null);
      const ids = [await startCampaign(acc.id, 9, `s${seed}x`), await startCampaign(acc.id, 7, `s${seed}y`), await startCampaign(acc.id, 8, `s${seed}z`)];

      // The user's part: resolve held messages from the provider's truth, retry failures, resume auto-pauses.
      const actAsUser = async () => {
        let restarted = false;
        for (const id of ids) {
          const [c] = await database.db.select().from(campaigns).where(eq(campaigns.id, id));
          const rs = await recipientsOf(id);
          const held = await database.db
            .select({ recipientId: sendAttempts.recipientId })
            .from(sendAttempts)
            .where(and(eq(sendAttempts.campaignId, id), eq(sendAttempts.status, "uncertain")));
          for (const h of held) {
            const r = rs.find((x) => x.id === h.recipientId)!;
            const decision = accepted.has(r.email) ? "mark_sent" : "retry";
            await resolveRecipient(database.db, { workspaceId, actorId: userId, campaignId: id, recipientId: r.id, decision, now: new Date(clock.now()) });
            restarted = true;
          }
          for (const r of rs.filter((x) => x.status === "failed")) {
            await resolveRecipient(database.db, { workspaceId, actorId: userId, campaignId: id, recipientId: r.id, decision: "retry", now: new Date(clock.now()) });
            restarted = true;
          }
          const [after] = await database.db.select().from(campaigns).where(eq(campaigns.id, id));
          if (after.status === "paused") {
            const r = (await resumeCampaign(database.db, { workspaceId, actorId: userId, campaignId: id, now: new Date(clock.now()) }))!;
            await sendEvents(appEvent.campaignStarted({ workspaceId: workspaceId, id: id, runGeneration: r.runGeneration }));
          } else if (restarted && c.status === "sending") {
            const [g] = await database.db
              .update(campaigns)
              .set({ runGeneration: after.runGeneration + 1 })
              .where(eq(campaigns.id, id))
              .returning();
            await sendEvents(appEvent.campaignStarted({ workspaceId: workspaceId, id: id, runGeneration: g.runGeneration }));
          }
        }
      };

      for (let round = 0; round < 40; round++) {
        await runToQuiet(400, async (i) => {
          // How many loop turns a round takes depends on timing, so restart at least once deterministically too.
          if ((round === 0 && i === 2) || (i % 7 === 3 && rand() < 0.5)) {
            // Restart: a new worker on the same database picks the runs up where they were.
            await runner.stop();
            await boot();
            injected.restarts++;
          }
          if (rand() < 0.05) clock.advance(Math.floor(rand() * 20 * 60_000));
        });
        const rs = (await Promise.all(ids.map(recipientsOf))).flat();
        if (rs.every((r) => r.status === "sent")) break;
        await actAsUser();
      }

      const all = (await Promise.all(ids.map(recipientsOf))).flat();
      expect(all.filter((r) => r.status !== "sent").map((r) => `${r.email}:${r.status}:${r.error}`)).toEqual([]);
      for (const r of all) expect(accepted.get(r.email), `copies to ${r.email}`).toHaveLength(1);
      assertCaps([...accepted.values()].flat(), limits);
      // The ledger agrees with the provider: one "sent" attempt per recipient.
      const sentAttempts = await database.db
        .select({ recipientId: sendAttempts.recipientId })
        .from(sendAttempts)
        .where(and(eq(sendAttempts.accountId, acc.id), eq(sendAttempts.status, "sent"), isNotNull(sendAttempts.recipientId)));
      expect(sentAttempts).toHaveLength(all.length);
      // The scenario really exercised what it claims to, and the daily cap really bound (24 sends at 10/day).
      expect(injected.transient + injected.mayHaveSent, `failures injected ${JSON.stringify(injected)}`).toBeGreaterThan(0);
      expect(injected.crashes, `crashes injected ${JSON.stringify(injected)}`).toBeGreaterThan(0);
      expect(injected.restarts, `restarts injected ${JSON.stringify(injected)}`).toBeGreaterThan(0);
      const times = [...accepted.values()].flat();
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2 * 24 * HOUR);
    }, 240_000);
  }
});
