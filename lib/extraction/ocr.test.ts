import { afterAll, describe, expect, it } from "vitest";
import { inflateSync } from "fflate";
import { mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeGrayPng, languageFolder, pdfPageImages, terminateOcr } from "./ocr";
import { processDocument } from "./process";
import { loadFixture } from "./testing";

afterAll(() => terminateOcr());

describe("languageFolder (the language files tesseract.js reads)", () => {
  it("replaces a link left by an install that is gone, and one to another file, so a scan never waits on a missing file", () => {
    const dir = mkdtempSync(join(tmpdir(), "docket-tessdata-test-"));
    symlinkSync("/nonexistent/old-checkout/node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz", join(dir, "eng.traineddata.gz"));
    writeFileSync(join(dir, "other.gz"), "not a model");
    symlinkSync(join(dir, "other.gz"), join(dir, "deu.traineddata.gz"));
    expect(languageFolder(["eng", "deu"], dir)).toBe(dir);
    for (const code of ["eng", "deu"]) {
      const link = join(dir, `${code}.traineddata.gz`);
      expect(readlinkSync(link)).toMatch(new RegExp(`@tesseract\\.js-data/${code}/4\\.0\\.0_best_int/${code}\\.traineddata\\.gz$`));
      expect(readFileSync(link).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip: the model is readable
    }
    // a second call (every worker start) leaves right links as they are
    const before = readlinkSync(join(dir, "eng.traineddata.gz"));
    languageFolder(["eng"], dir);
    expect(readlinkSync(join(dir, "eng.traineddata.gz"))).toBe(before);
  });
});

describe("encodeGrayPng", () => {
  it("writes a valid PNG whose pixel rows round-trip", () => {
    const gray = new Uint8Array([0, 50, 100, 150, 200, 250]);
    const png = encodeGrayPng(gray, 3, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const dv = new DataView(png.buffer);
    expect(dv.getUint32(16)).toBe(3);
    expect(dv.getUint32(20)).toBe(2);
    // IDAT follows the 25-byte IHDR chunk at offset 33.
    const idatLen = dv.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe("IDAT");
    const raw = inflateSync(png.subarray(41 + 2, 41 + idatLen - 4));
    expect([...raw]).toEqual([0, 0, 50, 100, 0, 150, 200, 250]);
  });
});

describe("OCR of scanned documents (tesseract.js, language data from npm)", () => {
  it("reads an image-only PDF: the page goes through OCR and the invoice comes out", async () => {
    const { data, truth } = await loadFixture("de-invoice-2-scan", "scanned");
    const r = await processDocument(data, { fileName: "de-invoice-2-scan.pdf" });
    expect(r.ocrPages).toEqual([1]);
    expect(r.pageData[0].ocr!.confidence).toBeGreaterThan(0.6);
    expect(r.classification.kind).toBe("invoice");
    expect(r.invoices).toHaveLength(1);
    const t = truth.invoices[0];
    expect(r.invoices[0]).toMatchObject({ invoiceNumber: t.invoiceNumber, issueDate: t.issueDate, total: t.total, currency: "EUR" });
    // OCR'd values are never as certain as a text layer.
    expect(r.invoices[0].confidence.total).toBeLessThan(0.95);
  }, 180_000);

  it("reads an uploaded PNG the same way", async () => {
    const { data, truth } = await loadFixture("en-US-invoice-1-scan", "scanned");
    const img = (await pdfPageImages(data, [1])).get(1)!;
    expect(img.mime).toBe("image/png");
    const r = await processDocument(img.data, { contentType: "image/png", fileName: "scan.png" });
    expect(r.ocrPages).toEqual([1]);
    expect(r.invoices[0]?.total).toBe(truth.invoices[0].total);
    expect(r.invoices[0]?.invoiceNumber).toBe(truth.invoices[0].invoiceNumber);
  }, 180_000);

  it("reports image pages with an issue instead when OCR is off", async () => {
    const { data } = await loadFixture("fr-invoice-1-scan", "scanned");
    const r = await processDocument(data, { fileName: "fr.pdf", ocr: false });
    expect(r.ocrPages).toEqual([]);
    expect(r.invoices).toEqual([]);
    expect(r.issues[0]).toMatchObject({ code: "no_text" });
    expect(r.issues[0].message).toMatch(/Page 1 of fr\.pdf/);
  });

  it("refuses a file that is neither a PDF nor an image, naming it", async () => {
    await expect(processDocument(new TextEncoder().encode("hello"), { fileName: "notes.txt" })).rejects.toThrow(/notes\.txt is not a PDF, an image \(PNG, JPEG, TIFF\) or an e-invoice XML/);
  });
});
