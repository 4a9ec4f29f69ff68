// Rebuild reading order from positioned text: items → lines (by y) → segments (runs of items with small gaps).

import type { PdfPage, TextItem } from "./types";

export interface Segment {
  text: string;
  x: number;
  /** Right edge. */
  x2: number;
  y: number;
  height: number;
}

export interface Line {
  page: number;
  /** Index of the line on its page, top to bottom. */
  index: number;
  y: number;
  height: number;
  segments: Segment[];
  text: string;
}

const linesCache = new WeakMap<PdfPage, Line[]>();

/** Group items into lines, then merge neighbours on a line whose gap is smaller than ~1 character into segments. */
export function pageLines(page: PdfPage): Line[] {
  let lines = linesCache.get(page);
  if (!lines) {
    lines = buildLines(page);
    linesCache.set(page, lines);
  }
  return lines;
}

function buildLines(page: PdfPage): Line[] {
  const items = page.items.filter((i) => i.str.trim()).slice();
  items.sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2) || a.x - b.x);
  const groups: TextItem[][] = [];
  let cur: TextItem[] = [];
  let curMid = -Infinity;
  let curH = 0;
  for (const it of items) {
    const mid = it.y + it.height / 2;
    if (cur.length && Math.abs(mid - curMid) <= Math.max(2, Math.min(curH, it.height) * 0.45)) {
      cur.push(it);
      curMid = (curMid * (cur.length - 1) + mid) / cur.length;
      curH = Math.max(curH, it.height);
    } else {
      if (cur.length) groups.push(cur);
      cur = [it];
      curMid = mid;
      curH = it.height;
    }
  }
  if (cur.length) groups.push(cur);

  return groups.map((g, index) => {
    g.sort((a, b) => a.x - b.x);
    const segments: Segment[] = [];
    for (const it of g) {
      const last = segments[segments.length - 1];
      const charW = Math.max(2, (it.height || 10) * 0.5);
      const gap = last ? it.x - last.x2 : Infinity;
      if (last && gap < charW * 1.6) {
        const sep = gap > charW * 0.15 && !last.text.endsWith(" ") && !it.str.startsWith(" ") ? " " : "";
        last.text += sep + it.str;
        last.x2 = Math.max(last.x2, it.x + it.width);
        last.height = Math.max(last.height, it.height);
      } else {
        segments.push({ text: it.str, x: it.x, x2: it.x + it.width, y: it.y, height: it.height });
      }
    }
    // a no-break or thin space between digit groups ("1\u202f234,50") only ever groups digits: it is kept (as U+202F)
    // so the amount stays one number; any other run of white space becomes one space
    for (const s of segments) s.text = s.text.replace(/(?<=\d)[\u00a0\u202f\u2009\u2007](?=\d{3}(?!\d))/g, "\u202f").replace(/[^\S\u202f]+/g, " ").trim();
    const y = Math.min(...g.map((i) => i.y));
    const height = Math.max(...g.map((i) => i.height));
    return { page: page.page, index, y, height, segments: segments.filter((s) => s.text), text: segments.map((s) => s.text).join("  ").trim() };
  });
}

/** Plain text of a page in reading order (segments separated by two spaces). */
export function pageText(page: PdfPage): string {
  return pageLines(page)
    .map((l) => l.text)
    .join("\n");
}

/** Strip accents and lower-case, for label matching. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase();
}

/** Letter-spaced words set as titles ("I N V O I C E", "F A C T U R E") closed up; other text unchanged. */
export function closeLetterSpacing(s: string): string {
  return s.replace(/(?<![\p{L}\d])\p{L}(?: \p{L}){3,}(?![\p{L}\d])/gu, (m) => m.replace(/ /g, ""));
}

/** foldKeep's answer per UTF-16 unit (-1: not looked up yet): the first unit of fold(unit), or a space if none. */
const FOLD_KEEP_UNIT = new Int32Array(0x10000).fill(-1);
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * Fold keeping one character per input character, so match positions map back onto the original text: each UTF-16
 * unit folded alone (its first unit kept; one that folds to nothing, a lone combining mark, becomes a space). The reader
 * folds every line many times over, so each unit's fold is looked up once per process, and ASCII text is lower-cased
 * whole (what folding an ASCII character alone gives).
 */
export function foldKeep(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toLowerCase();
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let k = FOLD_KEEP_UNIT[c];
    if (k < 0) {
      const f = fold(s[i]);
      k = FOLD_KEEP_UNIT[c] = f.length ? f.charCodeAt(0) : 32;
    }
    out += String.fromCharCode(k);
  }
  return out;
}

