/**
 * Campaigns benchmark: how fast the machinery prepares recipients (import → validate → render → sign
 * unsubscribe token → compose MIME) with pacing off, and how many pacing decisions per second it makes.
 * Run: npx tsx bench/campaigns.ts [--rows 10000] [--no-write]
 * Prints the figures and writes docs/bench/campaigns.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { DEFAULT_PACING, nextSendAt, seededRandom, validatePacingLimits, type SendingWindow } from "@/lib/campaigns/pacing";
import { parseRecipientCsv, readRecipientFile } from "@/lib/campaigns/recipient-file";
import { suggestRecipientMapping } from "@/lib/campaigns/recipient-mapping";
import { importRecipients } from "@/lib/campaigns/recipients";
import { compileTemplate, renderForRecipient } from "@/lib/campaigns/template";
import { signUnsubscribeToken, unsubscribeUrl } from "@/lib/campaigns/unsubscribe";
import { composeMessage } from "@/lib/mail/compose";
import { hasFlag, numberArg } from "./support/args";

const ROWS = numberArg("rows", 10_000);
const WRITE = !hasFlag("no-write");
const ms = (t0: number) => performance.now() - t0;
const rate = (n: number, millis: number) => Math.round((n / millis) * 1000);
const fmt = (n: number) => n.toLocaleString("en-US");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function makeCsv(rows: number): string {
  const rnd = seededRandom("bench-recipients");
  const lines = ["Company,Email,Name,Position,Designation,City,Notes"];
  for (let i = 0; i < rows; i++) {
    const roll = rnd();
    // ~2% invalid, ~3% duplicates, rest valid; values with commas/quotes to exercise the CSV parser
    const email = roll < 0.02 ? `user${i}@bad` : roll < 0.05 ? `user${Math.max(0, i - 7)}@company${Math.max(0, i - 7) % 500}.example` : ` User${i}@Company${i % 500}.example `;
    lines.push(`"Company ${i % 500}, S.A. de C.V.",${email},Person ${i},Engineer,Senior,"Ciudad de México","He said ""hi"""`);
  }
  return lines.join("\r\n");
}

const template = {
  subject: "{{first_name}}, a question about {{company}}",
  text: "Hi {{name}},\n\nI saw {{company}} in {{city}} is hiring a {{role | developer}}. My CV is attached.\n\nBest,\nAna",
  html: "<p>Hi {{name}},</p><p>I saw <b>{{company}}</b> in {{city}} is hiring a {{role | developer}}.</p><p>Best,<br>Ana</p>",
};
const SECRET = "bench-secret-bench-secret-bench";

async function main() {
  console.log(`node ${process.version}, ${process.platform}, ${ROWS} rows`);
  const csv = makeCsv(ROWS);
  const csvBytes = new TextEncoder().encode(csv);
  const suppressed = new Set(Array.from({ length: 2000 }, (_, i) => `user${i * 5}@company${(i * 5) % 500}.example`));
  const contacted = new Set(Array.from({ length: 5000 }, (_, i) => `someone${i}@elsewhere.example`));

  // warm up JIT and caches
  for (let i = 0; i < 2; i++) {
    const t = parseRecipientCsv(csvBytes);
    importRecipients(t, { mapping: suggestRecipientMapping(t.headers).mapping as { email: string }, suppressed, alreadyContacted: contacted });
  }

  // 1. CSV: parse + map + validate + dedupe/suppress
  const csvRuns: number[] = [];
  let imported = 0;
  let skipped = 0;
  let byReason = "";
  let recipients: ReturnType<typeof importRecipients>["recipients"] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    const table = parseRecipientCsv(csvBytes);
    const res = importRecipients(table, {
      mapping: suggestRecipientMapping(table.headers).mapping as { email: string },
      suppressed,
      alreadyContacted: contacted,
    });
    csvRuns.push(ms(t0));
    imported = res.recipients.length;
    skipped = res.skipped.length;
    const counts = new Map<string, number>();
    for (const k of res.skipped) counts.set(k.reason, (counts.get(k.reason) ?? 0) + 1);
    byReason = [...counts].map(([r, n]) => `${fmt(n)} ${r}`).join(", ");
    recipients = res.recipients;
  }
  if (imported + skipped !== ROWS) throw new Error(`rows lost: ${imported} + ${skipped} != ${ROWS}`);

  // 2. XLSX: same list as a workbook
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Recipients");
  for (const row of csv.split("\r\n")) ws.addRow(row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, 7).map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"')));
  const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
  const xlsxRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const table = await readRecipientFile(xlsx, "recipients.xlsx");
    const res = importRecipients(table, { mapping: suggestRecipientMapping(table.headers).mapping as { email: string }, suppressed });
    xlsxRuns.push(ms(t0));
    if (res.recipients.length + res.skipped.length !== ROWS) throw new Error("xlsx rows lost");
  }

  // 3. render every recipient (template compiled once) + sign its unsubscribe token
  const compiled = compileTemplate(template);
  const renderRuns: number[] = [];
  let rendered = 0;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    rendered = 0;
    for (const r of recipients) {
      const token = signUnsubscribeToken({ workspaceId: "ws-bench", email: r.email, campaignId: "camp-bench" }, SECRET);
      const out = renderForRecipient(compiled, r.fields, { onEmpty: "skip", unsubscribeUrl: unsubscribeUrl("https://docket.example.com", token) });
      if (out.ok) rendered++;
    }
    renderRuns.push(ms(t0));
  }

  // 4. compose the full MIME message (with a 100 KB attachment) for a sample of recipients
  const cv = Buffer.alloc(100 * 1024, 0x25);
  const composeN = Math.min(2000, recipients.length);
  let t0 = performance.now();
  let bytes = 0;
  for (const r of recipients.slice(0, composeN)) {
    const token = signUnsubscribeToken({ workspaceId: "ws-bench", email: r.email, campaignId: "camp-bench" }, SECRET);
    const url = unsubscribeUrl("https://docket.example.com", token);
    const out = renderForRecipient(compiled, r.fields, { onEmpty: "skip", unsubscribeUrl: url });
    if (!out.ok) continue;
    const msg = await composeMessage({
      from: "Ana <ana@example.com>",
      to: r.email,
      ...out.message,
      attachments: [{ filename: "CV.pdf", contentType: "application/pdf", content: cv }],
      unsubscribe: { url },
    });
    bytes += msg.raw.length;
  }
  const composeMs = ms(t0);

  // 5. pacing decisions
  const window: SendingWindow = { timeZone: "America/Mexico_City", days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "18:00" };
  const now = Date.parse("2026-11-23T18:00:00Z");
  const pacingCases = [
    { label: "defaults (4/h, 25/day), 25 sends in history, no window", limits: DEFAULT_PACING, history: 25, window: null },
    { label: "defaults, 25 sends in history, Mon–Fri 09–18 America/Mexico_City", limits: DEFAULT_PACING, history: 25, window },
    { label: "Workspace max (100/h, 2000/day), 2000 sends in history, window", limits: validatePacingLimits({ perHour: 100, perDay: 2000, minGapSec: 10, maxGapSec: 30 }, "google_workspace"), history: 2000, window },
  ];
  const pacing: { label: string; perSec: number }[] = [];
  for (const c of pacingCases) {
    const history = Array.from({ length: c.history }, (_, i) => now - (c.history - i) * Math.floor((24 * 3_600_000) / (c.history + 1)));
    const N = c.history > 100 ? 2_000 : 50_000;
    for (let i = 0; i < 1000; i++) nextSendAt({ limits: c.limits, recentSends: history, now: now + i * 1000, window: c.window, seed: "a" });
    t0 = performance.now();
    let sink = 0;
    for (let i = 0; i < N; i++) sink += +nextSendAt({ limits: c.limits, recentSends: history, now: now + i * 1000, window: c.window, seed: "a" }).at;
    const el = ms(t0);
    if (!sink) throw new Error("unreachable");
    pacing.push({ label: c.label, perSec: rate(N, el) });
  }

  const csvMs = median(csvRuns);
  const xlsxMs = median(xlsxRuns);
  const renderMs = median(renderRuns);
  const lines = [
    `CSV import (parse + map + validate + dedupe + suppression), ${fmt(ROWS)} rows: ${csvMs.toFixed(0)} ms → ${fmt(rate(ROWS, csvMs))} rows/s (${fmt(imported)} kept, ${fmt(skipped)} skipped: ${byReason})`,
    `XLSX import, ${fmt(ROWS)} rows: ${xlsxMs.toFixed(0)} ms → ${fmt(rate(ROWS, xlsxMs))} rows/s`,
    `render subject+text+html + sign unsubscribe token, ${fmt(imported)} recipients: ${renderMs.toFixed(0)} ms → ${fmt(rate(imported, renderMs))} recipients/s (${fmt(rendered)} rendered)`,
    `end-to-end per message incl. MIME compose with 100 KB attachment, ${fmt(composeN)} recipients: ${composeMs.toFixed(0)} ms → ${fmt(rate(composeN, composeMs))} messages/s (${(bytes / composeN / 1024).toFixed(0)} KB each)`,
    ...pacing.map((p) => `nextSendAt, ${p.label}: ${fmt(p.perSec)} decisions/s`),
  ];
  for (const l of lines) console.log(l);

  if (WRITE) {
    const root = join(dirname(fileURLToPath(import.meta.url)), "..");
    const out = join(root, "docs/bench/campaigns.md");
    mkdirSync(dirname(out), { recursive: true });
    // Keep the section bench/campaigns-send.ts writes (send machinery through the runner).
    const sendSection = existsSync(out) ? (/<!-- send-machinery:start -->[\s\S]*<!-- send-machinery:end -->\n?/.exec(readFileSync(out, "utf8"))?.[0] ?? "") : "";
    writeFileSync(
      out,
      `# Campaigns benchmark

Machine: 2-core Debian, Node 20 (${process.version}). Date: ${new Date().toISOString().slice(0, 10)}.
Run: \`npx tsx bench/campaigns.ts\` (options: \`--rows N\`, \`--no-write\`). Medians of repeated runs after warm-up; the
machine was shared with other builds, so repeated runs vary by up to ±50%.

Generated list: ${fmt(ROWS)} rows, 7 columns (quoted values with commas and escaped quotes), ~2% invalid
addresses, ~3% in-list duplicates, 2,000-address suppression list, 5,000-address already-contacted set.
Pacing is off in these figures: they measure the machinery the sender runs per recipient, to show its
overhead is negligible next to the pacing gaps (default 60–300 s between sends).

| step | result |
|---|---|
| CSV import: parse + map + validate + dedupe + suppression | ${csvMs.toFixed(0)} ms for ${fmt(ROWS)} rows → **${fmt(rate(ROWS, csvMs))} rows/s** (${fmt(imported)} kept; ${fmt(skipped)} skipped, each with row number and reason: ${byReason}) |
| XLSX import (exceljs), same list | ${xlsxMs.toFixed(0)} ms → **${fmt(rate(ROWS, xlsxMs))} rows/s** |
| render subject + text + HTML and sign the unsubscribe token | ${renderMs.toFixed(0)} ms for ${fmt(imported)} recipients → **${fmt(rate(imported, renderMs))} recipients/s** |
| end to end incl. MIME compose (nodemailer MailComposer) with a 100 KB attachment | ${composeMs.toFixed(0)} ms for ${fmt(composeN)} → **${fmt(rate(composeN, composeMs))} messages/s** (${(bytes / composeN / 1024).toFixed(0)} KB each) |

Pacing decisions (\`nextSendAt\`: rolling hour + rolling day caps, random gap, sending window via Intl):

| case | decisions/s |
|---|---|
${pacing.map((p) => `| ${p.label} | **${fmt(p.perSec)}** |`).join("\n")}

Reading: a ${fmt(ROWS)}-row list imports in ${csvMs < 1000 ? "well under a second" : `${(csvMs / 1000).toFixed(1)} s`} from CSV
and ${(xlsxMs / 1000).toFixed(1)} s from XLSX. Rendering costs ${((renderMs / imported) * 1000).toFixed(0)} µs per recipient and the full MIME
message with attachment ${(composeMs / composeN).toFixed(1)} ms, while the default pacing allows one send every 60–300 s — the
per-message overhead is under 1/10,000 of the gap. The pacer is never the bottleneck: even with 2,000 sends
of history and a time-zone window it makes thousands of decisions per second (the window check is the
costly part: Intl time-zone formatting).
${sendSection ? `\n${sendSection}` : ""}`,
    );
    console.log(`wrote ${out}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
