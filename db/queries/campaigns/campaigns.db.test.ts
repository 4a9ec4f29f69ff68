import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openDatabase } from "@/db/client";
import { campaignRecipients, campaigns, sendAttempts } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { parseRecipientCsv } from "@/lib/campaigns/recipient-file";
import { importRecipients } from "@/lib/campaigns/recipients";
import { campaignCounts, createCampaign, getCampaign, listCampaigns } from "@/db/queries/campaigns/campaigns";
import { listAudit } from "@/db/queries/audit";
import { cancelCampaign, pauseCampaign, scheduleCampaign } from "@/db/queries/campaigns/control";
import { sendsPerDay } from "@/db/queries/campaigns/dashboard";
import { createSendingAccount, updateSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { recordFailure, recordSent, reserveNextSend } from "@/db/queries/campaigns/sends";
import {
  addSuppression,
  alreadyContactedSet,
  removeSuppression,
  suppressedSet,
} from "@/db/queries/campaigns/suppressions";
import { seedDemoCampaign } from "@/db/seed/campaigns";

// Campaign queries on PGlite and PostgreSQL: scoping by workspace, the state machine at the DB edge, the
// suppression list, and — on PostgreSQL with several connections — concurrent reservations on one account.

const T0 = Date.parse("2026-11-23T15:00:00Z");
let database: Database & { url?: string };
let ws: string;
let other: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId: ws } = await createTestUser(database.db, "owner@campaigns-q.test"));
  other = (await createTestUser(database.db, "other@campaigns-q.test")).workspaceId;
});

afterAll(async () => database?.close());

function list(n: number, prefix: string) {
  const lines = ["email,name"];
  for (let i = 1; i <= n; i++) lines.push(`${prefix}${i}@example.com,P${i}`);
  return importRecipients(parseRecipientCsv(lines.join("\n")), { mapping: { email: "email", name: "name" } });
}

async function setup(n: number, limits = { perHour: 4, perDay: 25, minGapSec: 60, maxGapSec: 300 }, workspaceId = ws) {
  const a = await createSendingAccount(database.db, { workspaceId, actorId: null, kind: "smtp", name: "S", fromAddress: "s@example.com", config: {}, limits });
  const mk = async (prefix: string) => {
    const c = await createCampaign(database.db, {
      workspaceId,
      actorId: userId,
      accountId: a.id,
      name: `C ${prefix}`,
      timeZone: "UTC",
      subject: "Hi {{name}}",
      textBody: "Hello",
      onEmpty: "skip",
      imported: list(n, prefix),
    });
    await scheduleCampaign(database.db, { workspaceId, actorId: userId, campaignId: c.id, startAt: null, timeZone: "UTC", window: null, now: new Date(T0) });
    return c.id;
  };
  return { account: a, mk };
}

describe("campaign queries", () => {
  it("keep every campaign inside its workspace", async () => {
    const { mk } = await setup(2);
    const id = await mk("iso");
    expect(await getCampaign(database.db, { workspaceId: other, campaignId: id })).toBeNull();
    expect((await listCampaigns(database.db, { workspaceId: other })).map((c) => c.id)).not.toContain(id);
    await expect(cancelCampaign(database.db, { workspaceId: other, actorId: userId, campaignId: id })).rejects.toThrow(/No such campaign/);
    expect(await reserveNextSend(database.db, { workspaceId: other, campaignId: id, now: T0 })).toEqual({ kind: "stop", status: "cancelled" });
    expect((await getCampaign(database.db, { workspaceId: ws, campaignId: id }))!.status).toBe("scheduled");
  });

  it("refuse pacing limits outside the account kind's safe bounds, naming the field", async () => {
    const { account } = await setup(1);
    await expect(updateSendingAccount(database.db, { workspaceId: ws, actorId: userId, accountId: account.id, limits: { perDay: 5000 } })).rejects.toThrow(
      /perDay must be a whole number from 1 to 2000/,
    );
    await expect(updateSendingAccount(database.db, { workspaceId: ws, actorId: userId, accountId: account.id, limits: { minGapSec: 1 } })).rejects.toThrow(/minGapSec/);
  });

  it("reserve the next recipient in list order, count the attempt at once, and make the next one wait for the gap", async () => {
    const { mk } = await setup(3, { perHour: 4, perDay: 25, minGapSec: 60, maxGapSec: 60 });
    const id = await mk("order");
    const first = await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0 });
    expect(first.kind).toBe("send");
    const second = await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0 + 1000 });
    expect(second).toMatchObject({ kind: "wait", until: new Date(T0 + 60_000).toISOString(), reason: "gap" });
    if (first.kind !== "send") throw new Error("unreachable");
    const [r] = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.id, first.recipientId));
    expect([r.email, r.status, r.attempts]).toEqual(["order1@example.com", "sending", 1]);
    await recordSent(database.db, { attemptId: first.attemptId, providerMessageId: "p1", now: T0 });
    expect(await alreadyContactedSet(database.db, { workspaceId: ws })).toContain("order1@example.com");
    const counts = await campaignCounts(database.db, { workspaceId: ws, campaignId: id });
    expect(counts).toMatchObject({ sent: 1, pending: 2, total: 3 });
  });

  it("a reserve step run again after its worker died gets its reservation back, so no recipient is stranded", async () => {
    // bench/faults found this: kill -9 after the reserve transaction committed but before the runner memoized the
    // step left the recipient "sending" with a reservation nobody delivered, and the campaign never completed.
    const { mk } = await setup(2, { perHour: 4, perDay: 25, minGapSec: 60, maxGapSec: 60 });
    const id = await mk("rerun");
    const first = await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0, key: "run-1:reserve-0" });
    if (first.kind !== "send") throw new Error("expected a send");
    expect(await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0 + 1000, key: "run-1:reserve-0" })).toEqual(first);
    // another step (or another caller without the key) is paced as before
    expect(await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0 + 1000, key: "run-1:reserve-1" })).toMatchObject({ kind: "wait", reason: "gap" });
    await recordSent(database.db, { attemptId: first.attemptId, providerMessageId: "p1", now: T0 + 1000 });
    const second = await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0 + 61_000, key: "run-1:reserve-2" });
    if (second.kind !== "send") throw new Error("expected a send");
    expect(second.recipientId).not.toBe(first.recipientId);
    await recordSent(database.db, { attemptId: second.attemptId, providerMessageId: "p2", now: T0 + 61_000 });
    expect(await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0 + 121_000, key: "run-1:reserve-3" })).toEqual({ kind: "done", status: "completed", held: 0 });
    expect(await campaignCounts(database.db, { workspaceId: ws, campaignId: id })).toMatchObject({ sent: 2, pending: 0, total: 2 });
  });

  it("suppress an address everywhere it is still pending, and keep unsubscribes from being removed by hand", async () => {
    const { mk } = await setup(2);
    const id = await mk("sup");
    const r = await addSuppression(database.db, { workspaceId: ws, email: " SUP1@example.com ", reason: "unsubscribed", campaignId: id });
    expect(r).toEqual({ added: true, skippedRecipients: 1 });
    expect(await addSuppression(database.db, { workspaceId: ws, email: "sup1@example.com", reason: "unsubscribed" })).toEqual({ added: false, skippedRecipients: 0 });
    expect(await suppressedSet(database.db, { workspaceId: ws })).toContain("sup1@example.com");
    expect(await suppressedSet(database.db, { workspaceId: other })).not.toContain("sup1@example.com");
    await expect(removeSuppression(database.db, { workspaceId: ws, actorId: userId, email: "sup1@example.com" })).rejects.toThrow(/only addresses added by hand/);
    await addSuppression(database.db, { workspaceId: ws, email: "manual@example.com", reason: "manual" });
    await removeSuppression(database.db, { workspaceId: ws, actorId: userId, email: "manual@example.com" });
    expect(await suppressedSet(database.db, { workspaceId: ws })).not.toContain("manual@example.com");
  });

  it("cancel skips what was not sent and cannot be undone", async () => {
    const { mk } = await setup(3);
    const id = await mk("cancel");
    await cancelCampaign(database.db, { workspaceId: ws, actorId: userId, campaignId: id });
    expect(await campaignCounts(database.db, { workspaceId: ws, campaignId: id })).toMatchObject({ skipped: 3, pending: 0 });
    await expect(cancelCampaign(database.db, { workspaceId: ws, actorId: userId, campaignId: id })).rejects.toThrow(/Cancelled cannot become Cancelled/);
  });

  it("pausing every campaign of an account is one write the campaign machine guards, each audited with the status it left", async () => {
    const { mk } = await setup(2);
    const [scheduled, sending, cancelled, paused] = [await mk("pa"), await mk("pb"), await mk("pc"), await mk("pd")];
    const r = await reserveNextSend(database.db, { workspaceId: ws, campaignId: sending, now: T0 });
    if (r.kind !== "send") throw new Error(`expected a send, got ${r.kind}`);
    await cancelCampaign(database.db, { workspaceId: ws, actorId: userId, campaignId: cancelled });
    await pauseCampaign(database.db, { workspaceId: ws, actorId: userId, campaignId: paused });
    const out = await recordFailure(database.db, {
      attemptId: r.attemptId,
      now: T0 + 1000,
      attemptStatus: "failed",
      recipient: "pending",
      error: "access revoked",
      errorKind: "auth_revoked",
      countsAsFailure: false,
      pause: { reason: "auth_revoked", message: "Reconnect", allCampaignsOfAccount: true },
    });
    expect(out.paused.sort()).toEqual([scheduled, sending].sort());
    const state = async (id: string) => {
      const c = await getCampaign(database.db, { workspaceId: ws, campaignId: id });
      return [c?.status, c?.pauseReason];
    };
    expect(await state(scheduled)).toEqual(["paused", "auth_revoked"]);
    expect(await state(sending)).toEqual(["paused", "auth_revoked"]);
    // cancelled → paused and paused → paused are not transitions: untouched, the user's pause keeps its reason
    expect(await state(cancelled)).toEqual(["cancelled", null]);
    expect(await state(paused)).toEqual(["paused", "user"]);
    const audit = await listAudit(database.db, { workspaceId: ws, entityType: "campaign" });
    const left = (id: string) => audit.rows.filter((e) => e.entityId === id && e.action === "campaign.paused").map((e) => e.before);
    expect(left(scheduled)).toEqual([{ status: "scheduled" }]);
    expect(left(sending)).toEqual([{ status: "sending" }]);
    expect(left(cancelled)).toEqual([]);
  });

  it("suppression and cancel skip only recipients the machine lets be skipped: never a sent one, never one being sent", async () => {
    const { mk } = await setup(4, { perHour: 10, perDay: 25, minGapSec: 10, maxGapSec: 10 });
    const id = await mk("sk");
    const reserve = async (now: number) => {
      const r = await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now });
      if (r.kind !== "send") throw new Error(`expected a send, got ${r.kind}`);
      return r;
    };
    await recordSent(database.db, { attemptId: (await reserve(T0)).attemptId, providerMessageId: "m1", now: T0 }); // sk1 sent
    const failed = await reserve(T0 + 11_000); // sk2 failed
    await recordFailure(database.db, { attemptId: failed.attemptId, now: T0 + 11_000, attemptStatus: "failed", recipient: "failed", error: "550", errorKind: "permanent", countsAsFailure: true });
    const inFlight = await reserve(T0 + 22_000); // sk3 being sent; sk4 pending
    const skipped = async (email: string) => (await addSuppression(database.db, { workspaceId: ws, email, reason: "manual" })).skippedRecipients;
    expect([await skipped("sk1@example.com"), await skipped("sk2@example.com"), await skipped("sk3@example.com"), await skipped("sk4@example.com")]).toEqual([0, 1, 0, 1]);
    await cancelCampaign(database.db, { workspaceId: ws, actorId: userId, campaignId: id });
    expect(await campaignCounts(database.db, { workspaceId: ws, campaignId: id })).toMatchObject({ sent: 1, skipped: 2, sending: 1, failed: 0, pending: 0 });
    // the sender finishes the one in flight (sending → sent)
    await recordSent(database.db, { attemptId: inFlight.attemptId, providerMessageId: "m3", now: T0 + 23_000 });
    expect(await campaignCounts(database.db, { workspaceId: ws, campaignId: id })).toMatchObject({ sent: 2, skipped: 2, sending: 0 });
  });

  it("counts sends per day per account for the dashboard", async () => {
    const { mk, account } = await setup(2, { perHour: 10, perDay: 25, minGapSec: 10, maxGapSec: 10 });
    const id = await mk("dash");
    const a = await reserveNextSend(database.db, { workspaceId: ws, campaignId: id, now: T0 });
    if (a.kind !== "send") throw new Error(`expected a send, got ${a.kind}`);
    await recordSent(database.db, { attemptId: a.attemptId, providerMessageId: "x", now: T0 });
    const rows = await sendsPerDay(database.db, { workspaceId: ws, since: new Date(T0 - 86_400_000) });
    expect(rows.find((r) => r.accountId === account.id)).toEqual({ day: "2026-11-23", accountId: account.id, sent: 1, failed: 0 });
  });

  it("seeds a demo draft with its real import report and nothing sent", async () => {
    const c = await seedDemoCampaign(database.db, { workspaceId: other, ownerId: userId });
    expect(c.status).toBe("draft");
    expect(c.importSkipped.map((s) => [s.rowNumber, s.reason])).toEqual([
      [7, "invalid_email"],
      [8, "duplicate"],
    ]);
    expect(await campaignCounts(database.db, { workspaceId: other, campaignId: c.id })).toMatchObject({ pending: 5, sent: 0, total: 5 });
  });
});

describe("concurrent reservations on one account (separate connections on PostgreSQL)", () => {
  it("never claims a recipient twice and never breaks the caps or the gap, whatever the interleaving", async () => {
    const limits = { perHour: 5, perDay: 25, minGapSec: 10, maxGapSec: 10 };
    const { mk, account } = await setup(6, limits);
    const ids = [await mk("ca"), await mk("cb"), await mk("cc")];
    // On PostgreSQL each worker gets its own pool, so the account row lock is really contended.
    const workers: Database[] = database.url
      ? await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url: database.url!, poolMax: 2 })))
      : [database];
    try {
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 24; i++) {
        const db = workers[i % workers.length].db;
        const now = T0 + Math.floor(i / 3) * 11_000; // several calls at each instant, instants 11 s apart
        calls.push(reserveNextSend(db, { workspaceId: ws, campaignId: ids[i % 3], now }));
      }
      const results = (await Promise.all(calls)) as Awaited<ReturnType<typeof reserveNextSend>>[];
      const sends = results.filter((r) => r.kind === "send");
      expect(sends.length).toBeGreaterThan(0);
      expect(sends.length).toBeLessThanOrEqual(limits.perHour);
      expect(new Set(sends.map((s) => (s.kind === "send" ? s.recipientId : ""))).size).toBe(sends.length);
      const attempts = await database.db
        .select({ at: sendAttempts.reservedAt })
        .from(sendAttempts)
        .where(and(eq(sendAttempts.accountId, account.id)));
      const times = attempts.map((a) => a.at.getTime()).sort((a, b) => a - b);
      expect(times).toHaveLength(sends.length);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(limits.minGapSec * 1000);
      const sending = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.status, "sending"));
      expect(sending.filter((r) => ids.includes(r.campaignId))).toHaveLength(sends.length);
      const statuses = await database.db.select({ s: campaigns.status }).from(campaigns).where(eq(campaigns.accountId, account.id));
      expect(statuses.every((x) => x.s === "sending")).toBe(true);
    } finally {
      if (database.url) await Promise.all(workers.map((w) => w.close()));
    }
  });
});
