import { readFileSync } from "node:fs";
import { Zip, ZipDeflate, strToU8, zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { IntakeError } from "./errors";
import { expandZip } from "./zip";

const pdf = (label: string) => strToU8(`%PDF-1.4\n% ${label}\ntrailer<<>>\n%%EOF\n`);
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** Offsets of the central directory headers, in order. */
function centralHeaders(zip: Uint8Array): number[] {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (dv.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    offsets.push(p);
    p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  return offsets;
}

function patch(zip: Uint8Array, fn: (dv: DataView, central: number[]) => void): Uint8Array {
  const copy = zip.slice();
  fn(new DataView(copy.buffer), centralHeaders(copy));
  return copy;
}

function expectError(fn: () => unknown, code: string, message: RegExp | string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IntakeError);
    expect((e as IntakeError).code).toBe(code);
    if (typeof message === "string") expect((e as IntakeError).message).toContain(message);
    else expect((e as IntakeError).message).toMatch(message);
    return;
  }
  throw new Error("expected an IntakeError");
}

describe("expandZip", () => {
  it("returns every supported file with its path and type, skipping folders, __MACOSX and dotfiles", () => {
    const zip = zipSync({
      "march/": {},
      "march/inv-1.pdf": pdf("one"),
      "march/scan.png": png,
      "__MACOSX/march/._inv-1.pdf": strToU8("junk"),
      ".DS_Store": strToU8("junk"),
      "march/Thumbs.db": strToU8("junk"),
      "top.pdf": pdf("top"),
    } as Zippable);
    const out = expandZip(zip, "upload.zip");
    expect(out.errors).toEqual([]);
    expect(out.files.map((f) => [f.path, f.name, f.type.format])).toEqual([
      ["march/inv-1.pdf", "inv-1.pdf", "pdf"],
      ["march/scan.png", "scan.png", "png"],
      ["top.pdf", "top.pdf", "pdf"],
    ]);
    expect(new TextDecoder().decode(out.files[0].bytes)).toContain("% one");
    expect(out.skipped.map((s) => s.reason).sort()).toEqual(["directory", "hidden-file", "macos-metadata", "system-file"]);
  });

  it("reads zips written with data descriptors (streamed zips)", () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      chunks.push(chunk);
    });
    const entry = new ZipDeflate("streamed.pdf", { level: 6 });
    zip.add(entry);
    entry.push(pdf("streamed"), true);
    zip.end();
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let p = 0;
    for (const c of chunks) {
      bytes.set(c, p);
      p += c.length;
    }
    const out = expandZip(bytes, "s.zip");
    expect(out.files.map((f) => f.name)).toEqual(["streamed.pdf"]);
    expect(new TextDecoder().decode(out.files[0].bytes)).toContain("% streamed");
  });

  it("reports an unsupported entry on its own and keeps the good ones", () => {
    const zip = zipSync({ "a.pdf": pdf("a"), "notes.html": strToU8("<html><body>hi</body></html>"), "b.pdf": pdf("b") });
    const out = expandZip(zip, "mixed.zip");
    expect(out.files.map((f) => f.name)).toEqual(["a.pdf", "b.pdf"]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0].path).toBe("notes.html");
    expect(out.errors[0].error.code).toBe("unsupported_type");
    expect(out.errors[0].error.message).toMatch(/^mixed\.zip › notes\.html: this file is not a PDF/);
  });

  it("gives a clear error for an encrypted entry (real `zip -P` archive) and keeps the open one", () => {
    const zip = new Uint8Array(readFileSync(new URL("./fixtures/partly-encrypted.zip", import.meta.url)));
    const out = expandZip(zip, "locked.zip");
    expect(out.files.map((f) => f.name)).toEqual(["open.pdf"]);
    expect(out.errors.map((e) => [e.path, e.error.code])).toEqual([["secret.pdf", "zip_encrypted"]]);
    expect(out.errors[0].error.message).toBe(
      "locked.zip › secret.pdf: this file is password-protected inside the zip; extract it with the password and upload the file itself",
    );
  });

  it("treats WinZip AES entries (method 99) as encrypted", () => {
    const zip = patch(zipSync({ "a.pdf": pdf("a") }), (dv, [c]) => dv.setUint16(c + 10, 99, true));
    expect(expandZip(zip, "aes.zip").errors[0].error.code).toBe("zip_encrypted");
  });

  it("rejects an entry whose declared ratio is a zip bomb, keeping the others", () => {
    const zeros = new Uint8Array(20 * 1024 * 1024); // deflates ~1000:1
    const zip = zipSync({ "bomb.pdf": zeros, "ok.pdf": pdf("ok") }, { level: 9 });
    const out = expandZip(zip, "b.zip");
    expect(out.files.map((f) => f.name)).toEqual(["ok.pdf"]);
    expect(out.errors[0].error.code).toBe("zip_bomb");
    expect(out.errors[0].error.message).toMatch(/^b\.zip › bomb\.pdf: this entry claims to expand \d+× .*zip bomb/);
  });

  it("catches an entry that inflates past the size its header declares (lying header)", () => {
    const big = new Uint8Array(8 * 1024 * 1024);
    big.set(strToU8("%PDF-1.4"));
    const zip = patch(zipSync({ "liar.pdf": big, "ok.pdf": pdf("ok") }, { level: 9 }), (dv, [c]) => {
      dv.setUint32(c + 24, 4096, true); // declares 4 KB, actually 8 MB
    });
    const out = expandZip(zip, "l.zip", { maxRatio: 100_000 });
    expect(out.files.map((f) => f.name)).toEqual(["ok.pdf"]);
    expect(out.errors[0].error.code).toBe("zip_bomb");
    expect(out.errors[0].error.message).toContain("expands to more than the 4 KB its header declares");
  });

  it("checks the actual ratio while inflating even when the header's sizes look harmless", () => {
    const zeros = new Uint8Array(6 * 1024 * 1024);
    zeros.set(strToU8("%PDF-1.4"));
    // Pretend the compressed size is huge so the declared ratio is ~1:1; the real stream is ~6 KB.
    const zip = patch(zipSync({ "z.pdf": zeros }, { level: 9 }), (dv, [c]) => {
      const realCompressed = dv.getUint32(c + 20, true);
      expect(realCompressed).toBeLessThan(20_000);
      dv.setUint32(c + 20, 6 * 1024 * 1024, true);
    });
    // The local data range now runs past the file: reported as damaged, never inflated.
    expect(expandZip(zip, "r.zip").errors[0].error.code).toBe("zip_corrupt");
    // With only the ratio limit lowered, the honest archive is stopped while inflating.
    const honest = zipSync({ "z.pdf": zeros }, { level: 9 });
    const out = expandZip(honest, "h.zip", { maxRatio: 50 });
    expect(out.errors[0].error.code).toBe("zip_bomb");
  });

  it("rejects a file inside the zip that is larger than the per-file limit", () => {
    const big = new Uint8Array(300 * 1024);
    big.set(strToU8("%PDF-1.4"));
    const out = expandZip(zipSync({ "big.pdf": big, "small.pdf": pdf("s") }), "p.zip", { maxEntryBytes: 256 * 1024 });
    expect(out.files.map((f) => f.name)).toEqual(["small.pdf"]);
    expect(out.errors[0].error.message).toBe("p.zip › big.pdf: the file is 300 KB, larger than the 256 KB limit per file");
  });

  it("refuses the whole archive when its total declared size exceeds the limit", () => {
    const zip = zipSync({ "a.pdf": new Uint8Array(600 * 1024), "b.pdf": new Uint8Array(600 * 1024) });
    expectError(() => expandZip(zip, "t.zip", { maxTotalBytes: 1024 * 1024 }), "zip_bomb", "t.zip: the archive would expand to 1.2 MB, more than the 1 MB allowed");
  });

  it("refuses an archive with too many entries", () => {
    const files: Zippable = {};
    for (let i = 0; i < 12; i++) files[`f${i}.pdf`] = pdf(String(i));
    expectError(() => expandZip(zipSync(files), "many.zip", { maxEntries: 10 }), "zip_too_many_entries", "many.zip: the archive holds 12 entries");
  });

  it("refuses overlapping entries (the overlapping-files zip bomb)", () => {
    const zip = patch(zipSync({ "a.pdf": pdf("a"), "b.pdf": pdf("b") }), (dv, [c1, c2]) => {
      dv.setUint32(c2 + 42, dv.getUint32(c1 + 42, true), true);
    });
    expectError(() => expandZip(zip, "o.zip"), "zip_bomb", "share the same data");
  });

  it("expands nested zips up to the depth limit and reports the deeper ones", () => {
    const level3 = zipSync({ "deep.pdf": pdf("deep") });
    const level2 = zipSync({ "mid.pdf": pdf("mid"), "level3.zip": level3 });
    const level1 = zipSync({ "top.pdf": pdf("top"), "level2.zip": level2 });
    const out = expandZip(level1, "outer.zip");
    expect(out.files.map((f) => f.path)).toEqual(["top.pdf", "level2.zip/mid.pdf"]);
    expect(out.errors.map((e) => [e.path, e.error.code])).toEqual([["level2.zip/level3.zip", "zip_too_deep"]]);
    expect(out.errors[0].error.message).toContain("outer.zip › level2.zip › level3.zip: zip archives are nested more than 2 deep");

    const deeper = expandZip(level1, "outer.zip", { maxDepth: 3 });
    expect(deeper.files.map((f) => f.path)).toEqual(["top.pdf", "level2.zip/mid.pdf", "level2.zip/level3.zip/deep.pdf"]);
  });

  it("counts nested entries against the same total budget", () => {
    const inner = zipSync({ "x.pdf": new Uint8Array(1200 * 1024).fill(0x25) }, { level: 9 });
    const outer = zipSync({ "a.pdf": pdf("a"), "inner.zip": inner }, { level: 0 });
    expect(outer.length).toBeLessThan(100 * 1024);
    const out = expandZip(outer, "n.zip", { maxTotalBytes: 1024 * 1024 });
    // The outer archive (a few KB) fits the 1 MB budget; what the inner zip declares does not.
    expect(out.files.map((f) => f.path)).toEqual(["a.pdf"]);
    expect(out.errors[0].path).toBe("inner.zip");
    expect(out.errors[0].error.code).toBe("zip_bomb");
  });

  it("reports a truncated archive as damaged", () => {
    const zip = zipSync({ "a.pdf": pdf("a") });
    expectError(() => expandZip(zip.subarray(0, zip.length - 30), "cut.zip"), "zip_corrupt", /^cut\.zip: this zip cannot be opened/);
  });

  it("reports damaged data and a checksum mismatch on that entry only", () => {
    const base = zipSync({ "a.pdf": pdf("aaaaaaaaaaaaaaaaaaaa"), "b.pdf": pdf("b") }, { level: 0 });
    const badCrc = patch(base, (dv, [c]) => dv.setUint32(c + 16, 0xdeadbeef, true));
    const out = expandZip(badCrc, "c.zip");
    expect(out.files.map((f) => f.name)).toEqual(["b.pdf"]);
    expect(out.errors[0].error.message).toBe("c.zip › a.pdf: this entry's checksum does not match (the zip is damaged)");

    const deflated = zipSync({ "a.pdf": pdf("x".repeat(500)), "b.pdf": pdf("b") }, { level: 9 });
    const garbled = patch(deflated, (dv, [c]) => {
      const local = dv.getUint32(c + 42, true);
      const start = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
      for (let i = 0; i < 6; i++) dv.setUint8(start + i, 0xff);
    });
    const out2 = expandZip(garbled, "g.zip");
    expect(out2.files.map((f) => f.name)).toEqual(["b.pdf"]);
    expect(out2.errors[0].error.code).toBe("zip_corrupt");
  });

  it("reports unsupported compression methods by name", () => {
    const zip = patch(zipSync({ "a.pdf": pdf("a") }), (dv, [c]) => dv.setUint16(c + 10, 12, true));
    expect(expandZip(zip, "bz.zip").errors[0].error.message).toContain("(BZIP2)");
  });

  it("decodes legacy CP437 names and never lets ../ escape the archive", () => {
    const zip = patch(zipSync({ "x.pdf": pdf("a"), "../../etc/y.pdf": pdf("b") }), (dv, [c]) => {
      dv.setUint8(c + 46, 0x81); // CP437 "ü"
    });
    const out = expandZip(zip, "names.zip");
    expect(out.files.map((f) => f.path)).toEqual(["ü.pdf", "etc/y.pdf"]);
  });

  it("sniffs entries with the caller's allowed formats", () => {
    const out = expandZip(zipSync({ "a.pdf": pdf("a"), "r.csv": strToU8("a,b\n1,2\n") }), "s.zip", { sniff: { allowed: ["pdf"] } });
    expect(out.files.map((f) => f.name)).toEqual(["a.pdf"]);
    expect(out.errors[0].error.message).toContain("(it looks like a CSV file, which is not accepted here)");
  });
});
