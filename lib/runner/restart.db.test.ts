import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { openDatabase, migrateDatabase, rows, type Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing";

// kill -9 the runner's process in the middle of a step and in the middle of a sleep, start it again, and the
// run completes; memoized steps never run twice, the step that was mid-flight runs again (at-least-once).
// unit project: a PGlite data directory; pg project: a fresh PostgreSQL database.

const engine = process.env.DOCKET_TEST_ENGINE ?? "pglite";
const children: ChildProcess[] = [];
let cleanup: (() => Promise<void>) | undefined;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await cleanup?.();
});

function startChild(target: string, phase: string) {
  // `node --import tsx` (not `npx tsx`): one process, so SIGKILL hits the runner itself.
  const child = spawn(process.execPath, ["--import", "tsx", "lib/runner/testing/restart-child.ts", target, phase], {
    cwd: process.cwd(),
    env: { ...process.env, INNGEST_DEV: "", INNGEST_EVENT_KEY: "", INNGEST_SIGNING_KEY: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const waitFor = (marker: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out.includes(`MARK ${marker}\n`)) return resolve();
        if (child.exitCode !== null) return reject(new Error(`child phase ${phase} exited ${child.exitCode} before "${marker}":\n${out}\n${err}`));
        setTimeout(check, 25);
      };
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, waitFor, exited, output: () => `${out}\n${err}` };
}

async function kill9(c: ReturnType<typeof startChild>) {
  c.child.kill("SIGKILL");
  await c.exited;
}

it("survives SIGKILL mid-step and mid-sleep; no memoized step runs twice", { timeout: 180_000 }, async () => {
  let target: string;
  let open: () => Promise<Database>;
  if (engine === "postgres") {
    const database = await createTestDatabase();
    target = database.url!;
    open = async () => database;
    cleanup = () => database.close();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-restart-"));
    target = path.join(dir, "db");
    const database = await openDatabase({ dataDir: target });
    await migrateDatabase(database);
    await database.close();
    open = () => openDatabase({ dataDir: target });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }

  const first = startChild(target, "1");
  await first.waitFor("in-slow-step");
  await kill9(first);

  const second = startChild(target, "2");
  await second.waitFor("status:sleeping");
  await kill9(second);

  const third = startChild(target, "3");
  const code = await third.exited;
  expect(code, third.output()).toBe(0);

  const database = engine === "postgres" ? await open() : await open();
  try {
    const effects = rows<{ step: string; phase: string }>(await database.db.execute(sql`select step, phase from runner_restart_effects`));
    const count = (step: string) => effects.filter((e) => e.step === step).length;
    expect(count("load")).toBe(1); // memoized before the first kill: never again
    expect(count("slow")).toBe(2); // mid-flight at the first kill: retried once
    expect(effects.filter((e) => e.step === "slow").map((e) => e.phase)).toEqual(["1", "2"]);
    expect(count("after")).toBe(1); // after the sleep that survived the second kill
    const [run] = rows<{ status: string; output: unknown }>(
      await database.db.execute(sql`select status, output from runner_runs where event_id = 'restart-probe-1'`),
    );
    expect(run).toEqual({ status: "completed", output: "done" });
  } finally {
    if (engine !== "postgres") await database.close();
  }
});
