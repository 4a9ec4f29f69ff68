import { looksLikeEInvoiceXml, MAX_XML_BYTES } from "@/lib/extraction/einvoice";
import { IntakeError, fileLabel, formatBytes } from "./errors";
import { readCentralDirectory, startsLikeZip } from "./zip-format";

/**
 * Content type by content, never by extension: a file named invoice.pdf that is really an HTML error
 * page is rejected with a message that says so.
 */

export type IntakeFormat = "pdf" | "png" | "jpeg" | "tiff" | "zip" | "eml" | "csv" | "xlsx" | "xml";
export type IntakeKind = "pdf" | "image" | "archive" | "email" | "spreadsheet" | "einvoice";

export interface SniffResult {
  format: IntakeFormat;
  mime: string;
  kind: IntakeKind;
  /** Canonical extension without the dot, for naming stored blobs. */
  extension: string;
  size: number;
}

export interface SniffOptions {
  /** Largest accepted file, in bytes. Default 25 MB. */
  maxFileBytes?: number;
  /** Formats accepted here; anything else is an `unsupported_type` error. Default: all formats. */
  allowed?: readonly IntakeFormat[];
}

export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

export const ALL_FORMATS: readonly IntakeFormat[] = ["pdf", "png", "jpeg", "tiff", "zip", "eml", "csv", "xlsx", "xml"];

const FORMAT_INFO: Record<IntakeFormat, { mime: string; kind: IntakeKind; extension: string; label: string }> = {
  pdf: { mime: "application/pdf", kind: "pdf", extension: "pdf", label: "PDF" },
  png: { mime: "image/png", kind: "image", extension: "png", label: "PNG" },
  jpeg: { mime: "image/jpeg", kind: "image", extension: "jpg", label: "JPEG" },
  tiff: { mime: "image/tiff", kind: "image", extension: "tiff", label: "TIFF" },
  zip: { mime: "application/zip", kind: "archive", extension: "zip", label: "ZIP" },
  eml: { mime: "message/rfc822", kind: "email", extension: "eml", label: "email" },
  csv: { mime: "text/csv", kind: "spreadsheet", extension: "csv", label: "CSV" },
  // e-invoices only (UBL, CFDI, CII), recognised by their root element; other XML is refused
  xml: { mime: "application/xml", kind: "einvoice", extension: "xml", label: "e-invoice XML" },
  xlsx: {
    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    kind: "spreadsheet",
    extension: "xlsx",
    label: "Excel (.xlsx)",
  },
};

export function formatInfo(format: IntakeFormat): { mime: string; kind: IntakeKind; extension: string; label: string } {
  return FORMAT_INFO[format];
}

/**
 * Identifies a file by its bytes. Returns what it is, or an IntakeError (not thrown) naming the file:
 * empty, over the size limit, or a type that is not accepted ("it looks like a Word document").
 */
export function sniff(bytes: Uint8Array, filename: string, options: SniffOptions = {}): SniffResult | IntakeError {
  const label = fileLabel(filename);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const allowed = options.allowed ?? ALL_FORMATS;

  if (bytes.length === 0) {
    return new IntakeError("empty", `${label}: the file is empty (0 bytes); check that it was saved completely and upload it again`, {
      filename,
    });
  }
  if (bytes.length > maxBytes) {
    return new IntakeError(
      "too_large",
      `${label}: the file is ${formatBytes(bytes.length)}, larger than the ${formatBytes(maxBytes)} limit per file`,
      { filename },
    );
  }

  const detected = detectFormat(bytes);
  if (detected.format === "xml" && bytes.length > MAX_XML_BYTES && allowed.includes("xml")) {
    return new IntakeError("too_large", `${label}: the e-invoice XML is ${formatBytes(bytes.length)}, larger than the ${formatBytes(MAX_XML_BYTES)} an e-invoice may be`, { filename });
  }
  if (detected.format && allowed.includes(detected.format)) {
    const info = FORMAT_INFO[detected.format];
    return { format: detected.format, mime: info.mime, kind: info.kind, extension: info.extension, size: bytes.length };
  }

  const looksLike = detected.format
    ? `${withArticle(FORMAT_INFO[detected.format].label)} file, which is not accepted here`
    : detected.looksLike;
  return new IntakeError(
    "unsupported_type",
    `${label}: this file is not ${acceptedList(allowed)} (it looks like ${looksLike})`,
    { filename },
  );
}

/** Same as `sniff` but throws the IntakeError. */
export function sniffOrThrow(bytes: Uint8Array, filename: string, options: SniffOptions = {}): SniffResult {
  const result = sniff(bytes, filename, options);
  if (result instanceof IntakeError) throw result;
  return result;
}

function acceptedList(allowed: readonly IntakeFormat[]): string {
  const labels = allowed.map((f) => FORMAT_INFO[f].label);
  if (labels.length === 0) return "an accepted type";
  if (labels.length === 1) return `${withArticle(labels[0])} file`;
  return `${withArticle(labels.slice(0, -1).join(", "))} or ${labels[labels.length - 1]}`;
}

function withArticle(phrase: string): string {
  return `${/^[AEIOU]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}

interface Detection {
  format: IntakeFormat | null;
  /** For unknown content, a short human description: "a Word document (.docx)". */
  looksLike: string;
}

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean =>
  bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

const ascii = (bytes: Uint8Array, start: number, end: number): string => {
  let s = "";
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i]);
  return s;
};

/** Finds the format of a buffer from its content alone. */
export function detectFormat(bytes: Uint8Array): Detection {
  const head = ascii(bytes, 0, 1024);
  if (head.startsWith("%PDF-")) return { format: "pdf", looksLike: "a PDF" };
  // Signatures at offset 0 come before the PDF-anywhere rule: a zip that stores a PDF uncompressed has "%PDF-" in
  // its first kilobyte too, and it is a zip.
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { format: "png", looksLike: "a PNG image" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { format: "jpeg", looksLike: "a JPEG image" };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { format: "tiff", looksLike: "a TIFF image" };
  }
  if (startsLikeZip(bytes)) return detectZipFlavour(bytes);
  // PDF readers accept the header anywhere in the first 1 KB (some generators prepend junk).
  if (head.includes("%PDF-")) return { format: "pdf", looksLike: "a PDF" };

  const other = describeBinary(bytes);
  if (other) return { format: null, looksLike: other };

  const text = decodeTextSample(bytes);
  if (text === null) {
    const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(" ");
    return { format: null, looksLike: `unrecognised binary data starting with ${hex}` };
  }
  if (looksLikeEmail(text)) return { format: "eml", looksLike: "an email" };
  const trimmed = text.trimStart().toLowerCase();
  if (trimmed.startsWith("<!doctype html") || trimmed.startsWith("<html") || /<(head|body)[\s>]/.test(trimmed.slice(0, 2000))) {
    return { format: null, looksLike: "a web page (HTML), perhaps an error page saved instead of the file" };
  }
  if (trimmed.startsWith("<") && looksLikeEInvoiceXml(text)) return { format: "xml", looksLike: "an e-invoice (XML)" };
  if (trimmed.startsWith("<?xml") || trimmed.startsWith("<svg")) {
    return { format: null, looksLike: trimmed.includes("<svg") ? "an SVG drawing" : "an XML file" };
  }
  if (trimmed.startsWith("{\\rtf")) return { format: null, looksLike: "an RTF document" };
  if (trimmed.startsWith("%!ps")) return { format: null, looksLike: "a PostScript file" };
  if (looksLikeCsv(text, bytes.length > SAMPLE_BYTES)) return { format: "csv", looksLike: "a CSV table" };
  if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && looksLikeJson(text)) return { format: null, looksLike: "JSON data" };
  return { format: null, looksLike: "plain text" };
}

function detectZipFlavour(bytes: Uint8Array): Detection {
  let names: string[];
  try {
    names = readCentralDirectory(bytes, { maxEntries: 100_000 }).map((e) => e.name);
  } catch {
    // A damaged zip is still a zip; the expander reports exactly what is wrong with it.
    return { format: "zip", looksLike: "a ZIP archive" };
  }
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  const contentTypes = names.includes("[Content_Types].xml");
  if (contentTypes && has("xl/")) return { format: "xlsx", looksLike: "an Excel workbook" };
  if (contentTypes && has("word/")) return { format: null, looksLike: "a Word document (.docx)" };
  if (contentTypes && has("ppt/")) return { format: null, looksLike: "a PowerPoint presentation (.pptx)" };
  if (names[0] === "mimetype" && names.includes("content.xml")) return { format: null, looksLike: "an OpenDocument file (.odt/.ods)" };
  if (names.includes("META-INF/container.xml") && names[0] === "mimetype") return { format: null, looksLike: "an e-book (.epub)" };
  return { format: "zip", looksLike: "a ZIP archive" };
}

function describeBinary(bytes: Uint8Array): string | null {
  const a = (s: string, at = 0) => ascii(bytes, at, at + s.length) === s;
  if (a("GIF87a") || a("GIF89a")) return "a GIF image";
  if (a("RIFF") && a("WEBP", 8)) return "a WebP image";
  if (a("BM") && bytes.length >= 6 && new DataView(bytes.buffer, bytes.byteOffset).getUint32(2, true) === bytes.length) return "a BMP image";
  if (a("ftyp", 4)) {
    const brand = ascii(bytes, 8, 12);
    if (/^(heic|heix|hevc|mif1|msf1)$/.test(brand)) return "a HEIC photo (as iPhones save them); export it as JPEG or PDF";
    if (brand === "avif") return "an AVIF image";
    return "a video or audio file";
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return "an Outlook .msg message or an old-format Office file (.doc/.xls); save it as PDF, .eml or .xlsx";
  }
  if (a("Rar!")) return "a RAR archive; repack it as .zip";
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return "a 7-Zip archive; repack it as .zip";
  if (startsWith(bytes, [0x1f, 0x8b])) return "a gzip archive; repack it as .zip";
  if (a("MZ")) return "a Windows program";
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return "a program (ELF executable)";
  if (a("ID3") || startsWith(bytes, [0xff, 0xfb])) return "an MP3 audio file";
  return null;
}

const SAMPLE_BYTES = 16 * 1024;

/** Decodes the first 16 KB as text, or null when it is binary (NUL bytes, many control characters). */
function decodeTextSample(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return null;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > sample.length / 100 + 2) return null;
  let text: string;
  try {
    // A multi-byte character may be cut at the sample boundary; `stream: true` tolerates that.
    text = new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: bytes.length > SAMPLE_BYTES });
  } catch {
    text = new TextDecoder("latin1").decode(sample);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const KNOWN_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "received",
  "return-path",
  "content-type",
  "delivered-to",
  "reply-to",
  "sender",
  "x-mailer",
  "dkim-signature",
  "authentication-results",
  "in-reply-to",
  "references",
  "x-original-to",
  "thread-topic",
]);
const ANCHOR_HEADERS = ["from", "received", "message-id", "mime-version", "return-path", "delivered-to"];

/** RFC 5322 heuristic: a block of "Name: value" header lines with folded continuations, naming real mail headers. */
export function looksLikeEmail(text: string): boolean {
  const lines = text.split(/\r?\n/);
  let i = 0;
  if (lines[0]?.startsWith("From ")) i = 1; // mbox separator line
  const seen = new Set<string>();
  let headerLines = 0;
  for (; i < lines.length && i < 500; i++) {
    const line = lines[i];
    if (line === "") break;
    if (/^[ \t]/.test(line)) {
      if (headerLines === 0) return false;
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    if (!m) return false;
    headerLines++;
    seen.add(m[1].toLowerCase());
  }
  let known = 0;
  for (const h of seen) if (KNOWN_HEADERS.has(h)) known++;
  return known >= 2 && ANCHOR_HEADERS.some((h) => seen.has(h));
}

/** Splits one CSV line honouring double quotes (a quoted field may not span lines in this sample check). */
function countFields(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (quoted && line[i + 1] === '"') i++;
      else quoted = !quoted;
    } else if (c === delimiter && !quoted) fields++;
  }
  return fields;
}

/** At least two lines whose field counts agree (≥ 80 %) for one of `,` `;` tab `|`, with ≥ 2 fields. */
export function looksLikeCsv(text: string, truncated: boolean): boolean {
  let lines = text.split(/\r?\n/);
  if (truncated) lines = lines.slice(0, -1);
  lines = lines.filter((l) => l.trim() !== "").slice(0, 50);
  if (lines.length < 2) return false;
  for (const delimiter of [",", ";", "\t", "|"]) {
    const counts = lines.map((l) => countFields(l, delimiter));
    const header = counts[0];
    if (header < 2) continue;
    const agreeing = counts.filter((c) => c === header).length;
    if (agreeing / counts.length >= 0.8) return true;
  }
  return false;
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return /^[[{]\s*["[{]/.test(text.trimStart());
  }
}
