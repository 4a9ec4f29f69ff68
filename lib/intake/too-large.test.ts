import { describe, expect, it } from "vitest";
import { tooLargeMessage } from "./too-large";

const MB = 1024 * 1024;

describe("too large message", () => {
  it("names the file, its size and the limit, and says what to do with that kind of file", () => {
    expect(tooLargeMessage("escaneo.pdf", 30 * MB, 25 * MB)).toBe(
      '"escaneo.pdf" is 30.0 MB; files can be at most 25 MB each. Split the PDF into smaller files or scan it at a lower resolution, then upload again.',
    );
    expect(tooLargeMessage("batch.zip", null, 5 * MB)).toBe('"batch.zip" is over the limit; files can be at most 5 MB each. Split the zip into smaller ones, then upload again.');
    expect(tooLargeMessage("foto.JPG", 26 * MB, 25 * MB)).toMatch(/Scan or save it at a lower resolution, then upload again\.$/);
    expect(tooLargeMessage("correo.eml", 26 * MB, 25 * MB)).toMatch(/Upload its attachments one by one instead, then/);
    expect(tooLargeMessage("flotilla.xlsx", 26 * MB, 25 * MB)).toMatch(/Split the spreadsheet into smaller files, then upload again\.$/);
    expect(tooLargeMessage("datos.bin", 26 * MB, 25 * MB)).toMatch(/Make it smaller \(split or compress it\), then upload again\.$/);
  });
});
