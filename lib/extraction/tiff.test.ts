import { afterAll, describe, expect, it } from "vitest";
import { pdfPageImages, terminateOcr } from "./ocr";
import { processDocument } from "./process";
import { encodeTiff, loadFixture, pngGray } from "./testing";
import { tiffPages } from "./tiff";

afterAll(() => terminateOcr());

const tiny = (w: number, h: number, seed: number) => Uint8Array.from({ length: w * h }, (_, i) => (i * seed) % 251);

describe("tiffPages", () => {
  for (const little of [true, false]) {
    it(`splits a multi-page TIFF (${little ? "little" : "big"}-endian) into standalone single-page TIFFs`, () => {
      const a = { gray: tiny(30, 20, 7), width: 30, height: 20, compression: "none" as const, rowsPerStrip: 6 };
      const b = { gray: tiny(17, 9, 13), width: 17, height: 9, compression: "packbits" as const };
      const pages = tiffPages(encodeTiff([a, b], little), "scan.tif");
      expect(pages.map((p) => [p.width, p.height])).toEqual([
        [30, 20],
        [17, 9],
      ]);
      // each page parses again on its own, as one page, with the pixel data intact
      const again = pages.map((p) => tiffPages(p.data, "page.tif"));
      expect(again.map((x) => x.length)).toEqual([1, 1]);
      expect(Buffer.from(pages[0].data).includes(Buffer.from(a.gray.subarray(0, 180)))).toBe(true);
      expect(Buffer.from(pages[0].data).includes(Buffer.from(a.gray.subarray(540)))).toBe(true);
    });
  }

  it("refuses a broken file with a message naming it and what to do", () => {
    const good = encodeTiff([{ gray: tiny(8, 8, 3), width: 8, height: 8, compression: "none" }]);
    expect(() => tiffPages(good.subarray(0, 40), "fax.tif")).toThrow(/fax\.tif is not a readable TIFF \(.*\); scan it again or save it as PDF/);
    const bigtiff = Uint8Array.from([0x49, 0x49, 43, 0, 8, 0, 0, 0]);
    expect(() => tiffPages(bigtiff, "big.tif")).toThrow(/BigTIFF is not supported/);
    // a directory chain that points back at itself
    const loop = good.slice();
    const dv = new DataView(loop.buffer);
    const ifd = dv.getUint32(4, true);
    const n = dv.getUint16(ifd, true);
    dv.setUint32(ifd + 2 + n * 12, ifd, true);
    expect(() => tiffPages(loop, "loop.tif")).toThrow(/its pages loop/);
  });
});

describe("OCR of a multi-page TIFF scan", () => {
  it("reads every page, one invoice each, and keeps PNG page images the review page can show", async () => {
    const one = await loadFixture("en-US-invoice-1-scan", "scanned");
    const two = await loadFixture("de-invoice-2-scan", "scanned");
    const p1 = pngGray((await pdfPageImages(one.data, [1])).get(1)!.data);
    const p2 = pngGray((await pdfPageImages(two.data, [1])).get(1)!.data);
    const tif = encodeTiff([
      { ...p1, compression: "none", rowsPerStrip: 64 },
      { ...p2, compression: "packbits", rowsPerStrip: 64 },
    ]);
    const r = await processDocument(tif, { contentType: "image/tiff", fileName: "scanner-output.tif" });
    expect(r.pages).toBe(2);
    expect(r.ocrPages).toEqual([1, 2]);
    expect(r.invoices.map((i) => i.total)).toEqual([one.truth.invoices[0].total, two.truth.invoices[0].total]);
    expect(r.invoices.map((i) => i.invoiceNumber)).toEqual([one.truth.invoices[0].invoiceNumber, two.truth.invoices[0].invoiceNumber]);
    expect([...(r.pagePngs?.keys() ?? [])]).toEqual([1, 2]);
    expect([...r.pagePngs!.get(2)!.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 240_000);
});
