import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runnerRuns, runnerWorkers } from "@/db/schema/runner";
import { createTestDatabase } from "@/db/testing";
import { threeSteps } from "./testing/fixtures";
import type { FunctionSpec } from "./functions";
import { processIdentity, provablyDead } from "./liveness";
import { startRunner } from "./runner";
import { createRuns } from "./store";
import { inngest } from "@/inngest/client";

// A worker killed with -9 leaves its runs claimed for the claim's TTL. A worker starting on the same machine
// takes them at once when the holder is provably dead (no such process, or its pid now belongs to another
// process), and never when the holder is alive or cannot be checked (another machine: no identity).
// unit project: PGlite; pg project: PostgreSQL.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await database?.close();
});

function idle(): ChildProcess {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" });
  children.push(child);
  return child;
}

async function worker(id: string, identity: string | null) {
  const now = new Date();
  await database.db.insert(runnerWorkers).values({ id, host: os.hostname(), pid: 1, process: identity, functions: 1, startedAt: now, lastTickAt: now });
  const spec = { id: "docket-test-three-steps", maxAttempts: 1 } as FunctionSpec;
  const [runId] = await createRuns(database.db, [{ spec, event: { id: `ev-${id}`, name: "test/three", data: { n: id }, ts: Date.now() }, trigger: "test/three" }], Date.now());
  // claimed for an hour: only the dead-worker check can hand it over during this test
  await database.db
    .update(runnerRuns)
    .set({ claimedBy: id, claimExpiresAt: new Date(Date.now() + 3_600_000) })
    .where(eq(runnerRuns.id, runId!));
  return runId!;
}

const runOf = async (id: string) => (await database.db.select().from(runnerRuns).where(eq(runnerRuns.id, id)))[0]!;

it("proves a process dead by pid and start time, and never a live one", async () => {
  const live = idle();
  const gone = idle();
  await new Promise((r) => setTimeout(r, 100));
  const liveId = processIdentity(live.pid)!;
  const goneId = processIdentity(gone.pid)!;
  expect(liveId).toMatch(/^linux:/);
  gone.kill("SIGKILL");
  await new Promise((r) => gone.once("exit", r));
  expect(provablyDead(goneId)).toBe(true);
  expect(provablyDead(liveId)).toBe(false);
  expect(provablyDead(processIdentity())).toBe(false);
  // same pid, another start time: the pid was reused by a later process
  expect(provablyDead(processIdentity()!.replace(/:(\d+)$/, (_, t) => `:${Number(t) + 1}`))).toBe(true);
  // another pid namespace (container) or machine proves nothing
  expect(provablyDead(liveId.replace(/^linux:[0-9a-f-]+:/, "linux:00000000-0000-0000-0000-000000000000:"))).toBe(false);
  expect(provablyDead(goneId.replace(/^(linux:[0-9a-f-]+:)\d+/, "$11"))).toBe(false);
  expect(provablyDead(null)).toBe(false);
});

it("a starting worker takes a dead worker's claimed run at once, and leaves live and unknown workers' runs", { timeout: 60_000 }, async () => {
  const live = idle();
  const gone = idle();
  await new Promise((r) => setTimeout(r, 100));
  const goneIdentity = processIdentity(gone.pid)!;
  gone.kill("SIGKILL");
  await new Promise((r) => gone.once("exit", r));

  const deadRun = await worker("dead-worker", goneIdentity);
  const reusedRun = await worker("reused-pid-worker", processIdentity()!.replace(/:(\d+)$/, (_, t) => `:${Number(t) - 1}`));
  const liveRun = await worker("live-worker", processIdentity(live.pid));
  const unknownRun = await worker("other-machine-worker", null);

  // Without the check (the behaviour before): nothing is taken until the claims expire.
  const before = await startRunner({ database, client: inngest, functions: [threeSteps], loop: false, log: () => {}, releaseDeadClaims: false });
  await before.drain();
  await before.stop();
  expect((await runOf(deadRun)).status).toBe("queued");

  const runner = await startRunner({ database, client: inngest, functions: [threeSteps], loop: false, log: () => {} });
  await runner.drain();
  await runner.stop();
  expect(await runOf(deadRun)).toMatchObject({ status: "completed", claimedBy: null });
  expect(await runOf(reusedRun)).toMatchObject({ status: "completed", claimedBy: null });
  expect(await runOf(liveRun)).toMatchObject({ status: "queued", claimedBy: "live-worker" });
  expect(await runOf(unknownRun)).toMatchObject({ status: "queued", claimedBy: "other-machine-worker" });
  const workers = new Map((await database.db.select().from(runnerWorkers)).map((w) => [w.id, w.stoppedAt]));
  expect(workers.get("dead-worker")).not.toBeNull();
  expect(workers.get("reused-pid-worker")).not.toBeNull();
  expect(workers.get("live-worker")).toBeNull();
  expect(workers.get("other-machine-worker")).toBeNull();
});
