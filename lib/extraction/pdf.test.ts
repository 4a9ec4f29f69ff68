import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { ExtractionError } from "./errors";
import { extractPdfPages } from "./pdf";

// Node's own, taken before any test loads pdf.js
const nativeParse = JSON.parse;
const nativePush = Array.prototype.push;

/** A PDF whose standard security handler needs a (non-empty) user password. */
function encryptedPdf(): Uint8Array {
  const hex = (n: number) => Array.from({ length: 32 }, (_, i) => ((i * 37 + n) % 256).toString(16).padStart(2, "0")).join("");
  const body = [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj",
    `4 0 obj << /Filter /Standard /V 1 /R 2 /O <${hex(1)}> /U <${hex(2)}> /P -4 >> endobj`,
    "trailer << /Root 1 0 R /Size 5 /Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>",
    "%%EOF",
  ].join("\n");
  return new TextEncoder().encode(body);
}

describe("extractPdfPages", () => {
  it("returns text items with positions measured from the top, page size and hasText", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const p = doc.addPage([595, 842]);
    p.drawText("Invoice No: INV-7", { x: 50, y: 842 - 100 - 12, size: 12, font });
    p.drawText("Total 1.234,56 €", { x: 300, y: 842 - 400 - 10, size: 10, font });
    doc.addPage([595, 842]);
    const pages = await extractPdfPages(await doc.save());
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatchObject({ page: 1, width: 595, height: 842, hasText: true });
    const inv = pages[0].items.find((i) => i.str.startsWith("Invoice"))!;
    expect(inv.x).toBeCloseTo(50, 0);
    expect(inv.y).toBeCloseTo(100, 0);
    expect(inv.height).toBeCloseTo(12, 0);
    const total = pages[0].items.find((i) => i.str.includes("1.234,56"))!;
    expect(total.y).toBeGreaterThan(inv.y + 250);
    expect(total.str).toContain("€");
    expect(pages[1].hasText).toBe(false);
  });

  it("does not detach the caller's buffer", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const bytes = await doc.save();
    await extractPdfPages(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it("names the file when it is encrypted", async () => {
    const err = await extractPdfPages(encryptedPdf(), { fileName: "secret.pdf" }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractionError);
    expect(err.code).toBe("encrypted");
    expect(err.message).toMatch(/secret\.pdf is encrypted/);
  });

  it("names the file when it is corrupt", async () => {
    const err = await extractPdfPages(new TextEncoder().encode("%PDF-1.7\ngarbage"), { fileName: "broken.pdf" }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractionError);
    expect(err.code).toBe("corrupt");
    expect(err.message).toMatch(/broken\.pdf/);
  });
});

describe("loading pdf.js", () => {
  it("leaves Node's own JSON.parse and Array.prototype.push in place (its core-js copies made every page slower)", async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]);
    const pages = await extractPdfPages(await doc.save());
    expect(pages).toHaveLength(1);
    expect(JSON.parse).toBe(nativeParse);
    expect(Array.prototype.push).toBe(nativePush);
    // what pdf.js adds that Node 20 lacks stays available to it
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe("function");
  });
});
