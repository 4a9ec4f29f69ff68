import { PDFDocument, StandardFonts } from "pdf-lib";

/** A small, valid one-page PDF with the given lines of text (made with pdf-lib, nothing downloaded). */
export async function makePdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  doc.setTitle(lines[0] ?? "e2e");
  return Buffer.from(await doc.save());
}

/** What a browser saves when a download link returns an error page: HTML, whatever the file is called. */
export function htmlErrorPage(): Buffer {
  return Buffer.from("<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n");
}

/** Undo quoted-printable soft line breaks and =XX escapes (enough to read a link out of a MIME text part). */
export function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** One line of POST /api/documents' report (a file, or a file inside a .zip/.eml). */
export interface UploadLine {
  path: string;
  status: "stored" | "duplicate" | "skipped" | "error";
  documentId?: string;
  duplicateOf?: string;
  message?: string;
}

/**
 * Upload one file to POST /api/documents from a signed-in page, the way the upload zone does. Returns the
 * HTTP status, the error (refusals) or the report's lines, and the first line for single-file uploads.
 */
export async function uploadFromPage(
  page: import("playwright-core").Page,
  name: string,
  bytes: Buffer,
): Promise<{ status: number; error?: string; lines: UploadLine[]; line?: UploadLine }> {
  const { status, body } = await page.evaluate(
    async ({ name, base64 }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const fd = new FormData();
      fd.append("file", new File([data], name));
      const r = await fetch("/api/documents", { method: "POST", body: fd });
      return { status: r.status, body: (await r.json()) as { error?: string; lines?: UploadLine[] } };
    },
    { name, base64: bytes.toString("base64") },
  );
  const lines = body.lines ?? [];
  return { status, error: body.error, lines, line: lines[0] };
}
