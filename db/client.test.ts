import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-lock-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each test starts PGlite or child processes: slow on a loaded machine, so they get more than the default 30 s.
describe("embedded database lock", { timeout: 120_000 }, () => {
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
  it("takes over a lock whose holder was killed and not yet reaped (a zombie)", async () => {
    // `sleep 0` ends at once but its parent never reaps it: a zombie, as a server killed under a supervisor is for a moment
    const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "inherit"] });
    const zombie = Number((await new Promise<string>((resolve) => parent.stdout.once("data", (d: Buffer) => resolve(d.toString())))).trim());
    for (let i = 0; i < 100 && !fs.readFileSync(`/proc/${zombie}/stat`, "utf8").includes(") Z "); i++) await new Promise((r) => setTimeout(r, 20));
    expect(fs.readFileSync(`/proc/${zombie}/stat`, "utf8")).toContain(") Z ");
    const dataDir = path.join(dir, "zombie");
    fs.writeFileSync(`${dataDir}.lock`, String(zombie));
    const db = await openDatabase({ dataDir });
    await db.close();
    parent.kill("SIGKILL");
  });

  it("takes over a lock whose pid now belongs to another process (started later)", async () => {
    const dataDir = path.join(dir, "reused");
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: process.pid === 1 ? 2 : 1, start: 123 }));
    const db = await openDatabase({ dataDir });
    await db.close();
  });

  it("kill -9 and an immediate restart, 20 times: every restart opens the database and keeps what was written", async () => {
    const dataDir = path.join(dir, "crash");
    const holder = path.join(process.cwd(), "db", "testing", "lock-holder.ts");
    let last = -1;
    const parents: ReturnType<typeof spawn>[] = [];
    for (let cycle = 0; cycle < 20; cycle++) {
      // started under a parent that never reaps it, so once killed it lingers as a zombie while the next one starts
      const parent = spawn("sh", ["-c", `"${process.execPath}" --import tsx "${holder}" "${dataDir}" & exec sleep 600`], {
        cwd: process.cwd(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      parents.push(parent);
      let err = "";
      parent.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`cycle ${cycle}: no HOLDING line in 60 s; stderr: ${err}`)), 60_000);
        parent.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /HOLDING \d+ \d+/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        });
      });
      const [, pid, count] = line.split(" ").map(Number);
      expect(count).toBeGreaterThanOrEqual(last);
      last = count;
      await new Promise((r) => setTimeout(r, 50 + ((cycle * 37) % 150))); // let it write for a while
      process.kill(pid, "SIGKILL");
    }
    for (const p of parents) p.kill("SIGKILL");
    expect(last).toBeGreaterThan(0);
  }, 300_000);
});
