import { inflateSync } from "fflate";
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

// ———————————————————————————————————————————————————————————— TIFF scans for tests

export interface GrayPage {
  gray: Uint8Array;
  width: number;
  height: number;
  compression: "none" | "packbits";
  /** Rows per strip (several strips exercise the offset tables). */
  rowsPerStrip?: number;
}

function packbits(row: Uint8Array): Uint8Array {
  // literal runs only (valid PackBits; what matters is that the reader decompresses it)
  const out: Uint8Array[] = [];
  for (let i = 0; i < row.length; i += 128) {
    const chunk = row.subarray(i, i + 128);
    out.push(Uint8Array.of(chunk.length - 1), chunk);
  }
  return new Uint8Array(Buffer.concat(out));
}

/** A multi-page 8-bit grayscale TIFF as a scanner writes it: one directory per page, strips, optional PackBits. */
export function encodeTiff(pages: GrayPage[], little = true): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 8;
  const push = (b: Uint8Array) => {
    if (size % 2) {
      parts.push(new Uint8Array(1));
      size++;
    }
    const at = size;
    parts.push(b);
    size += b.length;
    return at;
  };
  const ifdOffsets: number[] = [];
  const ifds: Array<{ at: number; buf: Uint8Array }> = [];
  for (const p of pages) {
    const rps = p.rowsPerStrip ?? p.height;
    const strips: Uint8Array[] = [];
    for (let y = 0; y < p.height; y += rps) {
      const raw = p.gray.subarray(y * p.width, Math.min(p.height, y + rps) * p.width);
      if (p.compression === "none") strips.push(raw);
      else {
        const rows: Uint8Array[] = [];
        for (let r = 0; r * p.width < raw.length; r++) rows.push(packbits(raw.subarray(r * p.width, (r + 1) * p.width)));
        strips.push(new Uint8Array(Buffer.concat(rows)));
      }
    }
    const stripAt = strips.map(push);
    const u32s = (xs: number[]) => {
      const b = new Uint8Array(xs.length * 4);
      xs.forEach((x, i) => new DataView(b.buffer).setUint32(i * 4, x, little));
      return b;
    };
    const offsAt = strips.length > 1 ? push(u32s(stripAt)) : stripAt[0];
    const lensAt = strips.length > 1 ? push(u32s(strips.map((s) => s.length))) : strips[0].length;
    const entries: Array<[number, number, number, number]> = [
      [256, 4, 1, p.width],
      [257, 4, 1, p.height],
      [258, 3, 1, 8],
      [259, 3, 1, p.compression === "none" ? 1 : 32773],
      [262, 3, 1, 1],
      [273, 4, strips.length, offsAt],
      [277, 3, 1, 1],
      [278, 4, 1, rps],
      [279, 4, strips.length, lensAt],
    ];
    const buf = new Uint8Array(2 + entries.length * 12 + 4);
    const dv = new DataView(buf.buffer);
    dv.setUint16(0, entries.length, little);
    entries.forEach(([tag, type, count, value], i) => {
      const o = 2 + i * 12;
      dv.setUint16(o, tag, little);
      dv.setUint16(o + 2, type, little);
      dv.setUint32(o + 4, count, little);
      if (type === 3 && count === 1) dv.setUint16(o + 8, value, little);
      else dv.setUint32(o + 8, value, little);
    });
    const at = push(buf);
    ifdOffsets.push(at);
    ifds.push({ at, buf });
  }
  // chain the directories
  ifds.forEach((d, i) => new DataView(d.buf.buffer).setUint32(d.buf.length - 4, ifdOffsets[i + 1] ?? 0, little));
  const head = new Uint8Array(8);
  const hv = new DataView(head.buffer);
  head.set(little ? [0x49, 0x49] : [0x4d, 0x4d]);
  hv.setUint16(2, 42, little);
  hv.setUint32(4, ifdOffsets[0], little);
  const out = new Uint8Array(size);
  out.set(head);
  let o = 8;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Gray pixels of a PNG written by the OCR module's encoder (filter 0 on every row). */
export function pngGray(png: Uint8Array) {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  const idat: Uint8Array[] = [];
  for (let off = 8; off < png.length; ) {
    const len = dv.getUint32(off);
    if (String.fromCharCode(...png.subarray(off + 4, off + 8)) === "IDAT") idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const z = Buffer.concat(idat);
  const raw = inflateSync(z.subarray(2, z.length - 4));
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) gray.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  return { gray, width, height };
}
