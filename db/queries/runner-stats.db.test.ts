import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { runnerWorkers } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { runnerStats } from "./runner";

// Health counts the workers that are working: a process killed with kill -9 never marks itself stopped.

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe("runner stats", () => {
  it("counts live workers only: a killed one (no stop, no recent tick) and a stopped one are not counted", async () => {
    const now = new Date("2026-12-06T10:00:00Z");
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    await database.db.insert(runnerWorkers).values([
      { id: "live", host: "a", pid: 1, functions: 9, startedAt: ago(600), lastTickAt: ago(5) },
      { id: "killed", host: "a", pid: 2, functions: 9, startedAt: ago(3600), lastTickAt: ago(1800) },
      { id: "stopped", host: "b", pid: 3, functions: 9, startedAt: ago(3600), lastTickAt: ago(10), stoppedAt: ago(9) },
    ]);
    const s = await runnerStats(database.db, { now });
    expect(s.workers).toBe(1);
    expect(s.alive).toBe(true);
    const later = await runnerStats(database.db, { now: new Date(now.getTime() + 120_000) });
    expect(later.workers).toBe(0);
    expect(later.alive).toBe(false);
  });
});
