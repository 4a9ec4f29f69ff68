// `next start` for the benchmarks that measure the app as users get it (pages, live): a free loopback port, the
// production build (made under the shared heavy-job lock when there is none, or with --build), health wait.
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { hasFlag } from "./index";

export const root = process.cwd();
export const nextBin = path.join(root, "node_modules/next/dist/bin/next");

/** The environment a bench's `next start` runs with: production, signed cookies under `secret`, data in `dataDir`. */
export function appServerEnv(q: { base: string; secret: string; dataDir: string; databaseUrl?: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // as `npm start` runs it (package.json): a 64 MB young generation, measured 24.1 → 22.0 ms CPU per page at 50 connections
    NODE_OPTIONS: `--max-semi-space-size=64 ${process.env.NODE_OPTIONS ?? ""}`.trim(),
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: q.secret,
    AUTH_URL: q.base,
    AUTH_TRUST_HOST: "true",
    AUTH_GOOGLE_ID: "bench.apps.example.test",
    AUTH_GOOGLE_SECRET: "bench-secret",
    DOCKET_DATA_DIR: q.dataDir,
    DATABASE_URL: q.databaseUrl,
    ...extra,
  };
  if (!q.databaseUrl) delete env.DATABASE_URL;
  return env;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Build unless a build exists (or --build); says which, for the report. */
export function buildIfNeeded(env: NodeJS.ProcessEnv): string {
  if (existsSync(path.join(root, ".next", "BUILD_ID")) && !hasFlag("build")) return "existing build";
  console.log("next build (under /tmp/docket-heavy.lock) …");
  const t0 = Date.now();
  const r = spawnSync("flock", ["/tmp/docket-heavy.lock", process.execPath, nextBin, "build"], {
    cwd: root,
    env: { ...env, DATABASE_URL: undefined, DOCKET_DATA_DIR: path.join(os.tmpdir(), `docket-bench-build-${process.pid}`) },
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("next build failed");
  return `built for this run (${Math.round((Date.now() - t0) / 1000)} s)`;
}

export async function waitHealthy(base: string, child: ChildProcess) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("next start did not become healthy in 180 s");
}

/** Stops a bench's server if it still runs: `signal` first (SIGINT lets --cpu-prof write its profile), SIGKILL after 10 s. */
export async function stopServer(server: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM") {
  if (!server || server.exitCode !== null) return;
  server.kill(signal);
  await new Promise((r) => {
    const t = setTimeout(() => {
      server.kill("SIGKILL");
      r(null);
    }, 10_000);
    server.once("exit", () => {
      clearTimeout(t);
      r(null);
    });
  });
}
