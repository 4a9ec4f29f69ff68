// Text per page with positions, from the PDF text layer (pdf.js legacy build, runs in Node without a worker thread).

import { nodeRequire } from "@/lib/node-require";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ExtractionError } from "./errors";
import { keepNativeBuiltins } from "./native-builtins";
import type { PdfPage, TextItem } from "./types";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsPromise: Promise<PdfJs> | null = null;

function pdfjsRoot() {
  return dirname(nodeRequire.resolve("pdfjs-dist/package.json"));
}

/**
 * pdf.js, loaded once and only here. Without the core-js replacements of Node's own JSON.parse, Array.prototype.push, …
 * that both halves of pdf.js install when they load (see native-builtins). The imports are left to Node
 * (webpackIgnore): bundled, they become modules that `next start` evaluates while it preloads every route at start-up —
 * outside keepNativeBuiltins, so every page then parsed its payload with core-js's JSON.parse.
 */
export async function loadPdfJs(): Promise<PdfJs> {
  if (!pdfjsPromise) {
    pdfjsPromise = keepNativeBuiltins(async () => {
      const pdfjs: PdfJs = await import(/* webpackIgnore: true */ "pdfjs-dist/legacy/build/pdf.mjs");
      // In Node pdf.js runs its worker code in the same thread ("fake worker"); point it at the local file
      // so nothing is fetched.
      if (!pdfjs.GlobalWorkerOptions.workerSrc) {
        pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(join(pdfjsRoot(), "legacy/build/pdf.worker.mjs")).href;
      }
      // Load that worker code here, so its polyfills are undone too; pdf.js uses the one on globalThis.pdfjsWorker.
      // @ts-expect-error the worker build ships no type declarations
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(/* webpackIgnore: true */ "pdfjs-dist/legacy/build/pdf.worker.mjs");
      return pdfjs;
    });
  }
  return pdfjsPromise;
}

export interface OpenPdfOptions {
  /** Used in error messages ("invoice.pdf is encrypted"). */
  fileName?: string;
}

/** Open a PDF with pdf.js; encrypted and corrupt files become an ExtractionError naming the file. */
export async function openPdf(data: Uint8Array, opts: OpenPdfOptions = {}) {
  const pdfjs = await loadPdfJs();
  const name = opts.fileName ?? "the PDF";
  const root = pdfjsRoot();
  try {
    const task = pdfjs.getDocument({
      // pdf.js transfers (detaches) the buffer it is given; hand it a copy so the caller's bytes survive.
      data: new Uint8Array(data),
      standardFontDataUrl: join(root, "standard_fonts") + "/",
      cMapUrl: join(root, "cmaps") + "/",
      cMapPacked: true,
      useSystemFonts: false,
      disableFontFace: true,
      isEvalSupported: false,
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
      verbosity: 0,
    });
    return await task.promise;
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err?.name === "PasswordException") {
      throw new ExtractionError(`${name} is encrypted (it needs a password); remove the password and upload it again.`, "encrypted", { cause: e });
    }
    throw new ExtractionError(`${name} is not a readable PDF (${err?.message ?? String(e)}).`, "corrupt", { cause: e });
  }
}

/** Minimum characters of real text for a page to count as having a text layer. */
const MIN_TEXT_CHARS = 12;

/** A file embedded in the PDF (ZUGFeRD / Factur-X carry the invoice as XML this way). */
export interface PdfAttachment {
  name: string;
  data: Uint8Array;
}

/** Text items per page, y measured from the top of the page. */
export async function extractPdfPages(data: Uint8Array, opts: OpenPdfOptions = {}): Promise<PdfPage[]> {
  return (await readPdf(data, opts)).pages;
}

/** Pages (text items, y from the top) and the embedded files of a PDF, opened once. */
export async function readPdf(data: Uint8Array, opts: OpenPdfOptions = {}): Promise<{ pages: PdfPage[]; attachments: PdfAttachment[] }> {
  const doc = await openPdf(data, opts);
  const name = opts.fileName ?? "the PDF";
  try {
    const attachments: PdfAttachment[] = [];
    // A broken attachment table must not cost the visible document: the invoice is still read from the page.
    const raw = (await doc.getAttachments().catch(() => null)) as Record<string, { filename?: string; content?: Uint8Array }> | null;
    for (const [key, a] of Object.entries(raw ?? {})) {
      if (a?.content instanceof Uint8Array) attachments.push({ name: a.filename || key, data: a.content });
    }
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: TextItem[] = [];
      for (const raw of content.items) {
        if (!("str" in raw)) continue;
        const str = raw.str.replace(/\s+/g, " ");
        if (!str.trim()) continue;
        // Map the text origin (baseline) into viewport space; report the box top-left.
        const [a, b, , d, e, f] = raw.transform as number[];
        const fontH = Math.hypot(b, d) || raw.height || 10;
        const [vx, vy] = vp.convertToViewportPoint(e, f);
        items.push({ str, x: vx, y: vy - fontH, width: raw.width || Math.abs(a) * str.length * 0.5, height: fontH });
      }
      const chars = items.reduce((s, i) => s + i.str.replace(/\s/g, "").length, 0);
      pages.push({ page: n, width: vp.width, height: vp.height, items, hasText: chars >= MIN_TEXT_CHARS });
      page.cleanup();
    }
    return { pages, attachments };
  } catch (e) {
    if (e instanceof ExtractionError) throw e;
    throw new ExtractionError(`${name} could not be read (${(e as Error)?.message ?? String(e)}).`, "corrupt", { cause: e });
  } finally {
    await doc.destroy();
  }
}
