// Helpers for tests: load a committed fixture and its ground truth; build pages from plain lines.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Truth } from "./fixtures/generate";
import { extractPdfPages } from "./pdf";
import type { PdfPage, TextItem } from "./types";

export const fixturesDir = join(import.meta.dirname, "fixtures");

export async function loadFixture(name: string, set: "text" | "scanned" = "text") {
  const data = new Uint8Array(readFileSync(join(fixturesDir, set, `${name}.pdf`)));
  const truth = JSON.parse(readFileSync(join(fixturesDir, set, `${name}.json`), "utf8")) as Truth;
  return { data, truth, pages: set === "text" ? await extractPdfPages(data, { fileName: `${name}.pdf` }) : [] };
}

/** A page from rows of [x, text] cells; each row is one line 14pt below the previous. Size 10 unless given. */
export function pageFromRows(rows: ([number, string] | [number, string, number])[][], page = 1): PdfPage {
  const items: TextItem[] = [];
  rows.forEach((row, i) => {
    for (const [x, str, size = 10] of row) items.push({ str, x, y: 40 + i * 14, width: str.length * size * 0.5, height: size });
  });
  return { page, width: 595, height: 842, items, hasText: items.length > 0 };
}
