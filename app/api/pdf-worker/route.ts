import { readFile } from "node:fs/promises";
import path from "node:path";

// pdf.js's worker script for the in-browser document viewer, served from our own origin (no CDN). A static
// library file: no workspace data, so no workspace check. (Read from disk: bundlers must not pull it in.)
let cached: Buffer | undefined;

export async function GET() {
  cached ??= await readFile(path.join(process.cwd(), "node_modules", "pdfjs-dist", "build", "pdf.worker.min.mjs"));
  return new Response(new Uint8Array(cached), {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}
