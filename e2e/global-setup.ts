import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { freePort, runToCompletion, startService, stopService, waitUntil, type Service } from "./support/processes";

// Brings up what the browser specs drive, once per run:
//   1. `next build` (skipped with E2E_SKIP_BUILD=1, e.g. when CI has just built),
//   2. the local OpenID provider (e2e/oidc-provider.mjs) standing in for Google,
//   3. `next start` in production mode, Google sign-in pointed at that provider, on a fresh embedded database,
// and stops all of it (process groups) afterwards. Logs go to test-results/e2e-*.log, screenshots of
// failed tests to test-results/e2e-screenshots/.

const root = fileURLToPath(new URL("..", import.meta.url));
// The app to build and serve: this repository, or E2E_APP_DIR — a copy of it (node_modules may be a
// symlink) for when another `next dev`/`next build` shares this checkout's .next directory.
const appDir = path.resolve(process.env.E2E_APP_DIR ?? root);
const nextBin = path.join(appDir, "node_modules/next/dist/bin/next");
const resultsDir = path.join(root, "test-results");

// Variables that would switch the app away from its embedded defaults (a real database, mail, AI, Inngest):
// the suite must not touch anything outside the temp directory it creates.
const SCRUBBED = [
  "DATABASE_URL",
  "BLOB_READ_WRITE_TOKEN",
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "INNGEST_EVENT_KEY",
  "INNGEST_SIGNING_KEY",
  "INNGEST_DEV",
  "INNGEST_BASE_URL",
  "SMTP_URL",
  "DOCKET_PUBLIC_URL",
  "DOCKET_ENCRYPTION_KEY",
  "AUTH_GOOGLE_ID",
  "AUTH_GOOGLE_SECRET",
  "AUTH_GOOGLE_ISSUER",
  "AUTH_URL",
  "AUTH_SECRET",
  "NEXTAUTH_URL",
  "NEXTAUTH_SECRET",
];

function baseEnv(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  for (const k of SCRUBBED) delete e[k];
  // vitest marks its own process as a test run; the app must run as it does in production.
  delete e.VITEST;
  delete e.VITEST_MODE;
  delete e.VITEST_POOL_ID;
  delete e.VITEST_WORKER_ID;
  delete e.TEST;
  return { ...e, NEXT_TELEMETRY_DISABLED: "1" };
}

export default async function setup(project: TestProject) {
  mkdirSync(resultsDir, { recursive: true });
  // Screenshots of failed tests (e2e/support/browser.ts): only this run's.
  rmSync(path.join(resultsDir, "e2e-screenshots"), { recursive: true, force: true });
  const started: Service[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), "docket-e2e-"));
  const teardown = async () => {
    for (const s of started.reverse()) await stopService(s);
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const appPort = Number(process.env.E2E_PORT) || (await freePort());
    const oidcPort = Number(process.env.E2E_OIDC_PORT) || (await freePort());
    const baseURL = `http://localhost:${appPort}`;
    const issuer = `http://localhost:${oidcPort}`;
    const clientId = `docket-e2e-${randomBytes(4).toString("hex")}.apps.example.test`;
    const clientSecret = randomBytes(24).toString("base64url");
    // The app validates its configuration when a route module loads, and `next build` loads them to
    // collect page data in production mode: build with the same sign-in configuration the server gets.
    const appEnv: NodeJS.ProcessEnv = {
      ...baseEnv(),
      NODE_ENV: "production",
      AUTH_SECRET: randomBytes(32).toString("base64"),
      AUTH_TRUST_HOST: "true",
      AUTH_URL: baseURL,
      AUTH_GOOGLE_ID: clientId,
      AUTH_GOOGLE_SECRET: clientSecret,
      AUTH_GOOGLE_ISSUER: issuer,
      DOCKET_DATA_DIR: dataDir,
      // the test mail servers run on this machine; everything else internal stays refused
      DOCKET_OUTBOUND_ALLOW: "127.0.0.1,::1,localhost",
    };

    if (process.env.E2E_SKIP_BUILD !== "1") {
      const t0 = Date.now();
      console.log("[e2e] next build …");
      await runToCompletion(process.execPath, [nextBin, "build"], {
        cwd: appDir,
        // Nothing at build time may touch the server's database directory.
        env: { ...appEnv, DOCKET_DATA_DIR: path.join(dataDir, "build-scratch") },
        logFile: path.join(resultsDir, "e2e-build.log"),
      });
      console.log(`[e2e] next build done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }

    const oidc = startService("oidc-provider", process.execPath, [path.join(root, "e2e/oidc-provider.mjs")], {
      cwd: root,
      env: {
        ...baseEnv(),
        OIDC_PORT: String(oidcPort),
        OIDC_CLIENT_ID: clientId,
        OIDC_CLIENT_SECRET: clientSecret,
        OIDC_REDIRECT_URI: `${baseURL}/api/auth/callback/google`,
      },
      logFile: path.join(resultsDir, "e2e-oidc-provider.log"),
    });
    started.push(oidc);
    await waitUntil(
      "the OpenID provider's discovery document",
      async () => {
        const r = await fetch(`${issuer}/.well-known/openid-configuration`);
        return r.ok && (await r.json()).issuer === issuer;
      },
      { timeoutMs: 30_000, service: oidc },
    );

    const app = startService("next start", process.execPath, [nextBin, "start", "-p", String(appPort)], {
      cwd: appDir,
      env: appEnv,
      logFile: path.join(resultsDir, "e2e-server.log"),
    });
    started.push(app);
    await waitUntil(
      `${baseURL}/api/health`,
      async () => {
        const r = await fetch(`${baseURL}/api/health`);
        return r.ok;
      },
      { timeoutMs: 120_000, service: app },
    );
    console.log(`[e2e] Docket (${appDir}) at ${baseURL}, OpenID provider at ${issuer}, data in ${dataDir}`);

    project.provide("baseURL", baseURL);
    project.provide("oidcIssuer", issuer);
    project.provide("appDir", appDir);
    project.provide("resultsDir", resultsDir);
    project.provide("authSecret", String(appEnv.AUTH_SECRET));
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Docket, e.g. http://localhost:41234 (always "localhost": Auth.js's CSRF check is per origin). */
    baseURL: string;
    /** The local OpenID provider's issuer, e.g. http://localhost:41235 */
    oidcIssuer: string;
    /** The app directory whose .next holds the build the server runs (the repository root unless E2E_APP_DIR). */
    appDir: string;
    /** Where logs and screenshots of failed tests go: <repo>/test-results. */
    resultsDir: string;
    /** The server's AUTH_SECRET: lets a test sign what only middleware should (the session header it must replace). */
    authSecret: string;
  }
}
