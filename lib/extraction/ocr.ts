// OCR for pages without a text layer. (Interim: reports the pages; tesseract.js wiring lands next.)

import type { FileKind } from "./sniff";
import type { ExtractionIssue, PdfPage } from "./types";

export interface OcrResult {
  pages: PdfPage[];
  images: Map<number, { data: Uint8Array; mime: string }>;
  ocrPages: number[];
  issues: ExtractionIssue[];
}

export async function ocrDocumentPages(
  _data: Uint8Array,
  _kind: FileKind,
  pages: PdfPage[],
  opts: { fileName?: string; languages?: string[] } = {},
): Promise<OcrResult> {
  const issues = pages
    .filter((p) => !p.hasText)
    .map((p) => ({ field: "document", code: "no_text", message: `Page ${p.page} of ${opts.fileName ?? "the document"} has no text layer (OCR pending).` }));
  return { pages, images: new Map(), ocrPages: [], issues };
}
