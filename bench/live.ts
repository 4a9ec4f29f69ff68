/**
 * npm run bench -- live [--writes 40] [--quiet 30] [--build]
 * Live progress as a user sees it: `next start` (production build) on PostgreSQL and on PGlite, Debian's chromium
 * (playwright-core) signed in on the Invoices page, and status writes made from outside that browser. Measures the
 * time from a write to the moment the page's DOM shows it (a MutationObserver in the page stamps it), and counts the
 * page's refreshes (RSC requests) and DOM mutations over a quiet spell: nothing changing while one document of the
 * page is still in flight (the old poller refreshed that page every 2 s), while another workspace's invoices change
 * every second. Writes: the invoice status action over HTTP (both engines: on PGlite the app process is the only
 * writer), and on PostgreSQL also a plain UPDATE from this process's own connection (another "instance").
 * Writes docs/bench/live.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { chromium, type Browser, type Page } from "playwright-core";
import { migrateDatabase, openDatabase, type Database } from "@/db/client";
import { ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { numberArg, PG_URL } from "./support";
import { appServerEnv, buildIfNeeded, stopServer, freePort, nextBin, root, waitHealthy } from "./support/next-server";

const WRITES = numberArg("writes", 40);
const QUIET_S = numberArg("quiet", 30);
const INVOICES = 10;
const COOKIE = "authjs.session-token";

interface Who {
  userId: string;
  email: string;
  workspaceId: string;
}

async function seedWorkspace(db: Database["db"], email: string, prefix: string): Promise<Who> {
  const user = await findOrCreateUserByEmail(db, email);
  const ws = await ensurePersonalWorkspace(db, user.id);
  await db.execute(sql`
    insert into documents (id, workspace_id, sha256, filename, content_type, size, blob_key, source, status, kind, processed_at)
    values (${`${prefix}-doc`}, ${ws}, ${`${prefix}-sha`}, 'invoices.pdf', 'application/pdf', 1000, 'k', 'upload', 'ready', 'invoice', now()),
           (${`${prefix}-busy`}, ${ws}, ${`${prefix}-sha2`}, 'still-reading.pdf', 'application/pdf', 1000, 'k2', 'upload', 'processing', 'invoice', null)`);
  await db.execute(sql`
    insert into invoices (id, workspace_id, document_id, page_start, page_end, status, invoice_number, invoice_number_norm, vendor_name, currency, total, confidence, min_confidence, extractor)
    select ${prefix} || '-inv-' || g, ${ws}, ${`${prefix}-doc`}, g, g, 'needs_review', 'LIVE-' || lpad(g::text, 3, '0'), g::text, 'Vendor ' || g, 'EUR', 100 + g, '{}'::jsonb, 0.9, 'offline'
    from generate_series(1, ${INVOICES}) g`);
  return { userId: user.id, email: user.email!, workspaceId: ws };
}

function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, e]) => e.filename === file && e.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${file} in this build`);
  return found[0];
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** In the page: stamp (Date.now) the moment each LIVE-nnn row's status text changes. */
const WATCH = `(() => {
  const seen = (window.__liveSeen = {});
  let mutations = 0;
  const read = () => {
    for (const tr of document.querySelectorAll("tr")) {
      const m = /LIVE-\\d{3}/.exec(tr.textContent || "");
      if (!m) continue;
      const status = /needs review|rejected|approved|ready/.exec(tr.textContent || "")?.[0] ?? "?";
      const k = m[0];
      if (!seen[k] || seen[k].status !== status) seen[k] = { status, at: Date.now() };
    }
  };
  read();
  new MutationObserver(() => { mutations++; window.__liveMutations = mutations; read(); }).observe(document.querySelector("main") || document.body, { subtree: true, childList: true, characterData: true });
  window.__liveMutations = 0;
})()`;

interface EngineFigures {
  engine: string;
  rows: { how: string; n: number; p50: number; p95: number; max: number; writeP50: number; pushP50: number; pushP95: number }[];
  quiet: { refreshes: number; mutations: number; otherWrites: number; stream: string };
}

async function measure(engine: "postgres" | "pglite", browser: Browser, secret: string): Promise<EngineFigures | null> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `docket-bench-live-${engine}-`));
  const admin = new pg.Client({ connectionString: PG_URL });
  const dbName = `docket_bench_live_${process.pid}`;
  let url: string | undefined;
  let server: ChildProcess | undefined;
  let direct: pg.Client | undefined;
  try {
    if (engine === "postgres") {
      try {
        await admin.connect();
      } catch (err) {
        console.warn(`PostgreSQL skipped: ${(err as Error).message}`);
        return null;
      }
      await admin.query(`create database ${dbName}`);
      const u = new URL(PG_URL);
      u.pathname = `/${dbName}`;
      url = u.toString();
    }
    const database = url ? await openDatabase({ url }) : await openDatabase({ dataDir: path.join(dataDir, "db") });
    await migrateDatabase(database);
    const a = await seedWorkspace(database.db, "live-a@docket.local", "a");
    const b = await seedWorkspace(database.db, "live-b@docket.local", "b");
    await database.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = appServerEnv({ base, secret, dataDir, databaseUrl: url }, { DOCKET_SKIP_SEED: "1" });
    server = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    await waitHealthy(base, server);

    const cookieOf = async (w: Who) => encode({ token: { sub: w.userId, email: w.email, name: "Bench" }, secret, salt: COOKIE, maxAge: 3600 });
    const cookieA = await cookieOf(a);
    const cookieB = `${COOKIE}=${await cookieOf(b)}`;
    const setStatus = actionId("lib/actions/invoices.ts", "setInvoiceStatusAction");
    const act = async (cookie: string, id: string, status: string) => {
      const r = await fetch(`${base}/invoices`, {
        method: "POST",
        headers: { cookie, origin: base, "next-action": setStatus, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
        body: JSON.stringify([{ id, status }]),
      });
      const body = await r.text();
      if (r.status !== 200 || !body.includes('"ok":true')) throw new Error(`setInvoiceStatus answered ${r.status}: ${body.slice(0, 300)}`);
    };

    const context = await browser.newContext({ baseURL: base });
    // when each change event reaches the page (push latency, apart from the refresh that follows it)
    await context.addInitScript(`(() => {
      window.__arrivals = [];
      const Orig = window.EventSource;
      window.EventSource = class extends Orig {
        constructor(u, i) { super(u, i); this.addEventListener("change", (e) => window.__arrivals.push({ at: Date.now(), data: e.data })); }
      };
    })()`);
    await context.addCookies([{ name: COOKIE, value: cookieA, url: base, httpOnly: true, sameSite: "Lax" }]);
    const page: Page = await context.newPage();
    let refreshes = 0;
    page.on("request", (r) => {
      if (r.headers()["rsc"] === "1" && !r.headers()["next-router-prefetch"]) refreshes++;
    });
    await page.goto("/invoices");
    await page.getByText("LIVE-001").waitFor();
    await page.locator('[data-testid="live-progress"][data-live="stream"]').waitFor({ state: "attached", timeout: 30_000 });
    await page.evaluate(WATCH);

    const state = new Map<string, string>();
    const flip = (k: number) => {
      const now = state.get(`a-inv-${k}`) === "rejected" ? "needs_review" : "rejected";
      state.set(`a-inv-${k}`, now);
      return now;
    };
    const arrivedAfter = async (id: string, status: string, t0: number) => {
      const found = (await page.evaluate(
        ({ id, status, t0 }) => (window as unknown as { __arrivals: { at: number; data: string }[] }).__arrivals.find((a) => a.at >= t0 && a.data.includes(`"id":"${id}"`) && a.data.includes(`"status":"${status}"`)),
        { id, status, t0 },
      )) as { at: number } | undefined;
      return found ? found.at - t0 : NaN;
    };
    const seenAfter = async (k: number, label: string, t0: number) => {
      const key = `LIVE-${String(k).padStart(3, "0")}`;
      const deadline = Date.now() + 10_000;
      for (;;) {
        const s = (await page.evaluate((key) => (window as unknown as { __liveSeen: Record<string, { status: string; at: number }> }).__liveSeen[key], key)) as { status: string; at: number } | undefined;
        if (s && s.status === label && s.at >= t0) return s.at - t0;
        if (Date.now() > deadline) throw new Error(`${key} did not show "${label}" within 10 s`);
        await sleep(5);
      }
    };
    const rows: EngineFigures["rows"] = [];
    const run = async (how: string, write: (id: string, status: string) => Promise<void>) => {
      const lat: number[] = [];
      const writes: number[] = [];
      const pushes: number[] = [];
      for (let i = 0; i < WRITES; i++) {
        const k = (i % INVOICES) + 1;
        const to = flip(k);
        const t0 = Date.now();
        await write(`a-inv-${k}`, to);
        writes.push(Date.now() - t0);
        lat.push(await seenAfter(k, to === "rejected" ? "rejected" : "needs review", t0));
        pushes.push(await arrivedAfter(`a-inv-${k}`, to, t0));
        await sleep(600 + Math.random() * 400); // each write is its own state change, not part of a burst
      }
      lat.sort((x, y) => x - y);
      writes.sort((x, y) => x - y);
      const pushed = pushes.filter(Number.isFinite).sort((x, y) => x - y);
      rows.push({ how, n: lat.length, p50: pct(lat, 50), p95: pct(lat, 95), max: lat[lat.length - 1], writeP50: pct(writes, 50), pushP50: pct(pushed, 50), pushP95: pct(pushed, 95) });
      console.log(`${engine} · ${how}: p50 ${pct(lat, 50)} ms, p95 ${pct(lat, 95)} ms, max ${lat[lat.length - 1]} ms (write itself p50 ${pct(writes, 50)} ms; event in the page p50 ${pct(pushed, 50)} ms, p95 ${pct(pushed, 95)} ms)`);
    };
    await run("status action over HTTP", (id, status) => act(`${COOKIE}=${cookieA}`, id, status));
    if (url) {
      direct = new pg.Client({ connectionString: url });
      await direct.connect();
      await run("UPDATE from another connection", async (id, status) => {
        await direct!.query("update invoices set status = $1, updated_at = now() where id = $2", [status, id]);
      });
    }

    // The quiet spell: a document of this workspace still "processing" (in flight, unchanged), another workspace busy.
    await page.goto("/invoices");
    await page.getByText("LIVE-001").waitFor();
    await page.locator('[data-testid="live-progress"][data-live="stream"]').waitFor({ state: "attached", timeout: 30_000 });
    await page.getByText("Reading 1 document").waitFor();
    await page.evaluate(WATCH);
    await sleep(1_000);
    refreshes = 0;
    const m0 = (await page.evaluate(() => (window as unknown as { __liveMutations: number }).__liveMutations)) as number;
    let otherWrites = 0;
    const end = Date.now() + QUIET_S * 1000;
    let flipB = false;
    while (Date.now() < end) {
      flipB = !flipB;
      await act(cookieB, `b-inv-${(otherWrites % INVOICES) + 1}`, flipB ? "rejected" : "needs_review").catch(() => undefined);
      otherWrites++;
      await sleep(1_000);
    }
    const mutations = ((await page.evaluate(() => (window as unknown as { __liveMutations: number }).__liveMutations)) as number) - m0;
    const stream = (await page.locator('[data-testid="live-progress"]').getAttribute("data-live")) ?? "?";
    console.log(`${engine} · quiet ${QUIET_S} s (1 document in flight, unchanged; ${otherWrites} writes in another workspace): ${refreshes} refreshes, ${mutations} DOM mutations, stream ${stream}`);
    await context.close();
    return { engine: engine === "postgres" ? "PostgreSQL" : "PGlite", rows, quiet: { refreshes, mutations, otherWrites, stream } };
  } finally {
    await direct?.end().catch(() => undefined);
    await stopServer(server);
    if (engine === "postgres") {
      await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const lockfile = readFileSync(path.join(root, "package-lock.json"), "utf8");
const secret = randomBytes(32).toString("base64");
let build = "";
const figures: EngineFigures[] = [];
const load = os.loadavg().map((x) => x.toFixed(2)).join(" / ");
const browser = await chromium.launch({ executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  build = buildIfNeeded({ ...process.env, NODE_ENV: "production", AUTH_SECRET: secret, AUTH_GOOGLE_ID: "bench.apps.example.test", AUTH_GOOGLE_SECRET: "bench-secret" });
  for (const engine of ["postgres", "pglite"] as const) {
    const f = await measure(engine, browser, secret);
    if (f) figures.push(f);
  }
} finally {
  await browser.close();
  writeFileSync(path.join(root, "package-lock.json"), lockfile);
}

const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).stdout.toString().trim();
const all = figures.flatMap((f) => f.rows);
const md = `# Live progress: state change → screen

Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}; shared with other jobs (load average
${load} at the start). Date: ${new Date().toISOString().replace("T", " ").slice(0, 16)} UTC, commit ${commit} (${build}).
Run: \`npm run bench -- live\` (\`--writes N\`, \`--quiet S\`, \`--build\`).

\`next start\` on a scratch PostgreSQL database and on PGlite, Debian's chromium (playwright-core) signed in on Invoices with
${INVOICES} invoices. Each write flips one invoice between "needs review" and "rejected" from outside the browser; the time
is from just before the write is sent until a MutationObserver in the page sees the row's new status (so it includes the
write itself, the database's NOTIFY, the server-sent event, the page's refresh and React's commit). Target: p95 ≤ 300 ms.

| engine | write | writes | p50 | p95 | max | the write alone (p50) | event reaches the page (p50 / p95) |
|---|---|---|---|---|---|---|---|
${figures.flatMap((f) => f.rows.map((r) => `| ${f.engine} | ${r.how} | ${r.n} | ${r.p50} ms | ${r.p95} ms | ${r.max} ms | ${r.writeP50} ms | ${r.pushP50} / ${r.pushP95} ms |`)).join("\n")}

## Nothing changing: re-renders over ${QUIET_S} s

The Invoices page with one of its documents still "processing" (in flight, so the old poller refreshed the page every
2 s — ${Math.floor(QUIET_S / 2)} refreshes in ${QUIET_S} s) while nothing about it changes, and another workspace's invoices change once a second.
Refreshes are the page's RSC requests; mutations are DOM changes under \`<main>\`. Target: 0.

| engine | refreshes | DOM mutations | writes in the other workspace meanwhile | stream |
|---|---|---|---|---|
${figures.map((f) => `| ${f.engine} | ${f.quiet.refreshes} | ${f.quiet.mutations} | ${f.quiet.otherWrites} | ${f.quiet.stream} |`).join("\n")}

${all.length ? `Worst p95: ${Math.max(...all.map((r) => r.p95))} ms.` : "No figures: nothing could be measured."}
`;
writeFileSync(path.join(root, "docs/bench/live.md"), md);
console.log("wrote docs/bench/live.md");
process.exit(0);
