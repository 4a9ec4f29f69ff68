/**
 * Campaign send machinery benchmark: how many recipients per second the sender schedules and sends with
 * pacing off (caps and gaps out of the way), on the dev outbox, so the figure is the machinery's own cost:
 *   A. the two sender steps called directly (reserve under the account lock → render/compose/store/record)
 *   B. the whole send-campaign function through the embedded runner (steps memoized in Postgres, sleeps, batches)
 * on embedded PGlite and, when reachable, PostgreSQL.
 * Run: npx tsx bench/campaigns-send.ts [--recipients 600] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--no-write]
 * Writes its section of docs/bench/campaigns.md (between the send-machinery markers).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasFlag, numberArg, stringArg } from "./support/args";

const N = numberArg("recipients", 600);
const PG = stringArg("pg", "postgres://postgres@127.0.0.1:5432/postgres");
const WRITE = !hasFlag("no-write");
process.env.AUTH_SECRET ??= "bench-secret-for-campaign-sender-0123456789";
process.env.DOCKET_DATA_DIR = path.join(os.tmpdir(), `docket-bench-send-${process.pid}`);

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const START = Date.parse("2026-11-23T15:00:00Z");

async function main() {
  const pg = (await import("pg")).default;
  const { openDatabase, migrateDatabase } = await import("@/db/client");
  const { createCampaign } = await import("@/db/queries/campaigns/campaigns");
  const { scheduleCampaign } = await import("@/db/queries/campaigns/control");
  const { createSendingAccount } = await import("@/db/queries/campaigns/sending-accounts");
  const { reserveNextSend } = await import("@/db/queries/campaigns/sends");
  const { ensurePersonalWorkspace, findOrCreateUserByEmail } = await import("@/db/queries/workspaces");
  const { campaigns, sendingAccounts } = await import("@/db/schema");
  const { inngest } = await import("@/inngest/client");
  const { campaignStarted } = await import("@/inngest/events");
  const { sendCampaign } = await import("@/inngest/functions/send-campaign");
  const { deliverAttempt } = await import("@/services/campaigns/deliver-attempt");
  const { sendDeps } = await import("@/services/campaigns/send-deps");
  const { campaignRunEventId: runEventId } = await import("@/inngest/events");
  const { parseRecipientCsv } = await import("@/lib/campaigns/recipient-file");
  const { importRecipients } = await import("@/lib/campaigns/recipients");
  const { ManualClock } = await import("@/lib/runner/clock");
  const { startRunner } = await import("@/lib/runner/runner");
  const { eq } = await import("drizzle-orm");

  const csv = ["email,name,company", ...Array.from({ length: N }, (_, i) => `person${i}@company${i % 97}.example,Person ${i},Company ${i % 97}`)].join("\n");
  const imported = importRecipients(parseRecipientCsv(csv), { mapping: { email: "email", name: "name", company: "company" } });

  async function measure(engine: "pglite" | "postgres") {
    let dropName: string | null = null;
    let database;
    if (engine === "postgres") {
      dropName = `docket_bench_send_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`drop database if exists ${dropName}`);
      await admin.query(`create database ${dropName}`);
      await admin.end();
      const u = new URL(PG);
      u.pathname = `/${dropName}`;
      database = await openDatabase({ url: u.toString(), poolMax: 4 });
    } else {
      database = await openDatabase({});
    }
    await migrateDatabase(database);
    const db = database.db;
    const user = await findOrCreateUserByEmail(db, "bench@docket.local");
    const ws = await ensurePersonalWorkspace(db, user.id);
    const account = await createSendingAccount(db, { workspaceId: ws, actorId: null, kind: "outbox", name: "Bench outbox", fromAddress: "bench@docket.local" });
    // Pacing off: limits far above anything validatePacingLimits allows, set directly for the benchmark.
    await db.update(sendingAccounts).set({ perHour: 1e9, perDay: 1e9, minGapSec: 0, maxGapSec: 0 }).where(eq(sendingAccounts.id, account.id));
    const newCampaign = async () => {
      const c = await createCampaign(db, {
        workspaceId: ws,
        actorId: user.id,
        accountId: account.id,
        name: "Bench",
        timeZone: "UTC",
        subject: "Hello {{first_name}} at {{company}}",
        textBody: "Hi {{name}},\n\nA short note for {{company}}.\n",
        htmlBody: "<p>Hi {{name}},</p><p>A short note for <b>{{company}}</b>.</p>",
        onEmpty: "skip",
        imported,
      });
      const s = await scheduleCampaign(db, { workspaceId: ws, actorId: user.id, campaignId: c.id, startAt: null, timeZone: "UTC", window: null, now: new Date(START) });
      return s;
    };

    // A. Direct: reserve + deliver, one recipient after the other.
    const deps = { ...(await sendDeps()), db, now: () => START };
    const a = await newCampaign();
    let t0 = performance.now();
    let sent = 0;
    for (;;) {
      const r = await reserveNextSend(db, { workspaceId: ws, campaignId: a.id, now: START });
      if (r.kind !== "send") break;
      const out = await deliverAttempt(deps, r.attemptId);
      if (out.outcome === "sent") sent++;
    }
    const directMs = performance.now() - t0;

    // B. The function through the embedded runner (manual clock: nothing waits on real time).
    const clock = new ManualClock(START);
    const runner = await startRunner({ database, client: inngest, clock, functions: [sendCampaign], loop: false, log: () => {} });
    const b = await newCampaign();
    t0 = performance.now();
    await inngest.send(campaignStarted.create({ workspaceId: ws, campaignId: b.id }, { id: runEventId(b.id, b.runGeneration) }));
    for (let i = 0; i < 10_000; i++) {
      await runner.drain();
      const [c] = await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, b.id));
      if (c.status === "completed") break;
      clock.advance(1000);
    }
    const runnerMs = performance.now() - t0;
    const [done] = await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, b.id));
    await runner.stop();
    await database.close();
    if (dropName) {
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`drop database if exists ${dropName} with (force)`);
      await admin.end();
    }
    if (sent !== imported.recipients.length || done.status !== "completed") throw new Error(`${engine}: not everything was sent (${sent}, ${done.status})`);
    return { engine, directPerSec: (sent / directMs) * 1000, directMsPer: directMs / sent, runnerPerSec: (sent / runnerMs) * 1000, runnerMsPer: runnerMs / sent };
  }

  const results = [await measure("pglite")];
  try {
    results.push(await measure("postgres"));
  } catch (err) {
    console.log(`PostgreSQL skipped: ${(err as Error).message}`);
  }
  const lines = results.map(
    (r) =>
      `| ${r.engine === "pglite" ? "embedded PGlite" : "PostgreSQL 15 (local)"} | **${fmt(r.directPerSec)}/s** (${r.directMsPer.toFixed(1)} ms each) | **${fmt(r.runnerPerSec)}/s** (${r.runnerMsPer.toFixed(1)} ms each) |`,
  );
  console.log(`node ${process.version}, ${N} recipients, dev outbox, pacing off`);
  for (const l of lines) console.log(l);

  const section = `<!-- send-machinery:start -->
## Send machinery (pacing off)

Run: \`npx tsx bench/campaigns-send.ts\` (options: \`--recipients N\`, \`--pg URL\`, \`--no-write\`). Machine: 2-core Debian,
Node 20 (${process.version}). Date: ${new Date().toISOString().slice(0, 10)}. ${fmt(N)} recipients on the dev outbox with the account's caps and gaps
lifted, so nothing waits: the figure is what the sender itself costs per recipient — reserve under the account's
row lock (pacing check, claim, attempt row), then render, sign the unsubscribe link, compose the MIME message,
mark in flight, store it in the outbox and record the provider id.

| database | sender steps called directly | whole send-campaign function through the embedded runner |
|---|---|---|
${lines.join("\n")}

Reading: through the runner every recipient costs two memoized steps (reserve, deliver) plus a batch hand-off
every 60 recipients; that is the price of surviving restarts mid-campaign. Even so, one account could be fed
far faster than any mailbox allows: Gmail's 500/day is one send every ~3 minutes, and the default pacing
(4/hour, 25/day, 60–300 s gaps) is slower still — the machinery's cost per recipient is ${((Math.max(...results.map((r) => r.runnerMsPer)) / 60_000) * 100).toFixed(2)}% of the shortest default gap (60 s).
<!-- send-machinery:end -->
`;
  if (WRITE) {
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs/bench/campaigns.md");
    const current = existsSync(out) ? readFileSync(out, "utf8") : "# Campaigns benchmark\n";
    const next = /<!-- send-machinery:start -->[\s\S]*<!-- send-machinery:end -->\n?/.test(current)
      ? current.replace(/<!-- send-machinery:start -->[\s\S]*<!-- send-machinery:end -->\n?/, section)
      : `${current.trimEnd()}\n\n${section}`;
    writeFileSync(out, next);
    console.log(`wrote ${out}`);
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
