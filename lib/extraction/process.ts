// The one entry point used by the CLI and the background function: bytes in, classified and extracted invoices out.

import { ExtractionError } from "./errors";
import { pageText } from "./layout";
import { offlineExtractor } from "./offline";
import { ocrDocumentPages } from "./ocr";
import { extractPdfPages } from "./pdf";
import { sniffFile } from "./sniff";
import { tiffPages } from "./tiff";
import type { ExtractionIssue, InvoiceExtractor, PdfPage, ProcessResult } from "./types";

export interface ProcessOptions {
  contentType?: string | null;
  /** Defaults to the offline reader. */
  extractor?: InvoiceExtractor;
  /** Used in error messages. */
  fileName?: string;
  /** Skip OCR of image pages (they are reported with an issue instead). */
  ocr?: boolean;
  /** OCR languages (tesseract codes); defaults to eng+spa+deu+fra. */
  ocrLanguages?: string[];
  /** Read only what the pages show: ignore an embedded or paired e-invoice XML (to measure the visual reader). */
  visualOnly?: boolean;
}

/** Read a PDF or an image: text per page (OCR where there is no text layer), classification, invoices. */
export async function processDocument(data: Uint8Array, opts: ProcessOptions = {}): Promise<ProcessResult> {
  const name = opts.fileName ?? "the document";
  const kind = sniffFile(data, opts.contentType);
  const extractor = opts.extractor ?? offlineExtractor;
  const issues: ExtractionIssue[] = [];
  let pages: PdfPage[];
  let images = new Map<number, { data: Uint8Array; mime: string }>();
  let ocrPages: number[] = [];

  if (kind === "pdf") {
    pages = await extractPdfPages(data, { fileName: name });
  } else if (kind === "tiff") {
    // one page per image in the file (scanners put a whole document in one multi-page TIFF)
    pages = tiffPages(data, name).map((_, i) => ({ page: i + 1, width: 0, height: 0, items: [], hasText: false }));
  } else if (kind === "png" || kind === "jpeg") {
    pages = [{ page: 1, width: 0, height: 0, items: [], hasText: false }];
  } else {
    throw new ExtractionError(`${name} is not a PDF or an image (PNG, JPEG, TIFF) — Docket cannot read it.`, "unsupported");
  }

  const needOcr = pages.filter((p) => !p.hasText).map((p) => p.page);
  if (needOcr.length) {
    if (opts.ocr === false) {
      for (const n of needOcr) issues.push({ field: "document", code: "no_text", message: `Page ${n} of ${name} has no text layer and OCR is off.` });
    } else {
      const r = await ocrDocumentPages(data, kind, pages, { fileName: name, languages: opts.ocrLanguages });
      pages = r.pages;
      images = r.images;
      ocrPages = r.ocrPages;
      issues.push(...r.issues);
    }
  }

  const result = await extractor.extract({ pages, images });
  return {
    classification: result.classification,
    pages: pages.length,
    text: pages.map((p) => pageText(p)).join("\n\f"),
    pageData: pages,
    ocrPages,
    invoices: result.invoices,
    extractor: extractor.name,
    tokens: result.tokens,
    costUsd: result.costUsd,
    issues,
    ...(kind === "tiff" ? { pagePngs: new Map([...images].filter(([, i]) => i.mime === "image/png").map(([n, i]) => [n, i.data])) } : {}),
  };
}
