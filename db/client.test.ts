import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-lock-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("embedded database lock", () => {
  it("refuses a second process on the same data directory with a clear message, and frees it on close", async () => {
    const dataDir = path.join(dir, "db");
    const first = await openDatabase({ dataDir });
    // A second process trying the same directory while we hold it.
    const probe = spawnSync(
      process.execPath,
      ["--import", "tsx", "-e", `import("${path.join(process.cwd(), "db", "client.ts")}").then(m => m.openDatabase({ dataDir: ${JSON.stringify(dataDir)} })).then(() => { console.log("OPENED"); process.exit(0) }, (e) => { console.log(e.name + ": " + e.message); process.exit(3) })`],
      { encoding: "utf8", cwd: process.cwd() },
    );
    expect(probe.status).toBe(3);
    expect(probe.stdout).toMatch(/DatabaseLockedError: The embedded database at .* is in use by process \d+\. Stop that process/);
    await first.close();
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it("takes over a stale lock left by a process that died", async () => {
    const dataDir = path.join(dir, "stale");
    fs.writeFileSync(`${dataDir}.lock`, "999999");
    const db = await openDatabase({ dataDir });
    await db.close();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
