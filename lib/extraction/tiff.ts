/**
 * Multi-page TIFF (what office scanners and fax servers send): split into one standalone TIFF per page, so each
 * page is read by OCR on its own (the OCR engine reads only the first image of a file). Pixel data is copied as
 * stored — any compression the page uses (LZW, PackBits, CCITT G3/G4, Deflate) travels with it untouched.
 */
import { ExtractionError } from "./errors";

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 };
/** Tags whose values point at data elsewhere in the file, paired with the tag holding those data's lengths. */
const DATA_TAGS: Record<number, number> = { 273: 279, 324: 325 }; // StripOffsets/StripByteCounts, TileOffsets/TileByteCounts
const MAX_PAGES = 500;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The value bytes (inline or out of line), in the file's byte order. */
  bytes: Uint8Array;
}

export interface TiffPage {
  data: Uint8Array;
  width: number;
  height: number;
}

export function tiffPages(file: Uint8Array, name = "the file"): TiffPage[] {
  const bad = (why: string) => new ExtractionError(`${name} is not a readable TIFF (${why}); scan it again or save it as PDF.`, "unsupported");
  if (file.length < 8) throw bad("too short");
  const little = file[0] === 0x49 && file[1] === 0x49;
  if (!little && !(file[0] === 0x4d && file[1] === 0x4d)) throw bad("no TIFF header");
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const u16 = (o: number) => dv.getUint16(o, little);
  const u32 = (o: number) => dv.getUint32(o, little);
  if (u16(2) !== 42) throw bad(u16(2) === 43 ? "BigTIFF is not supported" : "wrong magic number");
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0) {
    if (seen.has(ifd) || pages.length >= MAX_PAGES) throw bad(seen.has(ifd) ? "its pages loop" : `more than ${MAX_PAGES} pages`);
    seen.add(ifd);
    if (ifd + 2 > file.length) throw bad("a page directory lies outside the file");
    const n = u16(ifd);
    if (ifd + 2 + n * 12 + 4 > file.length) throw bad("a page directory is cut off");
    const entries: Entry[] = [];
    for (let i = 0; i < n; i++) {
      const p = ifd + 2 + i * 12;
      const tag = u16(p);
      const type = u16(p + 2);
      const count = u32(p + 4);
      const size = (TYPE_SIZE[type] ?? 1) * count;
      const at = size <= 4 ? p + 8 : u32(p + 8);
      if (at + size > file.length) throw bad(`tag ${tag} points outside the file`);
      entries.push({ tag, type, count, bytes: file.subarray(at, at + size) });
    }
    pages.push(writePage(entries, little, file, bad));
    ifd = u32(ifd + 2 + n * 12);
  }
  if (!pages.length) throw bad("no pages");
  return pages;
}

function readUints(e: Entry, little: boolean): number[] {
  const dv = new DataView(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i < e.count; i++) out.push(e.type === 3 ? dv.getUint16(i * 2, little) : dv.getUint32(i * 4, little));
  return out;
}

/** One page as its own TIFF: header, directory (no next page), out-of-line values, then the pixel data. */
function writePage(entries: Entry[], little: boolean, file: Uint8Array, bad: (why: string) => Error): TiffPage {
  entries.sort((a, b) => a.tag - b.tag);
  const byTag = new Map(entries.map((e) => [e.tag, e]));
  const first = (tag: number) => (byTag.has(tag) ? readUints(byTag.get(tag)!, little)[0] : 0);
  const width = first(256);
  const height = first(257);
  if (!width || !height) throw bad("a page has no width or height");
  // pixel data chunks per data tag
  const chunks = new Map<number, Uint8Array[]>();
  for (const [offTag, lenTag] of Object.entries(DATA_TAGS).map(([a, b]) => [Number(a), b])) {
    const offs = byTag.get(offTag);
    const lens = byTag.get(lenTag);
    if (!offs) continue;
    if (!lens) throw bad(`tag ${offTag} without its lengths`);
    const o = readUints(offs, little);
    const l = readUints(lens, little);
    if (o.length !== l.length) throw bad("strip offsets and lengths disagree");
    chunks.set(
      offTag,
      o.map((start, i) => {
        if (start + l[i] > file.length) throw bad("pixel data lies outside the file");
        return file.subarray(start, start + l[i]);
      }),
    );
  }
  if (!chunks.size) throw bad("a page has no pixel data");
  const dirLen = 2 + entries.length * 12 + 4;
  let cursor = 8 + dirLen;
  const outOfLine = new Map<number, number>();
  // offsets to pixel data are rewritten as LONGs, so they may grow out of the directory entry
  const finalSize = (e: Entry) => (chunks.has(e.tag) ? e.count * 4 : e.bytes.length);
  for (const e of entries) {
    if (finalSize(e) > 4) {
      cursor += cursor % 2;
      outOfLine.set(e.tag, cursor);
      cursor += finalSize(e);
    }
  }
  const dataAt = new Map<number, number[]>();
  for (const [tag, list] of chunks) {
    dataAt.set(
      tag,
      list.map((c) => {
        cursor += cursor % 2;
        const at = cursor;
        cursor += c.length;
        return at;
      }),
    );
  }
  const out = new Uint8Array(cursor);
  const dv = new DataView(out.buffer);
  out.set(little ? [0x49, 0x49] : [0x4d, 0x4d]);
  dv.setUint16(2, 42, little);
  dv.setUint32(4, 8, little);
  dv.setUint16(8, entries.length, little);
  entries.forEach((e, i) => {
    const p = 10 + i * 12;
    dv.setUint16(p, e.tag, little);
    let bytes = e.bytes;
    const newOffsets = dataAt.get(e.tag);
    let type = e.type;
    if (newOffsets) {
      // rewritten as LONGs pointing at the copied data
      type = 4;
      const b = new Uint8Array(newOffsets.length * 4);
      const bv = new DataView(b.buffer);
      newOffsets.forEach((v, k) => bv.setUint32(k * 4, v, little));
      bytes = b;
    }
    dv.setUint16(p + 2, type, little);
    dv.setUint32(p + 4, e.count, little);
    const at = outOfLine.get(e.tag);
    if (at !== undefined) {
      out.set(bytes, at);
      dv.setUint32(p + 8, at, little);
    } else out.set(bytes, p + 8);
  });
  dv.setUint32(8 + 2 + entries.length * 12, 0, little);
  for (const [tag, list] of chunks) list.forEach((c, k) => out.set(c, dataAt.get(tag)![k]));
  return { data: out, width, height };
}
