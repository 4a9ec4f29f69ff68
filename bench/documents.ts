/**
 * npx tsx bench/documents.ts [--scale-docs 2000] [--scale-pages 20] [--invoices 100000] [--quick]
 * Documents & Q&A and alerts, offline. Writes docs/bench/documents.md.
 *  1. The evaluation set (bench/support/documents-corpus.ts: 42 PDFs, es+en, policies of 30–120 pages, contracts,
 *     invoices, fleet lists, quotes, delivery notes; 241 questions with file/page/value truth, 31 unanswerable),
 *     answered by the CLI code (`docket ask`, in-memory PGlite): cited page in the top 3, value stated, "not found"
 *     on the unanswerable; the CLI's wall time.
 *  2. Scale: the same questions with 2,000 more documents (40,000 pages) indexed in the workspace — indexing pages/s,
 *     p50/p95 per question, the figures again.
 *  3. Alerts: evaluation over 100,000 invoices, repeated runs and a run killed midway: duplicate alerts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, rows } from "@/db/client";
import { documents, workspaces } from "@/db/schema";
import { localBlobStore } from "@/lib/blob";
import { foldText } from "@/lib/documents/text";
import { runAsk } from "@/scripts/cli/ask";
import { askQuestion } from "@/services/documents/ask-question";
import { searchDocuments } from "@/services/documents/search-documents";
import { indexDocument } from "@/services/documents/index-document";
import { ingestLocalFile } from "@/services/documents/ingest-local-file";
import { evaluateAlerts } from "@/services/alerts/evaluate-alerts";
import { makeCorpus, type Truth } from "./support/documents-corpus";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const quick = process.argv.includes("--quick");
const SCALE_DOCS = Number(arg("scale-docs", quick ? "200" : "2000"));
const SCALE_PAGES = Number(arg("scale-pages", "20"));
const INVOICES = Number(arg("invoices", quick ? "10000" : "100000"));

interface Answer {
  id: string;
  answer: string;
  citations: { file: string; page: number; quote: string }[];
}

function amountForms(v: string): string[] {
  const n = Number(v);
  return [v, n.toLocaleString("en-US", { minimumFractionDigits: 2 }), n.toLocaleString("es-ES", { minimumFractionDigits: 2, useGrouping: "always" } as Intl.NumberFormatOptions)];
}

export function score(truth: Truth[], answers: Map<string, Answer>) {
  const notFound = (a: Answer) => a.citations.length === 0 && /not found/i.test(a.answer);
  const answerable = truth.filter((t) => t.file);
  const unanswerable = truth.filter((t) => !t.file);
  let page = 0;
  let value = 0;
  const misses: string[] = [];
  for (const t of answerable) {
    const a = answers.get(t.id)!;
    const okPage = a.citations.slice(0, 3).some((c) => c.file === t.file && c.page === t.page);
    const f = foldText(a.answer.split(" — “")[0] + " " + (a.citations[0]?.quote ?? "")).replace(/\s+/g, " ");
    const head = foldText(a.answer).replace(/\s+/g, " ");
    const okValue =
      t.kind === "amount" ? amountForms(t.value!).some((x) => head.includes(foldText(x))) : t.kind === "date" ? head.includes(t.value!) : f.includes(foldText(t.value!));
    if (okPage) page++;
    if (okValue) value++;
    if ((!okPage || !okValue) && misses.length < 40) misses.push(`${t.id} [${t.kind}] ${t.question} → ${a.answer.slice(0, 120)}`);
  }
  const nf = unanswerable.filter((t) => notFound(answers.get(t.id)!)).length;
  for (const t of unanswerable) if (!notFound(answers.get(t.id)!) && misses.length < 40) misses.push(`${t.id} [unanswerable] ${t.question} → ${answers.get(t.id)!.answer.slice(0, 120)}`);
  const falseNf = answerable.filter((t) => notFound(answers.get(t.id)!)).length;
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    pageTop3: page / answerable.length,
    valueStated: value / answerable.length,
    notFound: nf / unanswerable.length,
    falseNotFound: falseNf / answerable.length,
    misses,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const out: string[] = [];
const log = (s: string) => {
  console.log(s);
  out.push(s);
};

const root = mkdtempSync(join(tmpdir(), "docket-bench-docs-"));
const corpus = await makeCorpus({ dir: join(root, "docs") });
const truth: Truth[] = corpus.truth;

// —— 1. the CLI on the evaluation set
const t0 = performance.now();
const sink = { write: (s: string) => process.stderr.write(s) };
const code = await runAsk(["--docs", join(root, "docs"), "--questions", join(root, "questions.csv"), "--out", join(root, "answers.jsonl")], { stdout: sink, stderr: sink });
const cliSeconds = (performance.now() - t0) / 1000;
if (code !== 0) throw new Error(`docket ask exited ${code}`);
const answers = new Map<string, Answer>(readFileSync(join(root, "answers.jsonl"), "utf8").trim().split("\n").map((l) => { const a = JSON.parse(l) as Answer; return [a.id, a]; }));
const s1 = score(truth, answers);
const byLang = (lang: "es" | "en") => score(truth.filter((t) => t.lang === lang), answers);

log(`## Documents & Q&A (offline)

Run ${new Date().toISOString().slice(0, 16)} UTC. Evaluation set made by \`bench/support/documents-corpus.ts\` (seeded): ${corpus.files.length} PDFs,
${corpus.pages} pages (policies with general conditions of 30–120 pages, standalone general conditions, lease contracts,
invoices, quotes, delivery notes, fleet lists; Spanish and English), ${truth.length} questions with file/page/value truth,
${s1.unanswerable} of them unanswerable from the documents. Answered by \`docket ask\` (same code as the app, in-memory PGlite).

| figure | all | es | en | target |
|---|---|---|---|---|
| cited page correct within the top 3 | ${pct(s1.pageTop3)} | ${pct(byLang("es").pageTop3)} | ${pct(byLang("en").pageTop3)} | ≥ 90 % |
| answer states the true value | ${pct(s1.valueStated)} | ${pct(byLang("es").valueStated)} | ${pct(byLang("en").valueStated)} | ≥ 85 % |
| "not found" on unanswerable | ${pct(s1.notFound)} | ${pct(byLang("es").notFound)} | ${pct(byLang("en").notFound)} | ≥ 85 % |
| "not found" on answerable (false) | ${pct(s1.falseNotFound)} | ${pct(byLang("es").falseNotFound)} | ${pct(byLang("en").falseNotFound)} | — |

\`docket ask\` on the ${corpus.files.length} files (${corpus.pages} pages) with ${truth.length} questions: **${cliSeconds.toFixed(1)} s** wall (read + index + answer; target ≤ 120 s for ~1,500 pages / 200 questions).
`);
const evalOnly0 = process.argv.includes("--eval-only");
if (s1.misses.length && (evalOnly0 || process.argv.includes("--misses"))) log(`Misses (first ${s1.misses.length}):\n\n${s1.misses.map((m) => `- ${m.replace(/\n/g, " ")}`).join("\n")}\n`);

// —— 1b. held out: the same templates with another seed (other values, pages, names), and real e-invoices
{
  const heldDir = join(root, "held-out");
  const held = await makeCorpus({ dir: join(heldDir, "docs"), seed: 29 });
  const code2 = await runAsk(["--docs", join(heldDir, "docs"), "--questions", join(heldDir, "questions.csv"), "--out", join(heldDir, "answers.jsonl")], { stdout: sink, stderr: sink });
  if (code2 !== 0) throw new Error(`docket ask exited ${code2}`);
  const a2 = new Map<string, Answer>(readFileSync(join(heldDir, "answers.jsonl"), "utf8").trim().split("\n").map((l) => { const a = JSON.parse(l) as Answer; return [a.id, a]; }));
  const h = score(held.truth, a2);
  // real documents: ZUGFeRD / Factur-X PDFs, truth from the XML embedded in each
  const { execSync } = await import("node:child_process");
  const { embeddedXml, truthOf } = await import("./support/zugferd-truth");
  const realDir = join(root, "real");
  const { mkdirSync, copyFileSync } = await import("node:fs");
  mkdirSync(realDir, { recursive: true });
  const files = execSync("find /work/shared/corpora/zugferd -name '*.pdf' -path '*correct*'").toString().trim().split("\n").filter(Boolean);
  const byNumber = new Map<string, { file: string; t: NonNullable<ReturnType<typeof truthOf>> }[]>();
  for (const f of files) {
    try {
      const x = await embeddedXml(f);
      const t = x ? truthOf(x) : null;
      if (t) byNumber.set(t.number, [...(byNumber.get(t.number) ?? []), { file: f, t }]);
    } catch {
      // unreadable sample: left out
    }
  }
  const realTruth: Truth[] = [];
  let n = 0;
  for (const [num, list] of byNumber) {
    if (list.length !== 1) continue; // the same invoice number in several samples: ambiguous question
    const { file, t } = list[0];
    // the samples' embedded XML does not always match what the page shows: ask only about values the page shows
    const { processDocument } = await import("@/lib/extraction");
    let visible = "";
    try {
      visible = foldText((await processDocument(new Uint8Array(readFileSync(file)), { fileName: file, ocr: false })).text).replace(/\s+/g, " ");
    } catch {
      continue;
    }
    const shows = (forms: string[]) => forms.some((f) => visible.includes(foldText(f)));
    const dueForms = (iso: string) => [iso, `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`, `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`];
    if (t.total && !shows(amountForms(t.total))) t.total = null;
    if (t.due && !shows(dueForms(t.due))) t.due = null;
    if (t.seller && !shows([t.seller])) t.seller = null;
    if (!t.total && !t.due && !t.seller) continue;
    const name = `${++n}-${file.split("/").pop()}`;
    copyFileSync(file, join(realDir, name));
    if (t.total) realTruth.push({ id: `r${realTruth.length + 1}`, question: `What is the total amount of invoice ${num}?`, file: name, page: null, value: t.total, kind: "amount", lang: "en" });
    if (t.due) realTruth.push({ id: `r${realTruth.length + 1}`, question: `When is invoice ${num} due?`, file: name, page: null, value: t.due, kind: "date", lang: "en" });
    if (t.seller) realTruth.push({ id: `r${realTruth.length + 1}`, question: `Who is the seller of invoice ${num}?`, file: name, page: null, value: t.seller, kind: "name", lang: "en" });
  }
  writeFileSync(join(root, "real-questions.csv"), `id,question\n${realTruth.map((t) => `${t.id},"${t.question.replace(/"/g, '""')}"`).join("\n")}\n`);
  await runAsk(["--docs", realDir, "--questions", join(root, "real-questions.csv"), "--out", join(root, "real-answers.jsonl"), "--no-ocr"], { stdout: sink, stderr: sink });
  const a3 = new Map<string, Answer>(readFileSync(join(root, "real-answers.jsonl"), "utf8").trim().split("\n").map((l) => { const a = JSON.parse(l) as Answer; return [a.id, a]; }));
  const realScore = (kind?: string) => {
    const ts = realTruth.filter((t) => !kind || t.kind === kind);
    if (!ts.length) return "none asked";
    const ok = ts.filter((t) => score([{ ...t, page: 1 }], new Map([[t.id, a3.get(t.id)!]])).valueStated === 1).length;
    const onFile = ts.filter((t) => a3.get(t.id)!.citations[0]?.file === t.file).length;
    return `${pct(ok / ts.length)} value, ${pct(onFile / ts.length)} right file (${ts.length})`;
  };
  log(`### Held out

- **Same templates, another seed** (values, names, page placements differ; the rules were tuned on the set above, so this
  checks for over-fitting to its values, not to its templates): ${held.files.length} PDFs, ${held.pages} pages, ${held.truth.length} questions —
  page in top 3 ${pct(h.pageTop3)}, value stated ${pct(h.valueStated)}, "not found" on unanswerable ${pct(h.notFound)}, false "not found" ${pct(h.falseNotFound)}.
- **Real e-invoices** (ZUGFeRD/Factur-X samples from \`/work/shared/corpora/zugferd\`, German and English, never looked at while
  writing the rules except for German due/total/seller words added after a first look; truth from the XML embedded in each
  PDF where the page shows the same value; English questions on mostly German documents; ${n} PDFs with a unique invoice number): totals ${realScore("amount")}; due dates ${realScore("date")}; sellers ${realScore("name")}.
`);
}

const evalOnly = process.argv.includes("--eval-only");
// —— 2. scale: the evaluation set among 2,000 more documents
if (!evalOnly) {
  const database = await openDatabase({});
  await migrateDatabase(database);
  const db = database.db;
  const [ws] = await db.insert(workspaces).values({ name: "bench documents" }).returning();
  const blobs = localBlobStore(join(root, "blobs"));
  for (const f of corpus.files) await ingestLocalFile({ db, blobs }, { workspaceId: ws.id, file: { name: f, bytes: new Uint8Array(readFileSync(join(root, "docs", f))) } });
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const words = readFileSync(join(process.cwd(), "bench", "support", "documents-corpus.ts"), "utf8").match(/[A-Za-zÁÉÍÓÚáéíóúñÑ]{4,}/g)!;
  const vocab = [...new Set(words)];
  const page = () => {
    const lines: string[] = [];
    for (let l = 0; l < 24; l++) lines.push(Array.from({ length: 12 }, () => (rand() < 0.1 ? String(Math.floor(rand() * 100000)) : vocab[Math.floor(rand() * vocab.length)])).join(" "));
    return lines.join("\n");
  };
  let indexMs = 0;
  let pages = 0;
  for (let d = 0; d < SCALE_DOCS; d++) {
    const text = Array.from({ length: SCALE_PAGES }, page).join("\n\f");
    const [doc] = await db
      .insert(documents)
      .values({ workspaceId: ws.id, sha256: `scale-${d}`, filename: `archive-${d}.pdf`, contentType: "application/pdf", size: text.length, blobKey: `scale-${d}`, source: "api", status: "ready", text, pages: SCALE_PAGES })
      .returning({ id: documents.id });
    const t = performance.now();
    await indexDocument({ db, blobs }, { workspaceId: ws.id, documentId: doc.id });
    indexMs += performance.now() - t;
    pages += SCALE_PAGES;
    if (d % 200 === 199) console.error(`scale: ${d + 1} documents, ${(pages / (indexMs / 1000)).toFixed(0)} pages/s`);
  }
  const [{ n }] = rows<{ n: number }>(await db.execute(sql`select count(*)::int n from document_chunks where workspace_id = ${ws.id}`));
  const lat: number[] = [];
  const scaled = new Map<string, Answer>();
  for (const t of truth) {
    const a0 = performance.now();
    const a = await askQuestion(db, { workspaceId: ws.id, askedBy: null, question: t.question });
    lat.push(performance.now() - a0);
    scaled.set(t.id, { id: t.id, answer: a.answer, citations: a.citations.map((c) => ({ file: c.filename, page: c.page, quote: c.quote })) });
  }
  const s2 = score(truth, scaled);
  // the Documents page: searches (one box, ranked, snippets) and the filtered list with 20,000 documents
  const searchLat: number[] = [];
  for (const t of truth.slice(0, 60)) {
    const a0 = performance.now();
    await searchDocuments(db, { workspaceId: ws.id, query: t.question.replace(/[¿?]/g, ""), filters: {}, page: 1 });
    searchLat.push(performance.now() - a0);
  }
  const more = Math.max(0, 20_000 - (corpus.files.length + SCALE_DOCS));
  await db.execute(sql`insert into documents (id, workspace_id, sha256, filename, content_type, size, blob_key, source, status, created_at)
    select 'list-' || g, ${ws.id}, 'list-' || g, 'scan-' || g || '.pdf', 'application/pdf', 1000, 'list-' || g, 'upload', (array['ready','needs_review','failed'])[1 + g % 3], now() - (g || ' minutes')::interval
    from generate_series(1, ${more}) g`);
  const listLat: number[] = [];
  for (const f of [{}, { status: "needs_review" }, { kind: "policy" }, { from: "2020-01-01", to: "2030-01-01" }, { party: "Acme" }]) {
    for (const pg of [1, 20]) {
      const a0 = performance.now();
      await searchDocuments(db, { workspaceId: ws.id, query: null, filters: f, page: pg });
      listLat.push(performance.now() - a0);
    }
  }
  log(`### At scale

${corpus.files.length + SCALE_DOCS} documents, ${corpus.pages + pages} pages (${n} chunks) in one workspace, PGlite in memory. The ${SCALE_DOCS} extra documents
are ${SCALE_PAGES}-page texts written from the corpus's vocabulary (so every question's words also occur in them).

| figure | value | target |
|---|---|---|
| indexing (chunk, tsvector, term statistics, summary, key facts) | **${(pages / (indexMs / 1000)).toFixed(0)} pages/s** | ≥ 30 pages/s |
| time per question p50 / p95 (retrieve, rank, answer, save to history) | ${ms(quantile(lat, 0.5))} / **${ms(quantile(lat, 0.95))}** | p95 ≤ 300 ms |
| cited page within the top 3 / value stated / "not found" on unanswerable | ${pct(s2.pageTop3)} / ${pct(s2.valueStated)} / ${pct(s2.notFound)} | as above |
| Documents search box p50 / p95 (60 searches, ranked documents with snippets, page 1) | ${ms(quantile(searchLat, 0.5))} / ${ms(quantile(searchLat, 0.95))} | — |
| Documents list with ${(corpus.files.length + SCALE_DOCS + more).toLocaleString("en-US")} documents, filters and pages 1/20, p50 / max | ${ms(quantile(listLat, 0.5))} / ${ms(Math.max(...listLat))} | — |
`);
  await database.close();
}

// —— 3. alerts over 100,000 invoices; repeated runs; a run killed midway (PGlite on disk, child process, kill -9)
if (!evalOnly) {
  const dataDir = join(root, "alerts-db");
  const database = await openDatabase({ dataDir });
  await migrateDatabase(database);
  const db = database.db;
  const [ws] = await db.insert(workspaces).values({ name: "bench alerts" }).returning();
  await db.execute(sql`
    insert into documents (id, workspace_id, sha256, filename, content_type, size, blob_key, source, status)
    select 'd' || g, ${ws.id}, md5(g::text), 'inv-' || g || '.pdf', 'application/pdf', 1000, 'k' || g, 'upload', 'ready' from generate_series(1, ${INVOICES}) g`);
  await db.execute(sql`
    insert into invoices (id, workspace_id, document_id, page_start, page_end, status, invoice_number, invoice_number_norm, issue_date, due_date,
      vendor_name, currency, total, confidence, min_confidence, extractor, issues, duplicate_of_id)
    select 'i' || g, ${ws.id}, 'd' || g, 1, 1, (array['needs_review','ready','approved','rejected'])[1 + g % 4], 'INV-' || g, g::text,
      date '2026-01-01' + (g % 200), date '2026-02-01' + (g % 200), 'Vendor ' || (g % 500), 'EUR', (g % 10000) * 1.5, '{}'::jsonb, 0.9, 'offline',
      case when g % 50 = 0 then '[{"field":"dueDate","code":"missing","message":"dueDate was not found"}]'::jsonb else '[]'::jsonb end,
      case when g % 97 = 0 then 'i' || (g - 1) else null end
    from generate_series(1, ${INVOICES}) g`);
  const now = new Date("2026-04-15T08:00:00Z");
  const t = performance.now();
  const first = await evaluateAlerts(db, { workspaceId: ws.id, now });
  const evalMs = performance.now() - t;
  const t2 = performance.now();
  const again = [await evaluateAlerts(db, { workspaceId: ws.id, now }), await evaluateAlerts(db, { workspaceId: ws.id, now })];
  const againMs = (performance.now() - t2) / 2;
  await database.close();
  // a run in another process, killed while it evaluates; then a full run again
  const child = spawn(process.execPath, ["--import", "tsx", "-e", `
    const { openDatabase } = await import("@/db/client");
    const { evaluateAlerts } = await import("@/services/alerts/evaluate-alerts");
    const d = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
    console.log("started");
    for (;;) await evaluateAlerts(d.db, { workspaceId: ${JSON.stringify(ws.id)}, now: new Date("2026-04-20T08:00:00Z") });
  `], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout!.on("data", (b: Buffer) => b.toString().includes("started") && resolve()));
  await new Promise((r) => setTimeout(r, 1500));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  const reopened = await openDatabase({ dataDir });
  const after = await evaluateAlerts(reopened.db, { workspaceId: ws.id, now: new Date("2026-04-20T08:00:00Z") });
  const [dup] = rows<{ total: number; distinct_keys: number }>(await reopened.db.execute(sql`select count(*)::int total, count(distinct key)::int distinct_keys from alerts where workspace_id = ${ws.id}`));
  await reopened.close();
  log(`### Alerts

${INVOICES.toLocaleString("en-US")} invoices (due dates over 200 days, 2 % missing a field, 1 % duplicates), PGlite on disk, all rules on.

| figure | value | target |
|---|---|---|
| first evaluation (raises ${first.total.toLocaleString("en-US")} alerts) | **${(evalMs / 1000).toFixed(2)} s** | ≤ 5 s |
| repeated evaluation (nothing new: ${again.map((a) => a.total).join(", ")} raised) | ${(againMs / 1000).toFixed(2)} s | — |
| after a run killed with SIGKILL midway (new date, ${after.total} raised on the rerun) | ${dup.total} alerts, ${dup.distinct_keys} distinct conditions → **${dup.total - dup.distinct_keys} duplicates** | 0 |
`);
}

if (!evalOnly) writeFileSync(join(process.cwd(), "docs", "bench", "documents.md"), `${out.join("\n")}\n`);
console.log("wrote docs/bench/documents.md");
