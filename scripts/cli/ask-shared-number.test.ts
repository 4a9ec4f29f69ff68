import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAsk } from "./ask";

// Two real ZUGFeRD samples both numbered 471102 (a 2013 invoice of 235.62 EUR and a 2018 partial invoice of
// 197.65 EUR): asked across both, the offline answer says the number is ambiguous and gives each one's value —
// it answered with one of them silently before.
const CORPUS = "/work/shared/corpora/zugferd";
const A = join(CORPUS, "ZUGFeRDv1/correct/Intarsys/ZUGFeRD_1p0_BASIC_Einfach.pdf");
const B = join(CORPUS, "ZUGFeRDv2/correct/intarsys/EN16931/zugferd_2p0_EN16931_1_Teilrechnung.pdf");

describe("docket ask on real PDFs that share an invoice number", () => {
  it.skipIf(!existsSync(A) || !existsSync(B))("calls the number ambiguous and gives both totals, each with its file", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ask-shared-")), "docs");
    mkdirSync(dir);
    copyFileSync(A, join(dir, "einfach-2013.pdf"));
    copyFileSync(B, join(dir, "teilrechnung-2018.pdf"));
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => {} } };
    expect(await runAsk(["--docs", dir, "--question", "What is the total amount of invoice 471102?", "--no-ocr"], io)).toBe(0);
    const a = JSON.parse(out.join("").trim().split("\n").at(-1)!) as { answer: string; citations: { file: string }[] };
    expect(a.answer).toMatch(/^Ambiguous: .* 2 documents/);
    expect(a.answer).toContain("235.62");
    expect(a.answer).toContain("197.65");
    expect(new Set(a.citations.map((c) => c.file))).toEqual(new Set(["einfach-2013.pdf", "teilrechnung-2018.pdf"]));
  }, 120_000);
});
