import { describe, expect, it } from "vitest";
import { decodeTextFile, mixedEncodingWarning } from "./decode-text";

const utf8 = (s: string) => Buffer.from(s, "utf8");
const latin1 = (s: string) => Buffer.from(s, "latin1");

describe("decoding text files", () => {
  it("reads UTF-8 (with or without BOM), Windows-1252 and UTF-16 files whole", () => {
    expect(decodeTextFile(utf8("nombre,ciudad\nJosé,Mérida\n"))).toEqual({ text: "nombre,ciudad\nJosé,Mérida\n", encoding: "utf-8", legacyLines: [] });
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8("a\nñ\n")])).text).toBe("a\nñ\n");
    expect(decodeTextFile(latin1("nombre\nJosé\nNuñez\n"))).toEqual({ text: "nombre\nJosé\nNuñez\n", encoding: "windows-1252", legacyLines: [] });
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("año\n", "utf16le")])).text).toBe("año\n");
    // Windows-1252 bytes 0x80–0x9f are the euro sign and curly quotes, not control characters
    expect(decodeTextFile(Buffer.from([0x80, 0x20, 0x93, 0x61, 0x94])).text).toBe("€ “a”");
  });

  it("a UTF-8 file with rows pasted from a Windows-1252 one keeps every row readable and names the legacy lines", () => {
    const data = Buffer.concat([utf8("nombre,ciudad\nJosé,Mérida\n"), latin1("Nuñez,Cancún\n"), utf8("Zoë,Querétaro\n")]);
    const d = decodeTextFile(data);
    expect(d.encoding).toBe("mixed");
    expect(d.text).toBe("nombre,ciudad\nJosé,Mérida\nNuñez,Cancún\nZoë,Querétaro\n");
    expect(d.legacyLines).toEqual([3]);
    expect(mixedEncodingWarning("lista.csv", d)).toMatch(/^lista\.csv mixes two text encodings: line 3 was saved as Windows-1252/);
    expect(mixedEncodingWarning("lista.csv", decodeTextFile(utf8("a\n")))).toBeNull();
  });
});
