import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort, startService, stopService, waitUntil, type Service } from "../support/processes";

// The production server on the embedded database, killed hard and started again at once, as a supervisor does after
// a crash: every restart must come up healthy (it used to see the killed server's lock as alive and answer 500 to
// everything, forever). A second server on the same data directory must exit non-zero and say why.

const appDir = inject("appDir");
const nextBin = path.join(appDir, "node_modules/next/dist/bin/next");
const dataDir = mkdtempSync(path.join(tmpdir(), "docket-restart-"));
const running: Service[] = [];
afterAll(async () => {
  for (const s of running) await stopService(s, 2_000);
  rmSync(dataDir, { recursive: true, force: true });
});

function serverEnv(without: string[] = []): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(e)) if (k.startsWith("VITEST") || k === "DATABASE_URL" || k === "OPENAI_API_KEY") delete e[k];
  const env: NodeJS.ProcessEnv = {
    ...e,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_TRUST_HOST: "true",
    AUTH_GOOGLE_ID: "restart-test.apps.example.test",
    AUTH_GOOGLE_SECRET: "restart-test-secret",
    AUTH_GOOGLE_ISSUER: "http://localhost:9",
    DOCKET_DATA_DIR: dataDir,
  };
  for (const k of without) delete env[k];
  return env;
}

async function start(port: number, log: string, without: string[] = []): Promise<Service> {
  const s = startService(`next start :${port}`, process.execPath, [nextBin, "start", "-p", String(port)], {
    cwd: appDir,
    env: serverEnv(without),
    logFile: path.join(inject("resultsDir"), log),
  });
  running.push(s);
  return s;
}

const healthy = (port: number) => async () => (await fetch(`http://localhost:${port}/api/health`)).status === 200;

describe("crash and restart on the embedded database", () => {
  it("kill -9 and an immediate restart, 5 times: healthy every time, with the sign-in page served", async () => {
    const port = await freePort();
    for (let cycle = 0; cycle < 5; cycle++) {
      const server = await start(port, `e2e-restart-${cycle}.log`);
      await waitUntil(`health after restart ${cycle}`, healthy(port), { timeoutMs: 90_000, service: server });
      expect((await fetch(`http://localhost:${port}/sign-in`)).status).toBe(200);
      process.kill(-server.child.pid!, "SIGKILL"); // the whole group: `next start` and its next-server
      await server.exited;
    }
  });

  it("a second server on the same data directory exits non-zero with the reason instead of serving errors", async () => {
    const first = await start(await freePort(), "e2e-restart-first.log");
    const firstPort = Number(first.name.split(":")[1]);
    await waitUntil("the first server", healthy(firstPort), { timeoutMs: 90_000, service: first });
    const second = await start(await freePort(), "e2e-restart-second.log");
    const code = await Promise.race([second.exited, new Promise<"running">((r) => setTimeout(() => r("running"), 60_000))]);
    expect(code).not.toBe("running");
    expect(code).not.toBe(0);
    expect(second.output()).toMatch(/\[docket\] cannot start: The embedded database at .* is in use by process \d+/);
    expect((await fetch(`http://localhost:${firstPort}/api/health`)).status).toBe(200);
  });

  it("a configuration refused while the start-up modules load (no Google sign-in in production) exits non-zero with the reason", async () => {
    const server = await start(await freePort(), "e2e-restart-no-google.log", ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"]);
    const code = await Promise.race([server.exited, new Promise<"running">((r) => setTimeout(() => r("running"), 60_000))]);
    expect(code).not.toBe("running");
    expect(code).not.toBe(0);
    expect(server.output()).toMatch(/\[docket\] cannot start: Refusing to start in production without Google sign-in/);
  });
});
