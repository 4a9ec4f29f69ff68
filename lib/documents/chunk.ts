// Cut a document's pages into passages: paragraphs (long ones split at sentence ends), table rows and field
// groups. Every chunk keeps its page and its exact character span in that page's text, so a citation can quote
// it verbatim and the viewer can highlight it.

export interface PageText {
  page: number;
  text: string;
}

export interface Chunk {
  page: number;
  ord: number;
  start: number;
  end: number;
  kind: "paragraph" | "row" | "field";
  text: string;
  /** A table row's header row: indexed with the row (so "VIN of plate X" finds the row), not part of its text. */
  context?: string;
}

const MAX = 700;
const MIN = 80;

/** A line that looks like a table row: three or more cells separated by runs of spaces or tabs. */
export function isTableRow(line: string): boolean {
  return line.split(/\t| {2,}/).filter((c) => c.trim()).length >= 3;
}

function splitLong(text: string, offset: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = 0;
  while (text.length - from > MAX) {
    const window = text.slice(from, from + MAX);
    let cut = -1;
    for (const m of window.matchAll(/[.;:!?](\s+)(?=\S)/g)) if ((m.index ?? 0) > MAX / 3) cut = (m.index ?? 0) + 1;
    if (cut < 0) cut = window.lastIndexOf(" ") > MAX / 3 ? window.lastIndexOf(" ") : MAX;
    out.push({ start: offset + from, end: offset + from + cut });
    from += cut;
    while (from < text.length && /\s/.test(text[from])) from++;
  }
  if (from < text.length) out.push({ start: offset + from, end: offset + text.length });
  return out;
}

/** Chunks of one page of text. Spans index into `text`. */
export function chunkPage(p: PageText, kindOfLines: "text" | "rows" = "text"): Omit<Chunk, "ord">[] {
  const out: Omit<Chunk, "ord">[] = [];
  const lines: { start: number; end: number; text: string }[] = [];
  let at = 0;
  for (const raw of p.text.split("\n")) {
    lines.push({ start: at, end: at + raw.length, text: raw });
    at += raw.length + 1;
  }
  let para: { start: number; end: number } | null = null;
  let header: string | null = null;
  const flush = () => {
    if (!para) return;
    const text = p.text.slice(para.start, para.end);
    for (const s of splitLong(text, para.start)) {
      const t = p.text.slice(s.start, s.end).trimEnd();
      if (t.trim()) out.push({ page: p.page, start: s.start, end: s.start + t.length, kind: "paragraph", text: t });
    }
    para = null;
  };
  for (const l of lines) {
    const blank = !l.text.trim();
    // a short line with a figure right under a table (a row whose other cells are empty: "04.04.2018" under
    // "Beschreibung  Fälligkeit  Teilzahlung") is a row of that table too
    const row = kindOfLines === "rows" || isTableRow(l.text) || (header !== null && !blank && l.text.trim().length <= 40 && /\d/.test(l.text));
    if (!row && !blank) header = null;
    if (blank) {
      if (para && para.end - para.start >= MIN) flush();
      continue;
    }
    if (row) {
      flush();
      const lead = l.text.length - l.text.trimStart().length;
      out.push({ page: p.page, start: l.start + lead, end: l.start + l.text.trimEnd().length, kind: "row", text: l.text.trim(), ...(header ? { context: header } : {}) });
      header ??= l.text.trim();
      continue;
    }
    if (para && l.end - para.start > MAX && para.end - para.start >= MIN) flush();
    if (!para) {
      const lead = l.text.length - l.text.trimStart().length;
      para = { start: l.start + lead, end: l.end };
    } else para.end = l.end;
  }
  flush();
  return out;
}

/** Chunks of a whole document, numbered in reading order. */
export function chunkDocument(pages: PageText[], opts: { rows?: boolean } = {}): Chunk[] {
  return pages.flatMap((p) => chunkPage(p, opts.rows ? "rows" : "text")).map((c, ord) => ({ ...c, ord }));
}

/** Split the text stored on a document (pages joined by "\n\f", as the reader writes it) back into pages. */
export function splitPages(text: string): PageText[] {
  return text.split("\n\f").map((t, i) => ({ page: i + 1, text: t }));
}
