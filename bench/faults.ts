/**
 * Fault injection: the background worker is killed with -9 at random moments while it reads invoices, matches a
 * fleet and sends a campaign, restarted, killed again… then left to finish. On PGlite (a fresh data directory) and
 * on PostgreSQL (a fresh database at TEST_DATABASE_URL's server, dropped at the end). Checks that nothing was lost,
 * done twice or left stuck, and measures how long a restarted worker takes to move the killed worker's runs again.
 *   npm run bench -- faults      (or: npx tsx bench/faults.ts [--kills 25] [--before 3] [--only pglite|postgres]
 *                                 [--pdfs 20] [--rows 1200] [--recipients 30] [--seed 1])
 * Lives 1..before run with --keep-claims (claims of the dead worker wait for their 30 s TTL, the behaviour before
 * dead-worker release) and are killed only once the orphaned runs moved; the other lives are killed 0.3–4 s after
 * the runner started. Writes docs/bench/faults.md.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "@/lib/random";
import { numberArg, stringArg } from "./support/args";

const KILLS = numberArg("kills", 25);
const BEFORE = numberArg("before", 3);
const ONLY = stringArg("only", "");
const SIZE = { pdfs: numberArg("pdfs", 20), fleetRows: numberArg("rows", 1200), recipients: numberArg("recipients", 30) };
const SEED = numberArg("seed", 1);
const PG = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
process.env.AUTH_SECRET ??= "bench-secret-for-fault-injection-0123456789";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Mark = { what: string; data: Record<string, unknown>; at: number };

function startWorker(env: NodeJS.ProcessEnv, flags: string[]) {
  const spawnedAt = performance.now();
  const spawnMs = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", "faults", "worker.ts"), ...flags], {
    cwd: root,
    env: { ...env, FAULTS_SPAWN_MS: String(spawnMs) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const marks: Mark[] = [];
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d;
    for (let nl = out.indexOf("\n"); nl >= 0; nl = out.indexOf("\n")) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      const m = line.match(/^MARK (\S+)(?: (.*))?$/);
      if (m) marks.push({ what: m[1]!, data: m[2] ? JSON.parse(m[2]) : {}, at: performance.now() });
    }
  });
  child.stderr!.on("data", (d: Buffer) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = async (what: string, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const m = marks.find((x) => x.what === what);
      if (m) return m;
      if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode} before "${what}":\n${err.slice(-3000)}`);
      if (performance.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, marks, spawnedAt, spawnMs, exited, waitFor, stderr: () => err };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

interface Recovery {
  mode: "ttl" | "release";
  /** From spawning the new worker process until it moved one of the runs the killed worker held; null: killed first. */
  fromSpawnMs: number | null;
  /** Spawn → runner started (loading the app, opening the database). */
  startupMs: number;
  orphans: Record<string, number>;
}

async function main() {
  const { migrateDatabase, openDatabase, rows } = await import("@/db/client");
  const { withDatabase } = await import("@/db/testing/global-setup");
  const { localBlobStore } = await import("@/lib/blob");
  const { processDocument } = await import("@/lib/extraction");
  const { seedFaultWork } = await import("./faults/setup");
  const { sql } = await import("drizzle-orm");
  const pg = (await import("pg")).default;

  async function suite(engine: "pglite" | "postgres") {
    // the kill schedule is reproducible from --seed
    const random = mulberry32(SEED + (engine === "postgres" ? 1000 : 0));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `docket-faults-${engine}-`));
    const dbName = `docket_faults_${process.pid}`;
    let url: string | null = null;
    if (engine === "postgres") {
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName}`);
      await admin.query(`create database ${dbName}`);
      await admin.end();
      url = withDatabase(PG, dbName);
    }
    const open = () => (url ? openDatabase({ url, poolMax: 4 }) : openDatabase({ dataDir: path.join(dataDir, "db") }));
    try {
      let database = await open();
      await migrateDatabase(database);
      const blobs = localBlobStore(path.join(dataDir, "blobs"));
      const work = await seedFaultWork(database.db, blobs, SIZE);
      await database.close();
      console.log(`${engine}: seeded ${work.documents.length} PDFs, ${work.fleetRows} fleet rows, ${work.recipients} recipients`);
      // What the same extractor finds in each PDF without faults: "read exactly once" means exactly this many invoices.
      const expected = new Map<string, number>();
      for (const d of work.documents) {
        expected.set(d.id, (await processDocument(d.bytes, { contentType: "application/pdf", fileName: d.filename })).invoices.length);
      }

      const env = {
        ...process.env,
        DOCKET_DATA_DIR: dataDir,
        DATABASE_URL: url ?? "",
        DOCKET_SKIP_MIGRATE: "1",
        INNGEST_DEV: "",
        INNGEST_EVENT_KEY: "",
        INNGEST_SIGNING_KEY: "",
        OPENAI_API_KEY: "",
      };
      const recoveries: Recovery[] = [];
      const killedIn: Record<string, number> = {};
      const t0 = performance.now();
      let kills = 0;
      let prev: { spawnMs: number; worker: string; ids: string[]; recovery: Recovery | null } | null = null;
      const settle = (measured: Mark | undefined) => {
        // the previous life's recovery, as the next life read it from the database
        if (prev?.recovery && measured) prev.recovery.fromSpawnMs = (measured.data.ms as number | null) ?? null;
      };
      for (let life = 0; life <= KILLS; life++) {
        const final = life === KILLS;
        const ttlMode = !final && life <= BEFORE && BEFORE > 0;
        const flags = [...(ttlMode ? ["--keep-claims"] : []), ...(final ? ["--final"] : [])];
        if (prev) flags.push("--measure", String(prev.spawnMs), prev.worker, prev.ids.join(",") || ",");
        const w = startWorker(env, flags);
        const started = await w.waitFor("started", 120_000);
        if (!started) throw new Error(`${engine}: worker did not start within 120 s:\n${w.stderr()}`);
        settle(w.marks.find((m) => m.what === "measured"));
        const orphans = (started.data.orphans ?? {}) as Record<string, number>;
        const ids = (started.data.ids ?? []) as string[];
        const recovery: Recovery | null =
          life > 0 && ids.length > 0 ? { mode: ttlMode ? "ttl" : "release", fromSpawnMs: null, startupMs: Math.round(started.at - w.spawnedAt), orphans } : null;
        if (recovery) {
          recoveries.push(recovery);
          for (const [k, n] of Object.entries(orphans)) killedIn[k.split(":")[0]!] = (killedIn[k.split(":")[0]!] ?? 0) + n;
        }
        if (final) {
          const code = await Promise.race([w.exited, sleep(600_000).then(() => "timeout" as const)]);
          if (code !== 0) {
            w.child.kill("SIGKILL");
            throw new Error(`${engine}: final worker did not finish (${code}):\n${w.stderr().slice(-3000)}`);
          }
          const p = w.marks.find((m) => m.what === "progress");
          if (recovery && p) recovery.fromSpawnMs = Number(p.data.ms);
          break;
        }
        if (ttlMode && recovery) await w.waitFor("progress", 60_000);
        await sleep(300 + random() * 3700);
        w.child.kill("SIGKILL");
        await w.exited;
        kills++;
        prev = { spawnMs: w.spawnMs, worker: String(started.data.worker), ids, recovery };
        const stderr = w.stderr().trim();
        if (stderr) console.log(`  [life ${life} stderr] ${stderr.split("\n").slice(-5).join("\n  ")}`);
        console.log(`  ${engine} life ${life}${ttlMode ? " (TTL)" : ""}: orphans ${JSON.stringify(orphans)}, started in ${Math.round(started.at - w.spawnedAt)} ms`);
      }
      const wallS = (performance.now() - t0) / 1000;

      // ——— checks
      database = await open();
      const q = async <T,>(query: ReturnType<typeof sql>) => rows<T>(await database.db.execute(query));
      const ws = work.workspaceId;
      const docIds = work.documents.map((d) => d.id);
      const docList = sql.join(docIds.map((id) => sql`${id}`), sql`, `);
      const docs = await q<{ id: string; status: string; n: number }>(sql`
        select d.id, d.status, (select count(*) from invoices i where i.document_id = d.id)::int as n
        from documents d where d.id in (${docList})`);
      let invoicesLost = 0;
      let invoicesExtra = 0;
      for (const d of docs) {
        const e = expected.get(d.id)!;
        invoicesLost += Math.max(0, e - Number(d.n));
        invoicesExtra += Math.max(0, Number(d.n) - e);
      }
      const [dupInvoices] = await q<{ n: number }>(sql`
        select count(*)::int as n from (select document_id, page_start, invoice_number from invoices where workspace_id = ${ws}
          group by 1, 2, 3 having count(*) > 1) x`);
      const [fleet] = await q<{ total: number; readable: number; matched: number; distinct: number }>(sql`
        select count(*)::int as total, count(*) filter (where error is null)::int as readable,
               count(*) filter (where matched)::int as matched, count(distinct source_id)::int as distinct
        from fleet_rows where case_id = ${work.caseId}`);
      const [kase] = await q<{ status: string; total_rows: number; matched_rows: number }>(
        sql`select status, total_rows, matched_rows from insurance_cases where id = ${work.caseId}`,
      );
      const [matchedAudit] = await q<{ n: number }>(sql`select count(*)::int as n from audit_events where entity_id = ${work.caseId} and action = 'case.matched'`);
      const [camp] = await q<{ status: string }>(sql`select status from campaigns where id = ${work.campaignId}`);
      const recips = await q<{ status: string; n: number }>(sql`select status, count(*)::int as n from campaign_recipients where campaign_id = ${work.campaignId} group by 1`);
      const [outbox] = await q<{ total: number; distinct: number }>(sql`
        select count(*)::int as total, count(distinct "to")::int as distinct from outbox_messages where workspace_id = ${ws} and kind = 'campaign'`);
      const [sentAttempts] = await q<{ n: number }>(sql`select count(*)::int as n from send_attempts where campaign_id = ${work.campaignId} and status = 'sent'`);
      const [runs] = await q<{ open: number; failed: number; total: number }>(sql`
        select count(*) filter (where status not in ('completed', 'failed', 'cancelled'))::int as open,
               count(*) filter (where status = 'failed')::int as failed, count(*)::int as total from runner_runs`);
      const failedRuns = await q<{ function_id: string; error: unknown }>(sql`select function_id, error from runner_runs where status = 'failed' limit 5`);
      const [events] = await q<{ n: number }>(sql`select count(*)::int as n from runner_events where processed_at is null`);
      await database.close();

      const sent = recips.find((r) => r.status === "sent")?.n ?? 0;
      const stuckDocs = docs.filter((d) => d.status === "queued" || d.status === "processing").length;
      const result = {
        engine,
        kills,
        wallS: Math.round(wallS),
        killedIn,
        documents: docs.length,
        docStatuses: Object.fromEntries([...new Set(docs.map((d) => d.status))].map((s) => [s, docs.filter((d) => d.status === s).length])),
        invoicesExpected: [...expected.values()].reduce((a, b) => a + b, 0),
        invoicesFound: docs.reduce((a, d) => a + Number(d.n), 0),
        lost: invoicesLost + Math.max(0, Number(fleet!.readable) - Number(fleet!.matched)) + Math.max(0, work.recipients - Number(outbox!.distinct)),
        duplicated:
          invoicesExtra +
          Number(dupInvoices!.n) +
          (Number(fleet!.total) - Number(fleet!.distinct)) +
          Math.max(0, Number(matchedAudit!.n) - 1) +
          (Number(outbox!.total) - Number(outbox!.distinct)) +
          Math.max(0, Number(sentAttempts!.n) - work.recipients),
        stuck: stuckDocs + Number(runs!.open) + Number(events!.n) + (["received", "matching"].includes(kase!.status) ? 1 : 0) + (camp!.status === "completed" ? 0 : 1),
        fleet: { rows: Number(fleet!.total), readable: Number(fleet!.readable), matched: Number(fleet!.matched), caseStatus: kase!.status, matchedAudits: Number(matchedAudit!.n) },
        campaign: { status: camp!.status, recipients: work.recipients, sent: Number(sent), outbox: Number(outbox!.total), distinctTo: Number(outbox!.distinct), sentAttempts: Number(sentAttempts!.n) },
        runs: { total: Number(runs!.total), open: Number(runs!.open), failed: Number(runs!.failed), unprocessedEvents: Number(events!.n), failedSample: failedRuns },
        recoveries,
      };
      console.log(JSON.stringify({ ...result, recoveries: undefined }, null, 1));
      return result;
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (url) {
        const admin = new pg.Client({ connectionString: PG });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    }
  }

  const results = [];
  if (ONLY !== "postgres") results.push(await suite("pglite"));
  if (ONLY !== "pglite") results.push(await suite("postgres"));

  const fmt = (v: number) => (Number.isNaN(v) ? "–" : `${(v / 1000).toFixed(1)} s`);
  const recoveryRow = (label: string, rs: Recovery[]) => {
    const seen = rs.filter((r) => r.fromSpawnMs !== null);
    const moved = seen.map((r) => r.fromSpawnMs!);
    const afterStart = seen.map((r) => Math.max(0, r.fromSpawnMs! - r.startupMs));
    return `| ${label} | ${rs.length} | ${seen.length} | ${fmt(pct(moved, 50))} | ${fmt(moved.length ? Math.max(...moved) : NaN)} | ${fmt(pct(rs.map((r) => r.startupMs), 50))} | ${fmt(pct(afterStart, 50))} | ${fmt(afterStart.length ? Math.max(...afterStart) : NaN)} |`;
  };
  const date = new Date().toISOString().slice(0, 10);
  const md = `## Fault injection: kill -9 the worker during extraction, matching and sending

\`npm run bench -- faults\` (bench/faults.ts), ${date}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"} (${os.arch()}), Node ${process.version}.
Per engine: a fresh database with ${SIZE.pdfs} invoice PDFs (lib/extraction/fixtures/text), a broker email whose fleet list
(${SIZE.fleetRows} generated rows) becomes a case matched against a generated catalog, and a campaign of ${SIZE.recipients} recipients on the dev
outbox (pacing lifted to a 0–1 s gap). A worker process (the app's embedded runner with every function, as \`npm run runner\`)
is started, killed with -9 0.3–4 s after its runner started, restarted, ${KILLS} times, then left to finish. Seed ${SEED}.

| engine | kills | runs interrupted (by function) | invoices (expected / found) | lost | duplicated | stuck | fleet rows matched | sent / outbox rows / recipients | failed runs | wall |
|---|---|---|---|---|---|---|---|---|---|---|
${results
  .map(
    (r) =>
      `| ${r.engine === "pglite" ? "PGlite" : "PostgreSQL"} | ${r.kills} | ${Object.entries(r.killedIn).map(([k, n]) => `${k} ${n}`).join(", ")} | ${r.invoicesExpected} / ${r.invoicesFound} | ${r.lost} | ${r.duplicated} | ${r.stuck} | ${r.fleet.matched} / ${r.fleet.readable} | ${r.campaign.sent} / ${r.campaign.outbox} / ${r.campaign.recipients} | ${r.runs.failed} | ${r.wallS} s |`,
  )
  .join("\n")}

"Expected" invoices are what the same offline extractor finds in each PDF without faults. Lost: invoices, matched
fleet rows or recipients missing; duplicated: extra invoices, a second invoice with the same document/page/number,
a fleet row twice, the case matched twice, a recipient with two outbox messages or two sent attempts; stuck: documents
queued/processing, runs not finished, events not processed, the case or the campaign not done after the final drain.

Recovery: time from spawning the new worker process until it moves one of the runs the killed worker held (takes it to
run its step again — claim time read from the database —, writes a step of it or finishes it). It includes starting the
process (loading the app, opening the database: "startup"). "TTL" lives wait for the killed worker's 30 s claim to
expire (the behaviour before dead-worker release, \`releaseDeadClaims: false\`) and are killed only after they moved;
"release" lives take the claims of the provably dead worker at once (lib/runner/liveness.ts); a release life killed
before it moved any counts as interrupted but not timed.

| engine · mode | kills that left claimed runs | timed | recovery p50 | recovery max | startup p50 | after startup p50 | after startup max |
|---|---|---|---|---|---|---|---|
${results.flatMap((r) => [recoveryRow(`${r.engine} · TTL (before)`, r.recoveries.filter((x) => x.mode === "ttl")), recoveryRow(`${r.engine} · release (after)`, r.recoveries.filter((x) => x.mode === "release"))]).join("\n")}
`;
  fs.mkdirSync(path.join(root, "docs", "bench"), { recursive: true });
  fs.writeFileSync(path.join(root, "docs", "bench", "faults.md"), md);
  console.log(md);
  const bad = results.filter((r) => r.lost || r.duplicated || r.stuck);
  if (bad.length) {
    console.error(`FAULTS FOUND: ${bad.map((r) => `${r.engine}: lost ${r.lost}, duplicated ${r.duplicated}, stuck ${r.stuck}`).join("; ")}`);
    process.exit(1);
  }
  process.exit(0); // the in-process extractor keeps workers alive
}

await main();
