/**
 * npm run bench -- pages [--invoices 100000] [--requests 30] [--seconds 30] [--connections 50] [--build] [--profile] [--keep-db]
 * The signed-in pages as a user gets them from `next start` on PostgreSQL with 100,000 invoices: a scratch database
 * (created, migrated, seeded in bulk, dropped at the end), the production build (made under the shared heavy-job lock
 * when there is none, or with --build), `next start` on a free loopback port, signed in with an Auth.js session cookie
 * minted with the server's AUTH_SECRET. Measures each page sequentially (p50/p95/max, server CPU per request), then the
 * list pages at 50 connections for a fixed time (req/s, p50/p99, server CPU per request). Loopback only, bounded.
 * --pages /a,/b and --load-pages /a,/b measure other pages than the usual ones (sequentially, under load).
 * --paint loads each list page 10 times in headless Chromium (/usr/bin/chromium, a fresh cache-warm tab each time) and
 * reports when its rows were first on screen (ms from navigation start; rows rendered in the browser count only once
 * they are there, not their placeholder).
 * --profile starts the server under `node --cpu-prof` (profiles in .bench-profiles/); --keep-db leaves the database for
 * EXPLAIN. Writes docs/bench/pages.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { chromium, type BrowserContext } from "playwright-core";
import { Pool } from "undici";
import { migrateDatabase, openDatabase } from "@/db/client";
import { ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { fmt, hasFlag, numberArg, PG_URL, stringArg } from "./support";
import { insertInvoiceRows } from "./support/invoice-rows";
import { appServerEnv, buildIfNeeded, stopServer, freePort, nextBin, root, waitHealthy } from "./support/next-server";

const N = numberArg("invoices", 100_000);
const REQUESTS = numberArg("requests", 30);
const WARMUP = numberArg("warmup", 5);
const SECONDS = numberArg("seconds", 30);
const CONNECTIONS = numberArg("connections", 50);
const COOKIE = "authjs.session-token";
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s
/** `--pages a,b` / `--load-pages a,b`: other pages than the usual ones (e.g. one page alone, to find a floor). */
const listArg = (name: string) => (stringArg(name, "") || undefined)?.split(",").filter(Boolean);

// ---------- database ----------

async function seed(url: string) {
  const database = await openDatabase({ url });
  await migrateDatabase(database);
  const db = database.db;
  const user = await findOrCreateUserByEmail(db, "bench@docket.local");
  const ws = await ensurePersonalWorkspace(db, user.id);
  // Set-based generation inside the database (bench/support/invoice-rows.ts): one document per invoice, 4 statuses,
  // 500 vendors, 3 currencies, 2 line items each, created over the last ~28 hours.
  await db.execute(sql`
    insert into documents (id, workspace_id, sha256, filename, content_type, size, blob_key, source, status, kind, processed_at, created_at)
    select 'd' || g, ${ws}, md5(g::text), 'inv-' || g || '.pdf', 'application/pdf', 1000 + g % 5000, 'k' || g, 'upload',
      'ready', 'invoice', now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
    from generate_series(1, ${N}) g`);
  await insertInvoiceRows(db, ws, N);
  // Activity: what the machine and a reviewer leave behind — a "stored" and an "extracted" event per document and an
  // edit or decision on every tenth invoice, spread over the last 30 days.
  await db.execute(sql`
    insert into audit_events (workspace_id, actor_id, actor_type, action, entity_type, entity_id, before, after, at)
    select ${ws}, null, 'system', 'document.stored', 'document', 'd' || g, null,
      jsonb_build_object('filename', 'inv-' || g || '.pdf', 'size', 1000 + g % 5000, 'source', 'upload'),
      now() - (g * 25 || ' seconds')::interval
    from generate_series(1, ${N}) g`);
  await db.execute(sql`
    insert into audit_events (workspace_id, actor_id, actor_type, action, entity_type, entity_id, before, after, at)
    select ${ws}, null, 'system', 'invoice.extracted', 'invoice', 'i' || lpad(g::text, 7, '0'), null,
      jsonb_build_object('status', 'needs_review', 'total', round((g % 10000) * 1.5892, 2)::text),
      now() - (g * 25 - 3 || ' seconds')::interval
    from generate_series(1, ${N}) g`);
  await db.execute(sql`
    insert into audit_events (workspace_id, actor_id, actor_type, action, entity_type, entity_id, before, after, at)
    select ${ws}, ${user.id}, 'user', (array['invoice.field_edited','invoice.approved','invoice.rejected'])[1 + g % 3],
      'invoice', 'i' || lpad((g * 10)::text, 7, '0'),
      jsonb_build_object('vendorName', 'Vendor ' || g % 500, 'status', 'needs_review'),
      jsonb_build_object('vendorName', 'Vendor ' || (g + 1) % 500, 'status', 'ready'),
      now() - (g * 250 - 7 || ' seconds')::interval
    from generate_series(1, ${N / 10}) g`);
  await db.execute(sql`analyze`);
  await database.close();
  return { userId: user.id, email: user.email, workspaceId: ws };
}

// ---------- server ----------

/** CPU seconds (user + system) of the given processes and all their descendants, from /proc. */
function treeCpuSeconds(...pids: number[]): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      // fields after "(comm)": state ppid ... utime(14th overall → index 11 here) stime(12)
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  const queue = [...pids];
  while (queue.length) {
    const p = queue.pop()!;
    ticks += stats.get(p)?.ticks ?? 0;
    for (const [c, s] of stats) if (s.ppid === p) queue.push(c);
  }
  return ticks / CLK_TCK;
}

// ---------- measuring ----------

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** An in-app navigation as Chromium sent it: the RSC request's URL and the router's headers (see `captureNavigations`). */
interface Navigation {
  from: string;
  to: string;
  url: string;
  headers: Record<string, string>;
}

async function get(pool: Pool, cookie: string, url: string, headers: Record<string, string> = {}) {
  const t = performance.now();
  const r = await pool.request({ path: url, method: "GET", headers: { ...headers, cookie } });
  const body = await r.body.text();
  const ms = performance.now() - t;
  if (r.statusCode !== 200) throw new Error(`${url} answered ${r.statusCode}: ${body.slice(0, 300)}`);
  return { ms, bytes: body.length, body };
}

interface PageFigure {
  page: string;
  p50: number;
  p95: number;
  max: number;
  cpuMs: number;
  kb: number;
}

async function sequential(pool: Pool, cookie: string, serverPid: number, page: string): Promise<PageFigure> {
  for (let i = 0; i < WARMUP; i++) await get(pool, cookie, page);
  const times: number[] = [];
  let bytes = 0;
  const cpu0 = treeCpuSeconds(serverPid);
  for (let i = 0; i < REQUESTS; i++) {
    const r = await get(pool, cookie, page);
    times.push(r.ms);
    bytes = r.bytes;
  }
  const cpuMs = ((treeCpuSeconds(serverPid) - cpu0) * 1000) / REQUESTS;
  times.sort((a, b) => a - b);
  return { page, p50: pct(times, 50), p95: pct(times, 95), max: times[times.length - 1], cpuMs, kb: bytes / 1024 };
}

/** PostgreSQL backends serving the bench database (same machine: their CPU time is in /proc too). */
async function backendPids(): Promise<number[]> {
  const r = await admin.query("select pid from pg_stat_activity where datname = $1", [dbName]);
  return r.rows.map((x: { pid: number }) => x.pid);
}

async function load(pool: Pool, cookie: string, serverPid: number, pages: string[], navigations?: Navigation[]) {
  const times: number[] = [];
  const pg0 = treeCpuSeconds(...(await backendPids()));
  let errors = 0;
  let next = 0;
  const end = performance.now() + SECONDS * 1000;
  const cpu0 = treeCpuSeconds(serverPid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const i = next++;
        try {
          const nav = navigations?.[i % navigations.length];
          times.push((nav ? await get(pool, cookie, nav.url, nav.headers) : await get(pool, cookie, pages[i % pages.length])).ms);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpuS = treeCpuSeconds(serverPid) - cpu0;
  const pgS = Math.max(0, treeCpuSeconds(...(await backendPids())) - pg0);
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    errors,
    rps: times.length / elapsed,
    p50: pct(times, 50),
    p99: pct(times, 99),
    cpuMs: (cpuS * 1000) / Math.max(1, times.length),
    cpuUse: cpuS / elapsed,
    pgMs: (pgS * 1000) / Math.max(1, times.length),
  };
}

/** A Chromium context signed in as the bench user, for `run`; the browser is closed after. */
async function signedIn<T>(base: string, cookieValue: string, run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  try {
    // bypassCSP: the pages' script policy (nonces, no eval) would stop Playwright's own evaluation, not the app's scripts
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    await context.addCookies([{ name: COOKIE, value: cookieValue, url: base }]);
    return await run(context);
  } finally {
    await browser.close();
  }
}

/**
 * When a list page's rows are first on screen in Chromium: ms from navigation start to the first animation frame in
 * which the page's table has at least two body rows that are not a placeholder (`aria-busy`). Median of `times` loads
 * after 2 warm-up loads (cached scripts, as a user who has been on the app).
 */
async function timeToRows(base: string, cookieValue: string, pages: string[], times = 10) {
  return signedIn(base, cookieValue, async (context) => {
    // A string, not a function: tsx would put its name helpers into a function's source, which the page lacks.
    await context.addInitScript(`(() => {
      const check = () => {
        if (document.querySelectorAll("main table tbody:not([aria-busy]) tr").length >= 2) {
          window.__rowsAt = performance.now();
          // where the rows still to come begin then, against the window's height: below it, the screen was full
          const pending = document.querySelector("main table tbody[aria-busy]");
          window.__pendingTop = pending ? Math.round(pending.getBoundingClientRect().top) + " of " + innerHeight + " px" : "none";
        }
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })()`);
    const out: { page: string; p50: number; max: number }[] = [];
    for (const path of pages) {
      const ms: number[] = [];
      for (let i = 0; i < times + 2; i++) {
        const tab = await context.newPage();
        await tab.goto(base + path, { waitUntil: "load" });
        const at = await tab.waitForFunction("window.__rowsAt", null, { timeout: 30_000 });
        if (i >= 2) ms.push(Number(await at.jsonValue()));
        if (i === 2) console.log(`${path}: rows still to come at first rows: ${await tab.evaluate("window.__pendingTop")}`);
        if (i === 0) {
          const heights: number[] = await tab.evaluate(`[...document.querySelectorAll("main table tbody tr")].map((tr) => tr.getBoundingClientRect().height)`);
          console.log(`${path}: ${heights.length} rows, ${(heights.reduce((a, b) => a + b, 0) / heights.length).toFixed(1)} px high on average`);
        }
        await tab.close();
      }
      ms.sort((a, b) => a - b);
      out.push({ page: path, p50: pct(ms, 50), max: ms[ms.length - 1] });
      console.log(`${path}: rows on screen after ${pct(ms, 50).toFixed(0)} ms (median of ${times}), max ${ms[ms.length - 1].toFixed(0)} ms`);
    }
    return out;
  });
}

/**
 * Pages as a signed-in user gets them in Chromium, one user at a time, ROUNDS times round the list pages: open the page
 * before each one in a fresh tab (a page view: the document and whatever the page then asks for — the router's prefetch
 * requests for links that come into view, the live-progress stream), then click the link to it (sidebar or status tab:
 * an in-app navigation, the router's RSC request and what the new page asks for). Server CPU is counted from the
 * request until 2 s after the rows are on screen, so prefetches count; the click's latency is until its rows show.
 * The first round's navigation and prefetch requests are kept, with their headers (`RSC`, `Next-Router-State-Tree`,
 * `Next-Url`, `Next-Router-Prefetch`), to be replayed under load.
 */
async function inBrowser(base: string, cookieValue: string, serverPid: number, pages: string[], rounds = 3) {
  return signedIn(base, cookieValue, async (context) => {
    const navigations: Navigation[] = [];
    const prefetchRequests: Navigation[] = [];
    const prefetchesPerView: number[] = [];
    const viewCpu: number[] = [];
    const navCpu: number[] = [];
    const navMs: number[] = [];
    const idleCpu: number[] = [];
    /** Every request to the app in the first counted round, by method and path (static files together). */
    const requests = new Map<string, number>();
    const keep = ["rsc", "next-router-state-tree", "next-url", "next-router-prefetch", "next-router-segment-prefetch"];
    const pick = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => keep.includes(k)));
    const settled = async (tab: import("playwright-core").Page, to: string) => {
      await tab.waitForFunction(
        `location.pathname + location.search === ${JSON.stringify(to)} && document.querySelectorAll("main table tbody:not([aria-busy]) tr").length >= 2`,
        null,
        { timeout: 30_000 },
      );
    };
    for (let round = 0; round <= rounds; round++) {
      for (let i = 0; i < pages.length; i++) {
        const from = pages[(i + pages.length - 1) % pages.length];
        const to = pages[i];
        const tab = await context.newPage();
        const prefetched: Navigation[] = [];
        let navigation: Navigation | undefined;
        tab.on("request", (r) => {
          const h = r.headers();
          if (round === 1 && r.url().startsWith(base)) {
            const u = new URL(r.url());
            const what = `${r.method()} ${u.pathname.startsWith("/_next/static") ? "/_next/static/…" : u.pathname}${h["next-action"] ? " (action)" : ""}`;
            requests.set(what, (requests.get(what) ?? 0) + 1);
          }
          if (h["rsc"] !== "1") return;
          const u = new URL(r.url());
          const n = { from, to: u.pathname, url: u.pathname + u.search, headers: pick(h) };
          if (h["next-router-prefetch"]) prefetched.push(n);
          else navigation ??= { ...n, to };
        });
        let cpu0 = treeCpuSeconds(serverPid);
        await tab.goto(base + from, { waitUntil: "load" });
        await settled(tab, from);
        await tab.waitForTimeout(2000);
        const viewed = prefetched.length;
        // round 0 warms the browser's cache (scripts, styles) and the server's: not counted
        if (round > 0) {
          viewCpu.push((treeCpuSeconds(serverPid) - cpu0) * 1000);
          prefetchesPerView.push(viewed);
        }
        cpu0 = treeCpuSeconds(serverPid);
        const t = performance.now();
        await tab.locator(`a[href="${to}"]`).first().click();
        await settled(tab, to);
        const ms = performance.now() - t;
        await tab.waitForTimeout(2000);
        if (round > 0) {
          navCpu.push((treeCpuSeconds(serverPid) - cpu0) * 1000);
          navMs.push(ms);
          // what the server spends meanwhile with the tab open and nothing asked (the job runner's polls, the live
          // stream's keep-alive): the same 2 s, counted apart, to be read against the two figures above
          cpu0 = treeCpuSeconds(serverPid);
          await tab.waitForTimeout(2000);
          idleCpu.push((treeCpuSeconds(serverPid) - cpu0) * 1000);
        }
        if (round === 1) {
          if (!navigation) throw new Error(`clicking ${to} on ${from} sent no RSC request`);
          navigations.push(navigation);
          prefetchRequests.push(...prefetched);
        }
        await tab.close();
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    navMs.sort((a, b) => a - b);
    return {
      navigations,
      prefetchRequests,
      prefetchesPerView: mean(prefetchesPerView),
      viewCpuMs: mean(viewCpu),
      navCpuMs: mean(navCpu),
      idleCpuMs: mean(idleCpu),
      navP50: pct(navMs, 50),
      navMax: navMs[navMs.length - 1],
      samples: viewCpu.length,
      requests: [...requests].sort((a, b) => b[1] - a[1]),
    };
  });
}

// ---------- run ----------

const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
const dbName = `docket_bench_pages_${process.pid}`;
await admin.query(`create database ${dbName}`);
const dbUrl = new URL(PG_URL);
dbUrl.pathname = `/${dbName}`;
// `next build` and `next start` patch package-lock.json ("lockfile missing swc dependencies"): put it back afterwards.
const lockfile = readFileSync(path.join(root, "package-lock.json"), "utf8");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "docket-bench-pages-"));
let server: ChildProcess | undefined;
let md = "";
try {
  let t0 = performance.now();
  const who = await seed(dbUrl.toString());
  const seedS = (performance.now() - t0) / 1000;
  console.log(`seeded ${fmt(N)} invoices in ${seedS.toFixed(0)} s`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString("base64");
  const env = appServerEnv({ base, secret, dataDir, databaseUrl: dbUrl.toString() });
  const build = buildIfNeeded(env);
  const profileDir = path.join(root, ".bench-profiles");
  const nodeArgs = hasFlag("profile") ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  server = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitHealthy(base, server);
  const serverPid = server.pid!;

  const cookieValue = await encode({
    token: { sub: who.userId, email: who.email, name: "Bench User" },
    secret,
    salt: COOKIE,
    maxAge: 3600,
  });
  const cookie = `${COOKIE}=${cookieValue}`;
  const pool = new Pool(base, { connections: CONNECTIONS, pipelining: 1 });

  // The signed-in dashboard must really be signed in (a redirect to /sign-in would be a 307, not a 200).
  const home = await get(pool, cookie, "/");
  if (!home.body.includes("Dashboard")) throw new Error("the cookie did not sign in: / shows no dashboard");
  const pages = listArg("pages") ?? [
    "/",
    "/invoices",
    "/invoices?status=needs_review",
    "/invoices?status=needs_review&sort=minConfidence.asc&currency=USD&from=2024-03-01&to=2024-12-31",
    "/invoices/i0050000",
    "/documents",
    "/activity",
    "/insurance",
    "/campaigns",
    "/settings",
  ];
  const figures: PageFigure[] = [];
  for (const p of pages) {
    const f = await sequential(pool, cookie, serverPid, p);
    figures.push(f);
    console.log(`${p}: p50 ${f.p50.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms, max ${f.max.toFixed(0)} ms, CPU ${f.cpuMs.toFixed(1)} ms/request`);
  }
  const listPages = listArg("load-pages") ?? ["/invoices", "/invoices?status=needs_review", "/documents", "/activity"];
  if (hasFlag("paint")) await timeToRows(base, cookieValue, ["/invoices", "/documents", "/activity"]);
  t0 = performance.now();
  const l = await load(pool, cookie, serverPid, listPages);
  const say = (what: string, x: typeof l) =>
    console.log(
      `${what} ${CONNECTIONS} connections × ${SECONDS} s: ${x.requests} requests (${x.errors} errors), ${x.rps.toFixed(1)} req/s, ` +
        `p50 ${x.p50.toFixed(0)} ms, p99 ${x.p99.toFixed(0)} ms, server CPU ${x.cpuMs.toFixed(1)} ms/request (${(x.cpuUse * 100).toFixed(0)} % of a core), ` +
        `PostgreSQL CPU ${x.pgMs.toFixed(1)} ms/request`,
    );
  say("load", l);
  let nav: { l: typeof l; pf?: typeof l; b: Awaited<ReturnType<typeof inBrowser>> } | undefined;
  if (!hasFlag("no-browser")) {
    const b = await inBrowser(base, cookieValue, serverPid, listPages);
    console.log(
      `in Chromium (${b.samples} of each): a page view ${b.viewCpuMs.toFixed(1)} ms of server CPU (${b.prefetchesPerView.toFixed(1)} prefetch requests), ` +
        `an in-app navigation ${b.navCpuMs.toFixed(1)} ms, 2 s idle ${b.idleCpuMs.toFixed(1)} ms; click → rows ${b.navP50.toFixed(0)} ms (median), max ${b.navMax.toFixed(0)} ms`,
    );
    console.log(`requests to the app in one round (${listPages.length} page views and navigations): ${b.requests.map(([w, n]) => `${w} ×${n}`).join(", ")}`);
    for (const n of b.navigations) {
      const r = await get(pool, cookie, n.url, n.headers);
      if (!r.body.startsWith("0:") && !r.body.includes(":I[")) throw new Error(`${n.url} did not answer an RSC payload: ${r.body.slice(0, 120)}`);
    }
    nav = { l: await load(pool, cookie, serverPid, listPages, b.navigations), b };
    say("in-app navigations", nav.l);
    if (b.prefetchRequests.length) {
      nav.pf = await load(pool, cookie, serverPid, listPages, b.prefetchRequests);
      say(`prefetches (${b.prefetchRequests.length} recorded)`, nav.pf);
    }
  }
  await pool.close();

  const kept = (() => {
    try {
      const old = readFileSync("docs/bench/pages.md", "utf8");
      const i = old.indexOf("<!-- kept -->");
      return i >= 0 ? old.slice(i) : "<!-- kept -->\n";
    } catch {
      return "<!-- kept -->\n";
    }
  })();
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).stdout.toString().trim();
  md = `# Signed-in pages under \`next start\` (PostgreSQL, ${fmt(N)} invoices)

Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.arch()}, Node ${process.version}; shared with other jobs.
Date: ${new Date().toISOString().replace("T", " ").slice(0, 16)} UTC, commit ${commit} (${build}).
Run: \`npm run bench -- pages\` (\`--build\` to rebuild first). A scratch PostgreSQL database with ${fmt(N)} invoices (2 line items
each), ${fmt(N)} documents and ${fmt(2.1 * N)} audit events, seeded in ${seedS.toFixed(0)} s; \`next start\` on loopback, signed in with
a minted Auth.js session cookie. Server CPU is user + system time of the \`next start\` process tree (/proc) divided by
the requests; PostgreSQL's CPU (its backends for the bench database, same machine) is counted apart under load.

## Each page alone (${WARMUP} warm-up requests, then ${REQUESTS} sequential)

| page | p50 | p95 | max | server CPU / request | HTML |
|---|---|---|---|---|---|
${figures.map((f) => `| \`${f.page}\` | ${f.p50.toFixed(0)} ms | ${f.p95.toFixed(0)} ms | ${f.max.toFixed(0)} ms | ${f.cpuMs.toFixed(1)} ms | ${f.kb.toFixed(0)} KB |`).join("\n")}

## List pages under load (${CONNECTIONS} connections, ${SECONDS} s)

Round-robin over ${listPages.map((p) => `\`${p}\``).join(", ")}.

| requests | errors | req/s | p50 | p99 | server CPU / request | server CPU use | PostgreSQL CPU / request |
|---|---|---|---|---|---|---|---|
| ${fmt(l.requests)} | ${l.errors} | ${l.rps.toFixed(1)} | ${l.p50.toFixed(0)} ms | ${l.p99.toFixed(0)} ms | ${l.cpuMs.toFixed(1)} ms | ${(l.cpuUse * 100).toFixed(0)} % of a core | ${l.pgMs.toFixed(1)} ms |
${
  nav
    ? `
## As a signed-in user gets them in Chromium

One user at a time, ${nav.b.samples} times each: a page view (the document and what the page then asks for: the
router's prefetch requests for links in view, the live-progress stream) and an in-app navigation (a click on the
sidebar or a status tab: the router's RSC request, then the same for the new page). Server CPU counted from the
request to 2 s after the rows are on screen; "2 s idle" is what the server spends in 2 s with the tab open and
nothing asked (the job runner's polls, the live stream's keep-alive), included in both.

| server CPU per page view | prefetch requests per page view | server CPU per in-app navigation | 2 s idle | click → rows on screen (median / max) |
|---|---|---|---|---|
| ${nav.b.viewCpuMs.toFixed(1)} ms | ${nav.b.prefetchesPerView.toFixed(1)} | ${nav.b.navCpuMs.toFixed(1)} ms | ${nav.b.idleCpuMs.toFixed(1)} ms | ${nav.b.navP50.toFixed(0)} / ${nav.b.navMax.toFixed(0)} ms |

Requests to the app in one round (${listPages.length} page views, each followed by a navigation): ${nav.b.requests.map(([w, n]) => `\`${w}\` ×${n}`).join(", ")}.

## In-app navigations under load (${CONNECTIONS} connections, ${SECONDS} s)

The router's RSC requests recorded in Chromium (${nav.b.navigations.map((n) => `\`${n.from}\` → \`${n.to}\``).join(", ")}), replayed
round-robin with their headers${nav.pf ? `; then the ${nav.b.prefetchRequests.length} prefetch requests one round of page views and navigations sent` : ""}.

| requests | what | errors | req/s | p50 | p99 | server CPU / request | server CPU use | PostgreSQL CPU / request |
|---|---|---|---|---|---|---|---|---|
| ${fmt(nav.l.requests)} | navigations | ${nav.l.errors} | ${nav.l.rps.toFixed(1)} | ${nav.l.p50.toFixed(0)} ms | ${nav.l.p99.toFixed(0)} ms | ${nav.l.cpuMs.toFixed(1)} ms | ${(nav.l.cpuUse * 100).toFixed(0)} % of a core | ${nav.l.pgMs.toFixed(1)} ms |
${nav.pf ? `| ${fmt(nav.pf.requests)} | prefetches | ${nav.pf.errors} | ${nav.pf.rps.toFixed(1)} | ${nav.pf.p50.toFixed(0)} ms | ${nav.pf.p99.toFixed(0)} ms | ${nav.pf.cpuMs.toFixed(1)} ms | ${(nav.pf.cpuUse * 100).toFixed(0)} % of a core | ${nav.pf.pgMs.toFixed(1)} ms |\n` : ""}`
    : ""
}
${kept}`;
} finally {
  await stopServer(server, "SIGINT"); // SIGINT lets --cpu-prof write its profile
  if (hasFlag("keep-db")) console.log(`kept the database: ${dbUrl}`);
  else await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.end().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  writeFileSync(path.join(root, "package-lock.json"), lockfile);
}
writeFileSync("docs/bench/pages.md", md);
console.log("wrote docs/bench/pages.md");
process.exit(0);
