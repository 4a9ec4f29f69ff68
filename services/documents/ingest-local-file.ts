import type { Db } from "@/db/client";
import { markDocumentRead, storeDocument } from "@/db/queries/documents";
import { saveExtraction } from "@/db/queries/invoices/save-extraction";
import type { BlobStore } from "@/lib/blob";
import { processDocument } from "@/lib/extraction";
import { parseEml } from "@/lib/intake/eml";
import { detectFormat, formatInfo } from "@/lib/intake/sniff";
import { indexDocument } from "./index-document";

// Take one local file into a workspace the way the app does — store it, read it (PDF text layer, OCR of scans,
// invoice fields), index it — without the background runner: for the CLI (`docket ask`) and the benchmarks.
// An .eml's subject and body become its text (page 1). Plain .txt files are read as text, pages split by form feeds.

export interface LocalFile {
  /** The name the user gave (relative path inside the folder): what citations call it. */
  name: string;
  bytes: Uint8Array;
}

export async function ingestLocalFile(deps: { db: Db; blobs: BlobStore }, q: { workspaceId: string; file: LocalFile; ocr?: boolean; /** false: read e-invoices by their page only, not their embedded XML. */ einvoice?: boolean }) {
  const { db, blobs } = deps;
  const { file } = q;
  const isText = /\.(txt|md)$/i.test(file.name);
  const format = isText ? null : detectFormat(file.bytes).format;
  if (!isText && !format) throw new Error(`${file.name}: not a PDF, image, spreadsheet, .eml or .txt file`);
  const info = format ? formatInfo(format) : { mime: "text/plain", kind: "text" as const };
  const { document } = await storeDocument(db, blobs, {
    workspaceId: q.workspaceId,
    filename: file.name,
    contentType: info.mime,
    data: Buffer.from(file.bytes),
    source: "api",
    uploadedBy: null,
    kind: info.kind,
  });
  if (format === "pdf" || format === "png" || format === "jpeg" || format === "tiff") {
    const r = await processDocument(file.bytes, { contentType: info.mime, fileName: file.name, ocr: q.ocr, visualOnly: q.einvoice === false });
    await saveExtraction(db, {
      workspaceId: q.workspaceId,
      documentId: document.id,
      classification: r.classification.kind,
      pages: r.pages,
      text: r.text,
      ocrPages: r.ocrPages,
      extractor: r.extractor,
      invoices: r.invoices,
    });
  } else if (format === "eml") {
    const m = await parseEml(file.bytes, file.name);
    const text = [`Subject: ${m.subject}`, m.from ? `From: ${m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address}` : "", m.date ? `Date: ${m.date}` : "", "", m.text].filter((l, i) => l || i === 3).join("\n");
    await markDocumentRead(db, { workspaceId: q.workspaceId, documentId: document.id, text, pages: 1 });
  } else if (isText) {
    const text = new TextDecoder().decode(file.bytes).replace(/\r\n/g, "\n").split(/\n?\f/).join("\n\f");
    await markDocumentRead(db, { workspaceId: q.workspaceId, documentId: document.id, text, pages: text.split("\n\f").length });
  } else {
    await markDocumentRead(db, { workspaceId: q.workspaceId, documentId: document.id });
  }
  const indexed = await indexDocument(deps, { workspaceId: q.workspaceId, documentId: document.id });
  return { documentId: document.id, indexed };
}
