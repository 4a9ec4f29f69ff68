/**
 * Questions on real e-invoices (the ZUGFeRD/Factur-X samples in /work/shared/corpora/zugferd), built by this script
 * from the XML embedded in each PDF — never written by hand: "What is the total amount of invoice X?", "When is
 * invoice X due?", "When was invoice X issued?", "Who is the seller of invoice X?", "Who is the buyer of invoice X?",
 * asked only where the page itself shows the XML's value. Split by producer exactly as bench/invoices-real.ts does
 * (decided up front): rules may be tuned on the tuned producers only; the held-out ones are reported, never studied.
 * Samples that share an invoice number go to different folders, so every question names one invoice; each folder
 * is answered by `docket ask` (same code as the app) across all its documents.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { processDocument } from "@/lib/extraction";
import { foldText } from "@/lib/documents/text";
import { runAsk } from "@/scripts/cli/ask";
import type { Truth } from "./documents-corpus";
import { amountForms, type Answer } from "./documents-score";
import { embeddedXml, PRODUCERS, truthOf } from "./zugferd-truth";

export { PRODUCERS };

const CORPUS = process.env.DOCKET_ZUGFERD_CORPUS ?? "/work/shared/corpora/zugferd";


export type RealKind = "total" | "due" | "issued" | "seller" | "buyer";
export interface RealTruth extends Truth {
  part: "tuned" | "heldout";
  producer: string;
  field: RealKind;
  /** Folder (workspace) the file was put in. */
  group: number;
  source: string;
}

function pdfsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? pdfsUnder(p) : /\.pdf$/i.test(f) ? [p] : [];
    })
    .sort();
}

const flat = (s: string) => foldText(s).replace(/\s+/g, " ");
const dateForms = (iso: string) => [iso, `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`, `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`];

/** Build the set in `dir` (one sub-folder per group of files with distinct invoice numbers). */
export async function makeRealSet(dir: string, parts: ("tuned" | "heldout")[] = ["tuned", "heldout"]) {
  const groups: Set<string>[] = [];
  const truth: RealTruth[] = [];
  let files = 0;
  for (const p of PRODUCERS) {
    if (!parts.includes(p.part)) continue;
    for (const folder of p.folders) {
      for (const file of pdfsUnder(join(CORPUS, folder))) {
        let t: ReturnType<typeof truthOf> = null;
        let visible = "";
        try {
          const x = await embeddedXml(file);
          t = x ? truthOf(x) : null;
          if (!t) continue;
          visible = flat((await processDocument(new Uint8Array(readFileSync(file)), { contentType: "application/pdf", fileName: file, ocr: false })).text);
        } catch {
          continue; // unreadable sample: left out
        }
        // ask only about what the page shows (the samples' XML and print do not always agree)
        const shows = (forms: string[]) => forms.some((f) => visible.includes(flat(f)));
        const asked: [RealKind, string | null, Truth["kind"], string][] = [
          ["total", t.total && shows(amountForms(t.total)) ? t.total : null, "amount", `What is the total amount of invoice ${t.number}?`],
          ["due", t.due && shows(dateForms(t.due)) ? t.due : null, "date", `When is invoice ${t.number} due?`],
          ["issued", t.issued && shows(dateForms(t.issued)) ? t.issued : null, "date", `What is the date of invoice ${t.number}?`],
          ["seller", t.seller && shows([t.seller]) ? t.seller : null, "name", `Who is the seller of invoice ${t.number}?`],
          ["buyer", t.buyer && shows([t.buyer]) ? t.buyer : null, "name", `Who is the buyer of invoice ${t.number}?`],
        ];
        if (!asked.some((a) => a[1])) continue;
        let g = groups.findIndex((s) => !s.has(t.number));
        if (g < 0) g = groups.push(new Set()) - 1;
        groups[g].add(t.number);
        const name = `${++files}-${file.split("/").pop()}`;
        mkdirSync(join(dir, `g${g + 1}`), { recursive: true });
        copyFileSync(file, join(dir, `g${g + 1}`, name));
        for (const [field, value, kind, question] of asked) {
          if (!value) continue;
          truth.push({ id: `r${truth.length + 1}`, question, file: name, page: null, value, kind, lang: "en", part: p.part, producer: p.producer, field, group: g + 1, source: relative(CORPUS, file) });
        }
      }
    }
  }
  return { groups: groups.length, files, truth };
}

/** The value the answer states (before its quote) is the truth's: amounts in any usual writing, dates ISO, names folded. */
export function statesValue(t: RealTruth, a: Answer): boolean {
  const head = flat(a.answer.split(" — “")[0]);
  if (!a.citations.length || head.startsWith("“")) return false;
  if (t.kind === "amount") return amountForms(t.value!).some((x) => new RegExp(`(^|[^\\d.,])${flat(x).replace(/[.$]/g, "\\$&")}($|[^\\d])`).test(head));
  if (t.kind === "date") return head.includes(t.value!);
  const want = flat(t.value!).replace(/[^a-z0-9 ]/g, "").trim();
  const got = head.replace(/[^a-z0-9 ]/g, "").trim();
  return got.includes(want) || (got.length >= 0.6 * want.length && want.includes(got));
}

/** Answer every group's questions with `docket ask`; returns the answers by question id. */
export async function answerRealSet(dir: string, truth: RealTruth[], sink: { write(s: string): void }, o: { einvoice: boolean } = { einvoice: true }) {
  const answers = new Map<string, Answer>();
  const groups = [...new Set(truth.map((t) => t.group))];
  for (const g of groups) {
    const qs = truth.filter((t) => t.group === g);
    const csv = join(dir, `g${g}.csv`);
    writeFileSync(csv, `id,question\n${qs.map((t) => `${t.id},"${t.question.replace(/"/g, '""')}"`).join("\n")}\n`);
    const code = await runAsk(["--docs", join(dir, `g${g}`), "--questions", csv, "--out", join(dir, `g${g}.jsonl`), "--no-ocr", ...(o.einvoice ? [] : ["--visual-only"])], { stdout: sink, stderr: sink });
    if (code !== 0) throw new Error(`docket ask exited ${code} on group ${g}`);
    for (const l of readFileSync(join(dir, `g${g}.jsonl`), "utf8").trim().split("\n")) {
      const a = JSON.parse(l) as Answer;
      answers.set(a.id, a);
    }
  }
  return answers;
}

export function scoreReal(truth: RealTruth[], answers: Map<string, Answer>) {
  const by = (ts: RealTruth[]) => ({
    n: ts.length,
    value: ts.filter((t) => statesValue(t, answers.get(t.id)!)).length / Math.max(1, ts.length),
    file: ts.filter((t) => answers.get(t.id)!.citations[0]?.file === t.file).length / Math.max(1, ts.length),
  });
  const fields: RealKind[] = ["total", "due", "issued", "seller", "buyer"];
  const part = (p: "tuned" | "heldout") => {
    const ts = truth.filter((t) => t.part === p);
    return { all: by(ts), fields: Object.fromEntries(fields.map((f) => [f, by(ts.filter((t) => t.field === f))])) as Record<RealKind, ReturnType<typeof by>>, docs: new Set(ts.map((t) => t.file)).size };
  };
  return { tuned: part("tuned"), heldout: part("heldout") };
}
