import zlib from "node:zlib";

/**
 * Reading the structure of a .zip (central directory, local headers) without inflating anything.
 * Used by the sniffer (is this zip really an .xlsx?) and by the zip expander (declared sizes, encryption
 * flags and methods are known before a single byte is inflated).
 */

export interface ZipEntryHeader {
  /** Path inside the archive as stored ("/" separators). */
  name: string;
  flags: number;
  /** 0 = stored, 8 = deflate; anything else is not supported by the expander. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Absolute offset of the local file header in the buffer (corrected for data prepended to the zip). */
  localHeaderOffset: number;
  isDirectory: boolean;
  /** Traditional PKWARE encryption (flag bit 0) or WinZip AES (method 99). */
  encrypted: boolean;
}

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipFormatError";
  }
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

export function startsLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06) || (bytes[2] === 0x07 && bytes[3] === 0x08))
  );
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readU64(dv: DataView, offset: number): number {
  const lo = dv.getUint32(offset, true);
  const hi = dv.getUint32(offset + 4, true);
  const value = hi * 0x1_0000_0000 + lo;
  if (!Number.isSafeInteger(value)) throw new ZipFormatError("a size in the archive is too large to be real");
  return value;
}

/** Reads every entry of the central directory. Throws ZipFormatError when the archive is truncated or malformed. */
export function readCentralDirectory(bytes: Uint8Array, options: { maxEntries?: number } = {}): ZipEntryHeader[] {
  const dv = view(bytes);
  const len = bytes.length;
  if (len < 22) throw new ZipFormatError("the archive is truncated (no end-of-archive record)");

  let eocd = -1;
  const stop = Math.max(0, len - 22 - 0xffff);
  for (let i = len - 22; i >= stop; i--) {
    if (dv.getUint32(i, true) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError("the archive is truncated or damaged (no end-of-archive record)");

  let totalEntries = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  let cdEnd = eocd;

  if (totalEntries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc >= 0 && dv.getUint32(loc, true) === SIG_ZIP64_LOCATOR) {
      const z64 = readU64(dv, loc + 8);
      // The zip64 record normally sits right before the locator; trust that position over the stored offset.
      let z64Pos = -1;
      if (loc - 56 >= 0 && dv.getUint32(loc - 56, true) === SIG_ZIP64_EOCD) z64Pos = loc - 56;
      else if (z64 + 56 <= len && dv.getUint32(z64, true) === SIG_ZIP64_EOCD) z64Pos = z64;
      if (z64Pos < 0) throw new ZipFormatError("the archive's ZIP64 directory record is missing");
      totalEntries = readU64(dv, z64Pos + 32);
      cdSize = readU64(dv, z64Pos + 40);
      cdOffset = readU64(dv, z64Pos + 48);
      cdEnd = z64Pos;
    }
  }

  if (options.maxEntries !== undefined && totalEntries > options.maxEntries) {
    throw new TooManyEntriesError(totalEntries);
  }

  const cdStart = cdEnd - cdSize;
  if (cdStart < 0) throw new ZipFormatError("the archive's directory points outside the file (truncated?)");
  // Data prepended to the archive (self-extractors) shifts every stored offset by the same amount.
  const shift = cdStart - cdOffset;

  const entries: ZipEntryHeader[] = [];
  let p = cdStart;
  for (let n = 0; n < totalEntries; n++) {
    if (p + 46 > cdEnd || dv.getUint32(p, true) !== SIG_CENTRAL) {
      throw new ZipFormatError(`the archive's directory is damaged at entry ${n + 1}`);
    }
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc32 = dv.getUint32(p + 16, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let uncompressedSize = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let localOffset = dv.getUint32(p + 42, true);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLen;
    const next = extraStart + extraLen + commentLen;
    if (next > cdEnd) throw new ZipFormatError(`the archive's directory is damaged at entry ${n + 1}`);

    // ZIP64 extended information: only the fields that overflowed are present, in this order.
    let e = extraStart;
    while (e + 4 <= extraStart + extraLen) {
      const id = dv.getUint16(e, true);
      const size = dv.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        const end = q + size;
        if (uncompressedSize === 0xffffffff && q + 8 <= end) {
          uncompressedSize = readU64(dv, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= end) {
          compressedSize = readU64(dv, q);
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= end) localOffset = readU64(dv, q);
      }
      e += 4 + size;
    }

    const name = decodeName(bytes.subarray(nameStart, nameStart + nameLen), (flags & 0x800) !== 0);
    entries.push({
      name,
      flags,
      method,
      crc32,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: localOffset + shift,
      isDirectory: name.endsWith("/") || name.endsWith("\\"),
      encrypted: (flags & 0x1) !== 0 || method === 99,
    });
    p = next;
  }
  return entries;
}

export class TooManyEntriesError extends ZipFormatError {
  readonly count: number;
  constructor(count: number) {
    super(`the archive declares ${count} entries`);
    this.count = count;
  }
}

/** Byte range of an entry's compressed data, found through its local header. */
export function entryDataRange(bytes: Uint8Array, entry: ZipEntryHeader): { start: number; end: number } {
  const dv = view(bytes);
  const off = entry.localHeaderOffset;
  if (off < 0 || off + 30 > bytes.length || dv.getUint32(off, true) !== SIG_LOCAL) {
    throw new ZipFormatError("its local header is missing (the archive is damaged)");
  }
  const start = off + 30 + dv.getUint16(off + 26, true) + dv.getUint16(off + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError("its data runs past the end of the archive (truncated?)");
  return { start, end };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
// Code page 437, bytes 0x80-0xFF: the encoding of names in zips made without the UTF-8 flag (old Windows tools).
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag || raw.every((b) => b < 0x80)) return new TextDecoder("utf-8").decode(raw);
  try {
    return utf8.decode(raw);
  } catch {
    let s = "";
    for (const b of raw) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return s;
  }
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (the zip polynomial), used to verify every inflated entry. Native zlib when Node has it (≥ 20.15). */
export function crc32(data: Uint8Array, previous = 0): number {
  if (typeof zlib.crc32 === "function") return zlib.crc32(data, previous) >>> 0;
  return crc32Js(data, previous);
}

export function crc32Js(data: Uint8Array, previous = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
