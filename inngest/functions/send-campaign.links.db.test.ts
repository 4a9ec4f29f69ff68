import { vi } from "vitest";

// Before any module reads the environment (inngest/client reads it at import).
await vi.hoisted(async () => {
  (await import("@/db/testing/app-env")).useScratchAppEnv("campaign-links");
  delete process.env.DOCKET_PUBLIC_URL;
  delete process.env.AUTH_URL;
});

import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createCampaign } from "@/db/queries/campaigns/campaigns";
import { scheduleCampaign } from "@/db/queries/campaigns/control";
import { createSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { recentAccountSends, TEST_SEND_LIMITS } from "@/db/queries/campaigns/sends";
import { outboxMessages } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { startTestRunner } from "@/db/testing/runner";
import { parseRecipientCsv } from "@/lib/campaigns/recipient-file";
import { importRecipients } from "@/lib/campaigns/recipients";
import { ManualClock } from "@/lib/runner/clock";
import type { RunnerHandle } from "@/lib/runner/runner";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { sendDeps } from "@/services/campaigns/send-deps";
import { sendTestMessage } from "@/services/campaigns/send-test-message";
import { sendCampaign } from "./send-campaign";

// Where a campaign's links point and what a test send costs: unsubscribe links use the address the user reached the
// app at (not a fixed localhost:3000); a test send to oneself leaves the campaign caps alone and carries no working
// unsubscribe link.

const clock = new ManualClock(Date.parse("2026-11-23T08:00:00Z"));
let database: Database;
let runner: RunnerHandle;
let workspaceId: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId, workspaceId } = await createTestUser(database.db, "links@campaigns.test"));
  runner = await startTestRunner(database, [sendCampaign], { clock });
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

async function campaign(perHour: number) {
  const account = await createSendingAccount(database.db, {
    workspaceId,
    actorId: userId,
    kind: "outbox",
    name: `outbox ${perHour}`,
    fromAddress: "me@sender.example",
    fromName: "Me",
    config: {},
    limits: { perHour, perDay: 25, minGapSec: 60, maxGapSec: 300 },
  });
  const imported = importRecipients(parseRecipientCsv("email,name\nana@example.com,Ana\nbo@example.com,Bo\n"), { mapping: { email: "email", name: "name" } });
  return createCampaign(database.db, {
    workspaceId,
    actorId: userId,
    accountId: account.id,
    name: `Links ${perHour}`,
    timeZone: "UTC",
    subject: "Hello {{name}}",
    textBody: "Hi {{name}}.",
    onEmpty: "skip",
    imported,
  });
}

const lastOutbox = async () => (await database.db.select().from(outboxMessages).orderBy(desc(outboxMessages.createdAt)).limit(1))[0];

describe("campaign links and test sends", () => {
  it("unsubscribe links point at the address the campaign was started from", async () => {
    const c = await campaign(4);
    const s = await scheduleCampaign(database.db, { workspaceId, actorId: userId, campaignId: c.id, startAt: null, timeZone: "UTC", window: null, now: new Date(clock.now()), linkBase: "https://docket.example.org:8443" });
    await sendEvents(appEvent.campaignStarted({ workspaceId: workspaceId, id: c.id, runGeneration: s.runGeneration }));
    await runner.drain();
    const sent = await lastOutbox();
    expect(sent.text).toMatch(/To stop receiving these emails: https:\/\/docket\.example\.org:8443\/u\/[\w-]+\.[\w-]+/);
    expect(sent.raw).toMatch(/List-Unsubscribe:\s+<https:\/\/docket\.example\.org:8443\/u\/[\w-]+\.[\w-]+\/one-click>/);
    expect(sent.raw).not.toContain("localhost:3000");
  });

  it("test sends do not use the campaign's hourly cap, have their own allowance, and carry an inert unsubscribe link", async () => {
    const c = await campaign(2);
    const deps = { ...(await sendDeps()), db: database.db, now: () => clock.now() };
    const recipient = { email: "ana@example.com", name: "Ana", fields: { name: "Ana" } };
    for (let i = 0; i < TEST_SEND_LIMITS.perHour; i++) {
      const r = await sendTestMessage(deps, { workspaceId, campaignId: c.id, to: "links@campaigns.test", recipient, linkBase: "http://127.0.0.1:4100" });
      expect(r.ok).toBe(true);
    }
    // the account's campaign sends in the last hour: none of the tests counted
    expect(await recentAccountSends(database.db, { accountId: c.accountId, now: clock.now() })).toEqual([]);
    const test = await lastOutbox();
    expect(test.subject).toBe("[Test] Hello Ana");
    expect(test.text).toContain("http://127.0.0.1:4100/u/test-message");
    expect(test.raw).not.toMatch(/List-Unsubscribe/i);
    const over = await sendTestMessage(deps, { workspaceId, campaignId: c.id, to: "links@campaigns.test", recipient });
    expect(over).toEqual({ ok: false, error: expect.stringMatching(/^You have sent 10 test messages in the last hour .* limited to 10 an hour, 50 a day, apart from the campaign's own caps\); next possible at /) });
  });
});
