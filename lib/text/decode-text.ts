// Text files (CSV exports) as people really send them: UTF-8, Excel's Windows-1252 "CSV" on Spanish and other
// European Windows, UTF-16 with a byte-order mark, or a mix — a UTF-8 file with rows pasted in from a Windows-1252
// one. Each line is decoded on its own, so the UTF-8 rows are not garbled because another row is not; the caller
// gets a warning naming the lines that were read as Windows-1252 so a person can check their accents.

export interface DecodedText {
  text: string;
  encoding: "utf-8" | "windows-1252" | "utf-16le" | "utf-16be" | "mixed";
  /** 1-based line numbers decoded as Windows-1252 in a file that is otherwise UTF-8. */
  legacyLines: number[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

// Windows-1252 by hand: Node's TextDecoder("windows-1252") decodes 0x80–0x9F as C1 control characters (ISO-8859-1),
// which turns the euro sign and curly quotes of every Excel export into invisible garbage.
const CP1252_80_9F = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const cp1252 = {
  decode(bytes: Uint8Array): string {
    let out = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      const chunk = bytes.subarray(i, i + 8192);
      out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F.charCodeAt(b - 0x80) : b)));
    }
    return out;
  },
};

export function decodeTextFile(data: Uint8Array): DecodedText {
  if (data[0] === 0xff && data[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(data.subarray(2)), encoding: "utf-16le", legacyLines: [] };
  if (data[0] === 0xfe && data[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(data.subarray(2)), encoding: "utf-16be", legacyLines: [] };
  const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  const body = data.subarray(bom);
  try {
    return { text: utf8.decode(body), encoding: "utf-8", legacyLines: [] };
  } catch {
    // not UTF-8 throughout: line by line (a line break is the same byte in both encodings)
  }
  const parts: string[] = [];
  const legacyLines: number[] = [];
  let utf8Lines = 0;
  let start = 0;
  let line = 1;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x0a) {
      const chunk = body.subarray(start, i === body.length ? i : i + 1);
      try {
        parts.push(utf8.decode(chunk));
        if (chunk.some((b) => b >= 0x80)) utf8Lines++;
      } catch {
        parts.push(cp1252.decode(chunk));
        legacyLines.push(line);
      }
      start = i + 1;
      line++;
    }
  }
  // a file whose only non-ASCII lines are Windows-1252 is simply a Windows-1252 file
  if (utf8Lines === 0) return { text: cp1252.decode(body), encoding: "windows-1252", legacyLines: [] };
  return { text: parts.join(""), encoding: "mixed", legacyLines };
}

/** The warning to show beside an import that mixed encodings, or null. */
export function mixedEncodingWarning(filename: string, d: DecodedText): string | null {
  if (d.encoding !== "mixed") return null;
  const shown = d.legacyLines.slice(0, 10).join(", ") + (d.legacyLines.length > 10 ? ` and ${d.legacyLines.length - 10} more` : "");
  return (
    `${filename} mixes two text encodings: line${d.legacyLines.length > 1 ? "s" : ""} ${shown} ${d.legacyLines.length > 1 ? "were" : "was"} ` +
    "saved as Windows-1252 (Latin-1) and the rest as UTF-8. Each line was read in its own encoding; check the accents on those lines, " +
    "or save the file again as \"CSV UTF-8\" and upload it."
  );
}
