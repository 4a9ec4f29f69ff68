// OCR for pages without a text layer: the page's scanned image (taken from the PDF's image XObject, decoded by
// pdf.js) or an uploaded PNG/JPEG goes through tesseract.js; the words come back as positioned text items, so the
// same layout-aware reader works on them. Language data comes from the @tesseract.js-data npm packages on disk —
// never from a CDN — and the tesseract core is the local tesseract.js-core package.

import { copyFileSync, existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, statSync, symlinkSync } from "node:fs";
import { nodeRequire } from "@/lib/node-require";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { zlibSync } from "fflate";
import { ExtractionError } from "./errors";
import { loadPdfJs, openPdf } from "./pdf";
import { tiffPages } from "./tiff";
import type { FileKind } from "./sniff";
import type { ExtractionIssue, PdfPage, TextItem } from "./types";
import { repairOcrWords } from "./ocr-text";

type Tesseract = typeof import("tesseract.js");
type TWorker = Awaited<ReturnType<Tesseract["createWorker"]>>;

export const OCR_LANGUAGES = ["eng", "spa", "deu", "fra"] as const;

export interface PageImage {
  /** PNG or JPEG bytes. */
  data: Uint8Array;
  mime: string;
  width: number;
  height: number;
}

export interface OcrResult {
  pages: PdfPage[];
  /** The image of every OCR'd page (for the OpenAI reader and the review UI). */
  images: Map<number, { data: Uint8Array; mime: string }>;
  ocrPages: number[];
  issues: ExtractionIssue[];
}

// ---- language data and workers -------------------------------------------------------------------------

/**
 * One folder holding `<lang>.traineddata.gz` for every language, as links to the files shipped in the
 * @tesseract.js-data npm packages (LSTM "best_int" models). tesseract.js reads a local langPath from disk.
 * A link left by another install (a checkout since deleted, a release in another folder) is replaced: tesseract.js
 * waits forever on a language file it cannot read, so a dangling link hung every scan.
 */
export function languageFolder(langs: readonly string[], dir = join(tmpdir(), `docket-tessdata-${process.getuid?.() ?? "u"}`)): string {
  mkdirSync(dir, { recursive: true });
  for (const code of langs) {
    let pkg: string;
    try {
      pkg = dirname(nodeRequire.resolve(`@tesseract.js-data/${code}/package.json`));
    } catch {
      throw new ExtractionError(`OCR language data for "${code}" is not installed (npm package @tesseract.js-data/${code}).`, "ocr_failed");
    }
    const src = join(pkg, "4.0.0_best_int", `${code}.traineddata.gz`);
    const link = join(dir, `${code}.traineddata.gz`);
    if (linksTo(link, src)) continue;
    rmSync(link, { force: true });
    try {
      symlinkSync(src, link);
    } catch (e) {
      // another process made it meanwhile (then it points here too), or the file system has no symlinks
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !existsSync(link)) copyFileSync(src, link);
    }
  }
  return dir;
}

/** The link (or copy) at `path` reads `src`'s file: a link to it, or a regular file of the same size. */
function linksTo(path: string, src: string): boolean {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return readlinkSync(path) === src;
    return st.isFile() && st.size === statSync(src).size;
  } catch {
    return false;
  }
}

const workers = new Map<string, Promise<TWorker>>();

async function getWorker(langs: readonly string[]): Promise<TWorker> {
  const key = langs.join("+");
  let w = workers.get(key);
  if (!w) {
    w = (async () => {
      const { createWorker, OEM, PSM } = (await import("tesseract.js")) as Tesseract;
      // langPath is a local folder, so tesseract.js never fetches language files; cacheMethod "none" keeps it
      // from writing copies into the working directory. The core is the local tesseract.js-core package.
      const worker = await createWorker([...langs], OEM.LSTM_ONLY, { langPath: languageFolder(langs), cacheMethod: "none", gzip: true });
      await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, preserve_interword_spaces: "1", user_defined_dpi: "150" });
      return worker;
    })();
    workers.set(key, w);
    w.catch(() => workers.delete(key));
  }
  return w;
}

/** Stop the OCR worker threads (the CLI and tests call this so the process can exit). */
export async function terminateOcr(): Promise<void> {
  const all = [...workers.values()];
  workers.clear();
  await Promise.all(all.map(async (w) => (await w.catch(() => null))?.terminate()));
}

// ---- page images ---------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (let i = 0; i < p.length; i++) c = CRC_TABLE[(c ^ p[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  const t = new TextEncoder().encode(type);
  out.set(t, 4);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32([t, data]));
  return out;
}

/** Encode 8-bit grayscale pixels as a PNG (filter 0 per row, zlib via fflate). */
export function encodeGrayPng(gray: Uint8Array, width: number, height: number): Uint8Array {
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(gray.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit, grayscale, deflate, no filter method extras, no interlace
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlibSync(raw, { level: 6 })), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** pdf.js decoded image → grayscale bytes. kind 1 = 1 bit per pixel, 2 = RGB, 3 = RGBA. */
function toGray(img: { width: number; height: number; kind: number; data: Uint8Array | Uint8ClampedArray }): Uint8Array {
  const { width, height, kind, data } = img;
  const out = new Uint8Array(width * height);
  if (kind === 1) {
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = data[y * rowBytes + (x >> 3)] & (0x80 >> (x & 7)) ? 255 : 0;
  } else {
    const step = kind === 3 ? 4 : 3;
    for (let i = 0, j = 0; i < out.length; i++, j += step) out[i] = (data[j] * 77 + data[j + 1] * 150 + data[j + 2] * 29) >> 8;
  }
  return out;
}

/** The largest image drawn on each of the given PDF pages, as PNG. */
export async function pdfPageImages(data: Uint8Array, pageNumbers: number[], fileName?: string): Promise<Map<number, PageImage>> {
  const out = new Map<number, PageImage>();
  const pdfjs = await loadPdfJs();
  const doc = await openPdf(data, { fileName });
  try {
    for (const n of pageNumbers) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      type Decoded = { width: number; height: number; kind: number; data: Uint8Array | Uint8ClampedArray };
      let best = null as Decoded | null;
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        let img = null as Decoded | null;
        if (fn === pdfjs.OPS.paintImageXObject) {
          const id = ops.argsArray[i][0] as string;
          const objs = id.startsWith("g_") ? page.commonObjs : page.objs;
          img = await new Promise((resolve) => objs.get(id, resolve));
        } else if (fn === pdfjs.OPS.paintInlineImageXObject) {
          img = ops.argsArray[i][0];
        }
        if (img?.data && (!best || img.width * img.height > best.width * best.height)) best = img;
      }
      if (best) out.set(n, { data: encodeGrayPng(toGray(best), best.width, best.height), mime: "image/png", width: best.width, height: best.height });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return out;
}

function imageSize(data: Uint8Array, kind: FileKind): { width: number; height: number } | null {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (kind === "png" && data.length > 24) return { width: dv.getUint32(16), height: dv.getUint32(20) };
  if (kind === "jpeg") {
    let i = 2;
    while (i + 9 < data.length) {
      if (data[i] !== 0xff) return null;
      const marker = data[i + 1];
      const len = dv.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
      i += 2 + len;
    }
  }
  return null;
}

// ---- recognition ---------------------------------------------------------------------------------

interface OcrWordBox {
  text: string;
  bbox: { x0: number; y0: number; x1: number; y1: number };
  confidence: number;
}

/** OCR one image into text items in page coordinates (points), with a mean word confidence 0..1. */
export async function ocrImage(
  image: Uint8Array,
  opts: { pageWidth: number; pageHeight: number; imageWidth: number; languages?: readonly string[]; /** Also return the page as PNG (for images browsers cannot show, e.g. TIFF). */ png?: boolean },
) {
  const worker = await getWorker(opts.languages ?? OCR_LANGUAGES);
  const started = performance.now();
  const { data } = await worker.recognize(Buffer.from(image), {}, { blocks: true, text: false, imageGrey: Boolean(opts.png) });
  const png = data.imageGrey ? new Uint8Array(Buffer.from(data.imageGrey.replace(/^data:image\/png;base64,/, ""), "base64")) : undefined;
  const scale = opts.pageWidth / opts.imageWidth;
  const items: TextItem[] = [];
  let confSum = 0;
  let words = 0;
  for (const block of data.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        // Words of one line share the line's height, so the layout code sees one consistent font size.
        const lh = (line.bbox.y1 - line.bbox.y0) * scale;
        for (const w of line.words as OcrWordBox[]) {
          const text = w.text.trim();
          if (!text || w.confidence < 20) continue;
          items.push({ str: text, x: w.bbox.x0 * scale, y: line.bbox.y0 * scale, width: (w.bbox.x1 - w.bbox.x0) * scale, height: Math.max(4, lh * 0.8) });
          confSum += w.confidence;
          words++;
        }
      }
    }
  }
  return { items: repairOcrWords(items), confidence: words ? confSum / words / 100 : 0, seconds: (performance.now() - started) / 1000, png };
}

/** OCR every page without a text layer (or the image itself for PNG/JPEG/TIFF uploads). */
export async function ocrDocumentPages(
  data: Uint8Array,
  kind: FileKind,
  pages: PdfPage[],
  opts: { fileName?: string; languages?: string[] } = {},
): Promise<OcrResult> {
  const name = opts.fileName ?? "the document";
  const issues: ExtractionIssue[] = [];
  const images = new Map<number, { data: Uint8Array; mime: string }>();
  const ocrPages: number[] = [];
  const need = pages.filter((p) => !p.hasText).map((p) => p.page);
  let sources: Map<number, PageImage>;
  if (kind === "pdf") {
    sources = await pdfPageImages(data, need, name);
  } else if (kind === "tiff") {
    sources = new Map(tiffPages(data, name).map((p, i) => [i + 1, { data: p.data, mime: "image/tiff", width: p.width, height: p.height }]));
  } else {
    const size = imageSize(data, kind);
    sources = new Map([[1, { data, mime: kind === "png" ? "image/png" : kind === "jpeg" ? "image/jpeg" : "image/tiff", width: size?.width ?? 0, height: size?.height ?? 0 }]]);
  }
  const out = pages.map((p) => ({ ...p }));
  for (const n of need) {
    const src = sources.get(n);
    const page = out[n - 1];
    if (!src) {
      issues.push({ field: "document", code: "no_text", message: `Page ${n} of ${name} has neither text nor a scanned image to read.` });
      continue;
    }
    let r: Awaited<ReturnType<typeof ocrImage>>;
    try {
      let imageWidth = src.width;
      if (!imageWidth) imageWidth = 1240; // unknown size: assume an A4 page at 150 dpi
      if (!page.width) {
        // An uploaded image: treat it as an A4-wide page.
        page.width = 595;
        page.height = src.height ? (src.height * 595) / imageWidth : 842;
      }
      r = await ocrImage(src.data, { pageWidth: page.width, pageHeight: page.height, imageWidth, languages: opts.languages, png: src.mime === "image/tiff" });
    } catch (e) {
      if (e instanceof ExtractionError) throw e;
      throw new ExtractionError(`OCR failed on page ${n} of ${name}: ${(e as Error)?.message ?? String(e)}`, "ocr_failed", { cause: e });
    }
    // browsers do not show TIFF: the review page gets the page as PNG from the OCR engine's own decoding
    images.set(n, r.png ? { data: r.png, mime: "image/png" } : { data: src.data, mime: src.mime });
    page.items = r.items;
    page.hasText = r.items.reduce((s, i) => s + i.str.length, 0) >= 12;
    page.ocr = { confidence: r.confidence, seconds: r.seconds };
    ocrPages.push(n);
    if (!page.hasText) issues.push({ field: "document", code: "no_text", message: `OCR found no readable text on page ${n} of ${name}.` });
  }
  return { pages: out, images, ocrPages, issues };
}
