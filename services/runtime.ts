import type { Database } from "@/db/client";
import { activeRunner } from "@/lib/runner/registry";

// What background work runs on: the embedded runner's database and clock when the runner lives in this process
// (tests drive its clock), else the app's. Every production dependency getter of the Inngest functions starts here.

export async function runtimeDatabase(): Promise<Database> {
  const runner = activeRunner();
  return runner ? runner.database : (await import("@/db")).getDatabase();
}

export function runtimeNow(): number {
  return activeRunner()?.clockNow ?? Date.now();
}

/** The common part of every function's dependencies. */
export async function runtimeDeps() {
  return { db: (await runtimeDatabase()).db, now: runtimeNow };
}
