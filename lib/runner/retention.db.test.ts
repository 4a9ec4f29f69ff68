import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runnerEvents, runnerRuns, runnerSteps, runnerWorkers } from "@/db/schema/runner";
import { createTestDatabase } from "@/db/testing";
import { inngest } from "@/inngest/client";
import { ManualClock } from "./clock";
import { fixtureFunctions } from "./testing/fixtures";
import { startRunner, type RunnerHandle } from "./runner";
import { pruneHistory } from "./store";

// Retention: the embedded runner deletes finished runs (with their steps) and processed events older than the
// window, hourly, so a long-lived instance's tables stay bounded; work still in progress is never touched.

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-01T09:00:00Z");
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let runner: RunnerHandle;
const clock = new ManualClock(T0);

beforeAll(async () => {
  database = await createTestDatabase();
  runner = await startRunner({ database, client: inngest, clock, functions: fixtureFunctions, loop: false, log: () => {}, retentionMs: 7 * DAY });
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

const runsOf = (fn: string) => database.db.select({ id: runnerRuns.id, status: runnerRuns.status, eventId: runnerRuns.eventId }).from(runnerRuns).where(eq(runnerRuns.functionId, `docket-${fn}`));

describe("retention", () => {
  it("deletes finished runs, their steps and events past the window, and keeps runs still in progress", async () => {
    await inngest.send({ id: "old-three", name: "test/three", data: { workspaceId: "ws-r", key: "old" } });
    // a sleeper that will still be sleeping when its start is past the window (it sleeps until day 20)
    await inngest.send({ id: "long-sleep", name: "test/sleep", data: { key: "long", until: new Date(T0 + 20 * DAY).toISOString() } });
    await runner.drain();
    const [old] = await runsOf("test-three-steps");
    expect(old.status).toBe("completed");
    expect(await database.db.select().from(runnerSteps).where(eq(runnerSteps.runId, old.id))).not.toHaveLength(0);

    clock.set(T0 + 8 * DAY);
    await inngest.send({ id: "new-three", name: "test/three", data: { workspaceId: "ws-r", key: "new" } });
    await runner.drain(); // the hourly prune runs on this tick

    const three = await runsOf("test-three-steps");
    expect(three.map((r) => r.eventId)).toEqual(["new-three"]);
    expect(await database.db.select().from(runnerSteps).where(eq(runnerSteps.runId, old.id))).toEqual([]);
    const events = (await database.db.select({ id: runnerEvents.id }).from(runnerEvents).where(inArray(runnerEvents.id, ["old-three", "new-three", "long-sleep"]))).map((e) => e.id).sort();
    expect(events).toEqual(["long-sleep", "new-three"]); // the sleeper's event stays with its run
    const [sleeper] = await runsOf("test-sleeper");
    expect(sleeper.status).toBe("sleeping");
    // this worker keeps beating, so it is not pruned as silent
    expect(await database.db.select().from(runnerWorkers).where(eq(runnerWorkers.id, runner.workerId))).toHaveLength(1);

    // the sleeper finishes on day 20 and is forgotten a week after that
    clock.set(T0 + 20 * DAY);
    await runner.drain();
    expect((await runsOf("test-sleeper"))[0].status).toBe("completed");
    clock.set(T0 + 28 * DAY);
    await runner.drain();
    expect(await runsOf("test-sleeper")).toEqual([]);
  });

  it("works off a backlog in batches, and keeps everything when retention is 0", async () => {
    for (let i = 0; i < 5; i++) await inngest.send({ id: `batch-${i}`, name: "test/three", data: { workspaceId: "ws-r", key: `b${i}` } });
    await runner.drain();
    const before = clock.now() + 30 * DAY;
    expect(await pruneHistory(database.db, { before, limit: 2 })).toMatchObject({ runs: 2 });
    expect(await pruneHistory(database.db, { before, limit: 2 })).toMatchObject({ runs: 2 });
    const third = await pruneHistory(database.db, { before, limit: 2 });
    expect(third.runs).toBeLessThanOrEqual(2);
    expect(await runsOf("test-three-steps")).toHaveLength(0);

    const keeper = await startRunner({ database, client: inngest, clock, functions: fixtureFunctions, loop: false, log: () => {}, retentionMs: 0 });
    try {
      await keeper.send([{ id: "kept", name: "test/three", data: { workspaceId: "ws-r", key: "kept" } }]);
      await keeper.drain();
      clock.set(clock.now() + 400 * DAY);
      await keeper.drain();
      expect((await runsOf("test-three-steps")).map((r) => r.eventId)).toEqual(["kept"]);
    } finally {
      await keeper.stop();
    }
  });
});
