import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { runAsk } from "./ask";

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } };
};

async function pdf(pages: string[][]) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const p = doc.addPage([595, 842]);
    lines.forEach((l, i) => p.drawText(l, { x: 50, y: 780 - i * 16, size: 11, font }));
  }
  return Buffer.from(await doc.save());
}

describe("docket ask", () => {
  it("indexes a folder once and writes one JSON line per question, with file, 1-based page and quote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ask-"));
    mkdirSync(join(dir, "docs", "2025"), { recursive: true });
    writeFileSync(join(dir, "docs", "2025", "poliza.pdf"), await pdf([["PÓLIZA DE SEGURO", "Póliza número: AUT-1"], ["Condiciones", "Fin de vigencia: 31/03/2026"]]));
    writeFileSync(join(dir, "q.csv"), 'id,question\na1,"¿Cuándo vence la póliza?"\na2,What is the wifi password of the office?\n');
    const t = io();
    const code = await runAsk(["ask", "--docs", join(dir, "docs"), "--questions", join(dir, "q.csv"), "--out", join(dir, "a.jsonl")], t.io);
    expect(code).toBe(0);
    const lines = readFileSync(join(dir, "a.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(["id", "question", "answer", "citations"]);
    expect(lines[0].answer).toContain("2026-03-31");
    expect(Object.keys(lines[0].citations[0])).toEqual(["file", "page", "quote"]);
    expect(lines[0].citations[0]).toMatchObject({ file: join("2025", "poliza.pdf"), page: 2 });
    expect(lines[0].citations[0].quote).toContain("Fin de vigencia: 31/03/2026");
    expect(lines[1]).toEqual({ id: "a2", question: "What is the wifi password of the office?", answer: "Not found in your documents.", citations: [] });
  });

  it("answers --question on stdout and names a bad CSV", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ask-"));
    writeFileSync(join(dir, "inv.pdf"), await pdf([["INVOICE", "Invoice No: INV-77", "Total due: $1,240.50"]]));
    const t = io();
    expect(await runAsk(["--docs", dir, "--question", "What is the total due on invoice INV-77?"], t.io)).toBe(0);
    expect(JSON.parse(t.out.join(""))).toMatchObject({ id: "1", citations: [{ file: "inv.pdf", page: 1 }] });
    expect(JSON.parse(t.out.join("")).answer).toContain("1,240.50");
    writeFileSync(join(dir, "bad.csv"), "number,text\n1,hello\n");
    const b = io();
    expect(await runAsk(["--docs", dir, "--questions", join(dir, "bad.csv"), "--out", join(dir, "x.jsonl")], b.io)).toBe(2);
    expect(b.err.join("")).toMatch(/bad\.csv: needs the columns id,question/);
  });
});
