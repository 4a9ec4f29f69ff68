/**
 * docket ask --docs <folder> (--questions <questions.csv> --out <answers.jsonl> | --question "…") [--no-ocr] [--visual-only]
 *
 * Indexes every file of the folder once (same code as the app: read, index, in an in-memory database) and answers
 * each question offline: one JSON line per question {"id","question","answer","citations":[{"file","page","quote"}]}
 * — `file` is the file's path as found under the folder, pages 1-based. The CSV needs the columns id,question.
 * A file that cannot be read is reported by name and skipped; the others are still indexed. --visual-only reads
 * e-invoices (ZUGFeRD/Factur-X) by their page alone, as any other PDF, without the XML embedded in them.
 */
import { mkdtempSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import Papa from "papaparse";
import { migrateDatabase, openDatabase } from "@/db/client";
import { workspaces } from "@/db/schema";
import { localBlobStore } from "@/lib/blob";
import { terminateOcr } from "@/lib/extraction";
import { askQuestion } from "@/services/documents/ask-question";
import { ingestLocalFile } from "@/services/documents/ingest-local-file";
import type { CliIo } from "./extract";
import { UsageError } from "./usage";

const USAGE = `usage: docket ask --docs <folder> --questions <questions.csv> --out <answers.jsonl>
       docket ask --docs <folder> --question "When does the policy expire?"
  questions.csv has the columns id,question; one JSON line per question is written to --out
  --no-ocr: no OCR of scanned pages; --visual-only: read e-invoices by their page only, not their embedded XML`;

function parseArgs(argv: string[]) {
  const o: { docs?: string; questions?: string; out?: string; question?: string; ocr: boolean; einvoice: boolean } = { ocr: true, einvoice: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "ask" && i === 0) continue;
    if (a === "--help" || a === "-h") throw new UsageError("");
    if (a === "--no-ocr") {
      o.ocr = false;
      continue;
    }
    if (a === "--visual-only") {
      o.einvoice = false;
      continue;
    }
    const m = /^--(docs|questions|out|question)(?:=(.*))?$/.exec(a);
    if (!m) throw new UsageError(`unknown argument "${a}"`);
    const v = m[2] ?? argv[++i];
    if (v === undefined || (v.startsWith("--") && m[1] !== "question")) throw new UsageError(`--${m[1]} needs a value`);
    o[m[1] as "docs"] = v;
  }
  if (!o.docs) throw new UsageError("--docs <folder> is required");
  if (!o.question && !o.questions) throw new UsageError("give --questions <file.csv> (with --out) or --question \"…\"");
  if (o.questions && !o.out) throw new UsageError("--out <answers.jsonl> is required with --questions");
  return o as typeof o & { docs: string };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile() && !e.name.startsWith(".")) out.push(p);
  }
  return out.sort();
}

export function readQuestions(csv: string, name: string): { id: string; question: string }[] {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes("id") || !fields.includes("question")) throw new UsageError(`${name}: needs the columns id,question (found: ${fields.join(",") || "none"})`);
  const out: { id: string; question: string }[] = [];
  parsed.data.forEach((r, i) => {
    if (!r.question?.trim()) throw new UsageError(`${name}, row ${i + 2}: the question is empty`);
    out.push({ id: String(r.id ?? "").trim(), question: r.question.trim() });
  });
  return out;
}

export async function runAsk(argv: string[], io: CliIo = process): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  let questions: { id: string; question: string }[];
  try {
    opts = parseArgs(argv);
    questions = opts.question ? [{ id: "1", question: opts.question }] : readQuestions(await readFile(opts.questions!, "utf8"), opts.questions!);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message ? `${err.message}\n` : ""}${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const database = await openDatabase({});
  let failed = 0;
  try {
    await migrateDatabase(database);
    const db = database.db;
    const [ws] = await db.insert(workspaces).values({ name: "docket ask" }).returning();
    const blobs = localBlobStore(mkdtempSync(join(tmpdir(), "docket-ask-")));
    let files: string[];
    try {
      files = await filesUnder(opts.docs);
    } catch {
      io.stderr.write(`${opts.docs}: folder not found\n`);
      return 2;
    }
    const t0 = performance.now();
    let pages = 0;
    for (const f of files) {
      const name = relative(opts.docs, f);
      try {
        const r = await ingestLocalFile({ db, blobs }, { workspaceId: ws.id, file: { name, bytes: new Uint8Array(await readFile(f)) }, ocr: opts.ocr, einvoice: opts.einvoice });
        if ("pages" in r.indexed) pages += r.indexed.pages;
      } catch (err) {
        failed++;
        io.stderr.write(`${name}: ${(err as Error).message} — skipped\n`);
      }
    }
    io.stderr.write(`indexed ${files.length - failed} of ${files.length} file(s), ${pages} page(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const lines: string[] = [];
    for (const q of questions) {
      const a = await askQuestion(db, { workspaceId: ws.id, askedBy: null, question: q.question, record: false });
      lines.push(JSON.stringify({ id: q.id, question: q.question, answer: a.answer, citations: a.citations.map((c) => ({ file: c.filename, page: c.page, quote: c.quote })) }));
    }
    if (opts.question) io.stdout.write(`${lines[0]}\n`);
    else {
      await writeFile(opts.out!, lines.length ? `${lines.join("\n")}\n` : "");
      io.stdout.write(`${questions.length} answer(s) written to ${opts.out}\n`);
    }
  } finally {
    await database.close();
    await terminateOcr().catch(() => {});
  }
  return failed ? 1 : 0;
}
