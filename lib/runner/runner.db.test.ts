import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cancelRun, getRun, listRuns, retryRun, runnerStats } from "@/db/queries/runner";
import { runnerCrons, runnerRuns } from "@/db/schema/runner";
import { createTestDatabase } from "@/db/testing";
import { inngest } from "@/inngest/client";
import { ManualClock } from "./clock";
import { calls, fixtureFunctions, maxActive, resetConcurrency, seen, throttled } from "./testing/fixtures";
import { RunnerConfigError } from "./functions";
import { setActiveRunner } from "./registry";
import { startRunner, type RunnerHandle } from "./runner";

// Contract suite: small real functions run through the embedded runner, on PGlite (unit project) and on
// PostgreSQL (pg project). Time only moves when a test advances the manual clock.

const T0 = Date.parse("2026-11-21T09:00:00Z");
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let runner: RunnerHandle;
const clock = new ManualClock(T0);
const WS = "ws-runner-test";

beforeAll(async () => {
  database = await createTestDatabase();
  runner = await startRunner({ database, client: inngest, clock, functions: fixtureFunctions, loop: false, log: () => {} });
});

afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

beforeEach(() => {
  calls.clear();
  for (const k of Object.keys(seen)) delete seen[k];
});

async function runsOf(functionId: string) {
  const { runs } = await listRuns(database.db, { workspaceId: WS, includeSystem: true, functionId: `docket-${functionId}`, limit: 200 });
  return runs;
}

async function onlyRun(functionId: string) {
  const runs = await runsOf(functionId);
  expect(runs).toHaveLength(1);
  const detail = await getRun(database.db, { workspaceId: WS, includeSystem: true, runId: runs[0]!.id });
  return detail!;
}

describe("sync", () => {
  it("learns every function, its triggers and the onFailure companion", () => {
    const ids = runner.functions.map((f) => f.id);
    expect(ids).toContain("docket-test-three-steps");
    expect(ids).toContain("docket-test-failing-failure");
    const flaky = runner.functions.find((f) => f.id === "docket-test-flaky")!;
    expect(flaky.maxAttempts).toBe(3);
    expect(runner.functions.find((f) => f.id === "docket-test-cron")!.crons.map((c) => c.source)).toEqual(["*/15 * * * *"]);
  });

  it("refuses to start when a function uses an option it does not honour, naming function and option", async () => {
    await expect(startRunner({ database, client: inngest, clock, functions: [throttled], loop: false, log: () => {} })).rejects.toThrow(
      /Function "docket-test-throttled" uses option "throttle"/,
    );
    await expect(startRunner({ database, client: inngest, clock, functions: [throttled], loop: false, log: () => {} })).rejects.toBeInstanceOf(
      RunnerConfigError,
    );
  });
});

describe("steps", () => {
  it("runs steps in order, memoizes each, and stores the output and a step timeline", async () => {
    await inngest.send({ name: "test/three", data: { n: 1, workspaceId: WS } });
    await runner.drain();
    const run = await onlyRun("test-three-steps");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ result: "a1bc" });
    expect(run.workspaceId).toBe(WS);
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([
      ["load", "completed"],
      ["extract", "completed"],
      ["save", "completed"],
    ]);
    for (const step of ["load", "extract", "save"]) expect(calls.get(`three:1:${step}`)).toBe(1);
  });

  it("runs Promise.all steps once each and resumes when all are memoized", async () => {
    await inngest.send({ name: "test/parallel", data: { key: "p" } });
    await runner.drain();
    const run = await onlyRun("test-parallel");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ sum: 6 });
    for (const s of ["x", "y", "z", "sum"]) expect(calls.get(`par:p:${s}`)).toBe(1);
  });
});

describe("retries", () => {
  it("retries a failing step with exponential backoff and never re-runs memoized steps", async () => {
    await inngest.send({ name: "test/flaky", data: { key: "k1", failTimes: 2 } });
    await runner.drain();
    expect(calls.get("flaky:k1:flaky")).toBe(1);
    let run = await onlyRun("test-flaky");
    expect(run.status).toBe("running");
    expect(run.nextDueAt!.getTime() - clock.now()).toBe(1000);

    clock.advance(999);
    await runner.drain();
    expect(calls.get("flaky:k1:flaky")).toBe(1);
    clock.advance(1);
    await runner.drain();
    expect(calls.get("flaky:k1:flaky")).toBe(2);
    run = await onlyRun("test-flaky");
    expect(run.nextDueAt!.getTime() - clock.now()).toBe(2000);

    clock.advance(2000);
    await runner.drain();
    run = await onlyRun("test-flaky");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ before: 1, value: 3 });
    expect(calls.get("flaky:k1:before")).toBe(1);
    expect(run.steps.find((s) => s.id === "flaky")!.attempts).toBe(3);
    expect(run.failures).toBe(2);
  });

  it("`retries: 1` means one retry: two executions, then the run fails with the step's error", async () => {
    await inngest.send({ name: "test/always-fails", data: { key: "d" } });
    for (let i = 0; i < 5; i++) {
      await runner.drain();
      clock.advance(60_000);
    }
    expect(calls.get("doomed:d")).toBe(2);
    const run = await onlyRun("test-retries-one");
    expect(run.status).toBe("failed");
    expect(run.error).toContain("always fails");
  });

  it("NonRetriableError fails the run at once", async () => {
    await inngest.send({ name: "test/non-retriable", data: { key: "n" } });
    await runner.drain();
    clock.advance(3_600_000);
    await runner.drain();
    expect(calls.get("nonretriable:n")).toBe(1);
    const run = await onlyRun("test-non-retriable");
    expect(run.status).toBe("failed");
    expect(run.error).toContain("bad input");
  });

  it("RetryAfterError delays the retry by the requested time, not the backoff", async () => {
    await inngest.send({ name: "test/retry-after", data: { key: "r" } });
    await runner.drain();
    clock.advance(29_000);
    await runner.drain();
    expect(calls.get("retryafter:r")).toBe(1);
    clock.advance(1000);
    await runner.drain();
    expect(calls.get("retryafter:r")).toBe(2);
    expect((await onlyRun("test-retry-after")).output).toBe(2);
  });

  it("retries an error thrown outside any step (function-level retry)", async () => {
    await inngest.send({ name: "test/body-error", data: { key: "b" } });
    await runner.drain();
    clock.advance(1000);
    await runner.drain();
    const run = await onlyRun("test-body-error");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ attempt: 1 });
    expect(calls.get("body:b")).toBe(2);
  });
});

describe("sleep", () => {
  it("step.sleep and step.sleepUntil are persisted timers that wake on the clock", async () => {
    const until = new Date(T0 + 10 * 3_600_000).toISOString();
    const start = clock.now();
    await inngest.send({ name: "test/sleep", data: { key: "s", until } });
    await runner.drain();
    let run = await onlyRun("test-sleeper");
    expect(run.status).toBe("sleeping");
    expect(run.nextDueAt!.getTime()).toBe(start + 3_600_000);

    clock.set(start + 3_600_000 - 1);
    await runner.drain();
    expect((await onlyRun("test-sleeper")).status).toBe("sleeping");
    clock.set(start + 3_600_000);
    await runner.drain();
    run = await onlyRun("test-sleeper");
    expect(run.status).toBe("sleeping");
    expect(run.nextDueAt!.toISOString()).toBe(until);
    expect(calls.get("sleep:s:after")).toBeUndefined();

    clock.set(Date.parse(until));
    await runner.drain();
    run = await onlyRun("test-sleeper");
    expect(run.status).toBe("completed");
    expect(calls.get("sleep:s:before")).toBe(1);
    expect(calls.get("sleep:s:after")).toBe(1);
  });
});

describe("events", () => {
  it("step.sendEvent persists events by id: a repeated id triggers nothing new", async () => {
    await inngest.send({ name: "test/send", data: { key: "e1" } });
    await runner.drain();
    expect((await onlyRun("test-sender")).status).toBe("completed");
    expect(calls.get("child:e1")).toBe(1);
    const children = await runsOf("test-child");
    expect(children).toHaveLength(1);
  });

  it("inngest.send() with the same id twice starts one run", async () => {
    const first = await inngest.send({ name: "test/child", id: "same-id", data: { key: "dup" } });
    const second = await inngest.send({ name: "test/child", id: "same-id", data: { key: "dup" } });
    expect(first.ids).toEqual(["same-id"]);
    expect(second.ids).toEqual(["same-id"]);
    await runner.drain();
    expect(calls.get("child:dup")).toBe(1);
  });
});

describe("onFailure", () => {
  it("runs the failure handler with the error and the original event", async () => {
    await inngest.send({ name: "test/fail", data: { key: "f" } });
    await runner.drain();
    expect((await onlyRun("test-failing")).status).toBe("failed");
    expect(seen.onFailure).toEqual([{ message: "kaboom", original: "f" }]);
    expect((await onlyRun("test-failing-failure")).status).toBe("completed");
  });
});

describe("cron", () => {
  it("fires on schedule, once per tick, and does not replay missed ticks", async () => {
    await runner.drain(); // earlier tests moved the clock; settle whatever is due now
    const before = (await runsOf("test-cron")).length;
    for (const k of Object.keys(seen)) delete seen[k];
    const nextAt = async () => {
      const [row] = await database.db.select().from(runnerCrons).where(eq(runnerCrons.functionId, "docket-test-cron"));
      return row!.nextAt.getTime();
    };
    // Ten hours pass with nothing running: one run, not forty.
    clock.set((await nextAt()) + 10 * 3_600_000);
    await runner.drain();
    expect((await runsOf("test-cron")).length).toBe(before + 1);

    const next = await nextAt();
    expect(next % 900_000).toBe(0);
    expect(next).toBeGreaterThan(clock.now());
    clock.set(next - 1);
    await runner.drain();
    expect((await runsOf("test-cron")).length).toBe(before + 1);
    clock.set(next);
    await runner.drain();
    await runner.drain();
    expect((await runsOf("test-cron")).length).toBe(before + 2);
    expect(seen.cron).toEqual(["*/15 * * * *", "*/15 * * * *"]);
  });
});

describe("concurrency", () => {
  it("never runs two steps of the same key at once; all runs complete", async () => {
    resetConcurrency();
    await inngest.send([
      { name: "test/limited", data: { account: "A" } },
      { name: "test/limited", data: { account: "A" } },
      { name: "test/limited", data: { account: "A" } },
      { name: "test/limited", data: { account: "B" } },
    ]);
    await runner.drain();
    expect(maxActive.get("A")).toBe(1);
    expect(calls.get("limited:A")).toBe(3);
    expect(calls.get("limited:B")).toBe(1);
    expect((await runsOf("test-limited")).every((r) => r.status === "completed")).toBe(true);
  });
});

describe("waitForEvent", () => {
  it("resumes with the matching event only", async () => {
    await inngest.send({ name: "test/approval.requested", data: { requestId: "r1" } });
    await runner.drain();
    expect((await onlyRun("test-approval")).status).toBe("waiting");
    await inngest.send({ name: "test/approval.decided", data: { requestId: "other", approved: false } });
    await runner.drain();
    expect((await onlyRun("test-approval")).status).toBe("waiting");
    await inngest.send({ name: "test/approval.decided", data: { requestId: "r1", approved: true } });
    await runner.drain();
    const run = await onlyRun("test-approval");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ approved: true, requestId: "r1" });
  });

  it("returns null when the timeout passes first", async () => {
    await database.db.delete(runnerRuns).where(eq(runnerRuns.functionId, "docket-test-approval"));
    await inngest.send({ name: "test/approval.requested", data: { requestId: "r2" } });
    await runner.drain();
    clock.advance(2 * 3_600_000);
    await runner.drain();
    const run = await onlyRun("test-approval");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ approved: null, requestId: "r2" });
  });
});

describe("cancelOn", () => {
  it("cancels the matching sleeping run; the next step never runs; other runs continue", async () => {
    await inngest.send([
      { name: "test/campaign.started", data: { campaignId: "c1" } },
      { name: "test/campaign.started", data: { campaignId: "c2" } },
    ]);
    await runner.drain();
    await inngest.send({ name: "test/campaign.control", data: { campaignId: "c1", action: "pause" } });
    await runner.drain();
    expect((await runsOf("test-cancellable")).map((r) => r.status)).toEqual(["sleeping", "sleeping"]);
    await inngest.send({ name: "test/campaign.control", data: { campaignId: "c1", action: "cancel" } });
    await runner.drain();
    clock.advance(3_600_000);
    await runner.drain();
    expect(calls.get("campaign:c1:second")).toBeUndefined();
    expect(calls.get("campaign:c2:second")).toBe(1);
    const statuses = (await runsOf("test-cancellable")).map((r) => r.status).sort();
    expect(statuses).toEqual(["cancelled", "completed"]);
  });
});

describe("invoke", () => {
  it("step.invoke runs the child function and returns its output", async () => {
    await inngest.send({ name: "test/invoke", data: { value: 21 } });
    await runner.drain();
    const run = await onlyRun("test-invoker");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ doubled: 42 });
    const childRun = await onlyRun("test-invoked");
    expect(childRun.parentRunId).toBe(run.id);
  });
});

describe("Jobs page actions and stats", () => {
  it("retries a failed run from its failed step and cancels a sleeping run", async () => {
    await inngest.send({ name: "test/fail", id: "fail-for-retry", data: { key: "again", workspaceId: WS } });
    await runner.drain();
    const failed = (await listRuns(database.db, { workspaceId: WS, status: "failed" })).runs.find((r) => r.functionId === "docket-test-failing")!;
    expect(failed).toBeDefined();
    expect(await retryRun(database.db, { workspaceId: "another-workspace", runId: failed.id })).toBe(false);
    expect(await retryRun(database.db, { workspaceId: WS, runId: failed.id, now: new Date(clock.now()) })).toBe(true);
    await runner.drain();
    const retried = await getRun(database.db, { workspaceId: WS, runId: failed.id });
    expect(retried!.status).toBe("failed"); // it fails again, but it did run again
    expect(retried!.failures).toBe(2);

    const until = new Date(clock.now() + 48 * 3_600_000).toISOString();
    await inngest.send({ name: "test/sleep", data: { key: "to-cancel", until, workspaceId: WS } });
    await runner.drain();
    const sleeping = (await listRuns(database.db, { workspaceId: WS, status: "sleeping" })).runs[0]!;
    expect(await cancelRun(database.db, { workspaceId: WS, runId: sleeping.id, now: new Date(clock.now()) })).toBe(true);
    clock.advance(49 * 3_600_000);
    await runner.drain();
    expect(calls.get("sleep:to-cancel:after")).toBeUndefined();
    expect((await getRun(database.db, { workspaceId: WS, runId: sleeping.id }))!.status).toBe("cancelled");
  });

  it("reports queue depth, oldest due age, failures and liveness", async () => {
    await runner.drain();
    const idle = await runnerStats(database.db, { now: new Date(clock.now()) });
    expect(idle.queueDepth).toBe(0);
    expect(idle.failedTotal).toBeGreaterThan(0);
    expect(idle.alive).toBe(true);
    await inngest.send({ name: "test/three", data: { n: 99 } });
    clock.advance(5000);
    const busy = await runnerStats(database.db, { now: new Date(clock.now()) });
    expect(busy.queueDepth).toBe(1);
    expect(busy.oldestDueAgeMs).toBe(5000);
    await runner.drain();
  });
});

describe("two workers on one database", () => {
  it("share the work without running any step twice (claims use FOR UPDATE SKIP LOCKED)", async () => {
    const second = await startRunner({ database, client: inngest, clock, functions: fixtureFunctions, loop: false, workerId: "second-worker", log: () => {} });
    try {
      const ids = Array.from({ length: 40 }, (_, i) => 1000 + i);
      await inngest.send(ids.map((n) => ({ name: "test/three", data: { n } })));
      await Promise.all([runner.drain(), second.drain(), runner.drain()]);
      for (const n of ids) {
        for (const step of ["load", "extract", "save"]) expect(calls.get(`three:${n}:${step}`), `run ${n} step ${step}`).toBe(1);
      }
      const runs = (await runsOf("test-three-steps")).filter((r) => r.status !== "completed");
      expect(runs).toEqual([]);
    } finally {
      await second.stop();
      setActiveRunner(runner as unknown as Parameters<typeof setActiveRunner>[0]);
    }
  });
});
