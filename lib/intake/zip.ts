import { Inflate } from "fflate";
import { IntakeError, fileLabel, formatBytes } from "./errors";
import { sniff, type SniffOptions, type SniffResult } from "./sniff";
import {
  TooManyEntriesError,
  ZipFormatError,
  crc32,
  entryDataRange,
  readCentralDirectory,
  type ZipEntryHeader,
} from "./zip-format";

/**
 * Expands an uploaded .zip into its files, defending against zip bombs: limits on entry count, total
 * and per-file uncompressed size, compression ratio and nesting depth, checked on the sizes the archive
 * declares AND on the bytes actually produced while inflating (a lying header cannot get past). One bad
 * entry (encrypted, corrupt, unsupported type) is reported on its own and the good entries are kept.
 */

export interface ZipLimits {
  /** Uncompressed bytes across the whole archive, nested archives included. Default 200 MB. */
  maxTotalBytes?: number;
  /** Entries across the whole archive, nested archives included. Default 1000. */
  maxEntries?: number;
  /** Uncompressed size of one entry. Default 25 MB (the per-file upload limit). */
  maxEntryBytes?: number;
  /** Largest uncompressed/compressed ratio of one entry. Default 250 (deflate's ceiling is ~1030). */
  maxRatio?: number;
  /** Entries smaller than this are not ratio-checked (a 1 KB file of spaces is harmless). Default 1 MB. */
  ratioMinBytes?: number;
  /** How many archives deep a zip may sit inside another: 1 = zips inside the upload are expanded, not deeper. Default 2. */
  maxDepth?: number;
}

export interface ExpandZipOptions extends ZipLimits {
  /** Options for sniffing each entry; entries that are not an accepted format become entry errors. */
  sniff?: SniffOptions;
}

export interface ZipFile {
  /** Path inside the upload, nested archives joined with "/" ("march.zip/inv-1.pdf"). */
  path: string;
  /** Base name ("inv-1.pdf"). */
  name: string;
  bytes: Uint8Array;
  type: SniffResult;
}

export interface ZipEntryProblem {
  path: string;
  error: IntakeError;
}

export type ZipSkipReason = "directory" | "macos-metadata" | "hidden-file" | "system-file";

export interface ExpandedZip {
  files: ZipFile[];
  errors: ZipEntryProblem[];
  skipped: { path: string; reason: ZipSkipReason }[];
}

export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 1000,
  maxEntryBytes: 25 * 1024 * 1024,
  maxRatio: 250,
  ratioMinBytes: 1024 * 1024,
  maxDepth: 2,
};

interface Budget {
  limits: Required<ZipLimits>;
  entries: number;
  bytes: number;
}

/**
 * Expands `bytes` (a zip named `filename`). Throws IntakeError only when the archive as a whole is
 * unusable (damaged directory, too many entries, would expand past the total limit, overlapping entries);
 * otherwise every entry ends up in exactly one of files / errors / skipped.
 */
export function expandZip(bytes: Uint8Array, filename: string, options: ExpandZipOptions = {}): ExpandedZip {
  const limits: Required<ZipLimits> = { ...DEFAULT_ZIP_LIMITS, ...definedOnly(options) };
  const budget: Budget = { limits, entries: 0, bytes: 0 };
  const out: ExpandedZip = { files: [], errors: [], skipped: [] };
  expandInto(bytes, fileLabel(filename), "", 1, budget, options.sniff ?? {}, out);
  return out;
}

function definedOnly(options: ZipLimits): ZipLimits {
  const result: ZipLimits = {};
  for (const key of Object.keys(DEFAULT_ZIP_LIMITS) as (keyof ZipLimits)[]) {
    const v = options[key];
    if (v !== undefined) result[key] = v;
  }
  return result;
}

function expandInto(
  bytes: Uint8Array,
  archiveLabel: string,
  pathPrefix: string,
  depth: number,
  budget: Budget,
  sniffOptions: SniffOptions,
  out: ExpandedZip,
): void {
  const { limits } = budget;
  let entries: ZipEntryHeader[];
  try {
    entries = readCentralDirectory(bytes, { maxEntries: limits.maxEntries - budget.entries });
  } catch (e) {
    if (e instanceof TooManyEntriesError) {
      throw new IntakeError(
        "zip_too_many_entries",
        `${archiveLabel}: the archive holds ${e.count} entries, more than the ${limits.maxEntries} allowed in one upload; split it into smaller archives`,
        { filename: archiveLabel },
      );
    }
    if (e instanceof ZipFormatError) {
      throw new IntakeError("zip_corrupt", `${archiveLabel}: this zip cannot be opened: ${e.message}`, { filename: archiveLabel, cause: e });
    }
    throw e;
  }

  const kept: { entry: ZipEntryHeader; path: string }[] = [];
  for (const entry of entries) {
    const inner = cleanPath(entry.name);
    const path = pathPrefix + inner;
    const reason = skipReason(entry, inner);
    if (reason) out.skipped.push({ path, reason });
    else kept.push({ entry, path });
  }

  budget.entries += kept.length;
  if (budget.entries > limits.maxEntries) {
    throw new IntakeError(
      "zip_too_many_entries",
      `${archiveLabel}: the archive holds more than the ${limits.maxEntries} files allowed in one upload; split it into smaller archives`,
      { filename: archiveLabel },
    );
  }

  const declaredTotal = kept.reduce((sum, k) => sum + (k.entry.encrypted ? 0 : k.entry.uncompressedSize), 0);
  if (budget.bytes + declaredTotal > limits.maxTotalBytes) {
    throw new IntakeError(
      "zip_bomb",
      `${archiveLabel}: the archive would expand to ${formatBytes(budget.bytes + declaredTotal)}, more than the ${formatBytes(limits.maxTotalBytes)} allowed for one upload; split it into smaller archives`,
      { filename: archiveLabel },
    );
  }
  assertNoOverlap(entries, archiveLabel);

  for (const { entry, path } of kept) {
    const label = `${archiveLabel} › ${path.slice(pathPrefix.length)}`;
    const fail = (error: IntakeError) => out.errors.push({ path, error });
    let data: Uint8Array;
    try {
      data = inflateEntry(bytes, entry, label, limits);
    } catch (e) {
      if (e instanceof IntakeError) {
        fail(e);
        continue;
      }
      throw e;
    }
    budget.bytes += data.length;

    const type = sniff(data, label, sniffOptions);
    if (type instanceof IntakeError) {
      fail(type);
      continue;
    }
    if (type.format === "zip") {
      if (depth >= limits.maxDepth) {
        fail(
          new IntakeError(
            "zip_too_deep",
            `${label}: zip archives are nested more than ${limits.maxDepth} deep; unpack the inner archive and upload its files`,
            { filename: label },
          ),
        );
        continue;
      }
      try {
        expandInto(data, label, `${path}/`, depth + 1, budget, sniffOptions, out);
      } catch (e) {
        if (e instanceof IntakeError) fail(e);
        else throw e;
      }
      continue;
    }
    out.files.push({ path, name: baseName(path), bytes: data, type });
  }
}

function inflateEntry(bytes: Uint8Array, entry: ZipEntryHeader, label: string, limits: Required<ZipLimits>): Uint8Array {
  const err = (code: ConstructorParameters<typeof IntakeError>[0], message: string, cause?: unknown) =>
    new IntakeError(code, `${label}: ${message}`, { filename: label, cause });

  if (entry.encrypted) {
    throw err("zip_encrypted", "this file is password-protected inside the zip; extract it with the password and upload the file itself");
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw err(
      "zip_unsupported_method",
      `this file uses a compression method (${methodName(entry.method)}) that cannot be read; re-create the zip with standard (deflate) compression`,
    );
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw err("too_large", `the file is ${formatBytes(entry.uncompressedSize)}, larger than the ${formatBytes(limits.maxEntryBytes)} limit per file`);
  }
  const compressed = Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > limits.ratioMinBytes && entry.uncompressedSize / compressed > limits.maxRatio) {
    throw err(
      "zip_bomb",
      `this entry claims to expand ${Math.round(entry.uncompressedSize / compressed)}× (${formatBytes(entry.compressedSize)} → ${formatBytes(entry.uncompressedSize)}), beyond the ${limits.maxRatio}× allowed; it looks like a zip bomb`,
    );
  }

  let range: { start: number; end: number };
  try {
    range = entryDataRange(bytes, entry);
  } catch (e) {
    throw err("zip_corrupt", `this entry cannot be read: ${(e as Error).message}`, e);
  }
  const input = bytes.subarray(range.start, range.end);

  let output: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw err("zip_corrupt", "this stored entry's sizes disagree (the zip is damaged)");
    output = input.slice();
  } else {
    output = inflateWithLimits(input, entry, label, limits);
  }

  if (output.length !== entry.uncompressedSize) {
    throw err(
      "zip_corrupt",
      `this entry expands to ${formatBytes(output.length)} but the zip says ${formatBytes(entry.uncompressedSize)} (the zip is damaged)`,
    );
  }
  if (crc32(output) !== entry.crc32) throw err("zip_corrupt", "this entry's checksum does not match (the zip is damaged)");
  return output;
}

// Deflate cannot expand one input byte into more than ~1032 output bytes, so feeding at most
// (bytes still allowed / 1032) per push, and at least 4 KB, bounds how far one push can overshoot a limit (≤ ~4 MB).
const DEFLATE_MAX_RATIO = 1032;
const MIN_INPUT_CHUNK = 4 * 1024;
const MAX_INPUT_CHUNK = 256 * 1024;

/** Inflates in small chunks, counting real output and stopping as soon as a limit is crossed. */
function inflateWithLimits(input: Uint8Array, entry: ZipEntryHeader, label: string, limits: Required<ZipLimits>): Uint8Array {
  // The real output may not exceed the declared size (itself within the per-file limit): a header that lies
  // about the size is caught after at most one chunk of output, never after inflating the whole bomb.
  const cap = Math.min(entry.uncompressedSize, limits.maxEntryBytes);
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > cap) {
      overflow = true;
      return;
    }
    chunks.push(chunk);
  });
  try {
    for (let off = 0; off < input.length && !overflow; ) {
      const allowed = Math.max(0, cap - produced);
      const step = Math.min(MAX_INPUT_CHUNK, Math.max(MIN_INPUT_CHUNK, Math.floor(allowed / DEFLATE_MAX_RATIO)));
      const end = Math.min(off + step, input.length);
      inflater.push(input.subarray(off, end), end === input.length);
      const consumed = Math.max(end, 1);
      if (produced > limits.ratioMinBytes && produced / consumed > limits.maxRatio) {
        throw new IntakeError(
          "zip_bomb",
          `${label}: this entry expands more than ${limits.maxRatio}× while being unpacked; it looks like a zip bomb`,
          { filename: label },
        );
      }
      off = end;
    }
    if (input.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw new IntakeError("zip_corrupt", `${label}: this entry's compressed data is damaged (${(e as Error).message})`, {
      filename: label,
      cause: e,
    });
  }
  if (overflow) {
    throw new IntakeError(
      "zip_bomb",
      produced > limits.maxEntryBytes && entry.uncompressedSize >= limits.maxEntryBytes
        ? `${label}: this entry expands past the ${formatBytes(limits.maxEntryBytes)} limit per file`
        : `${label}: this entry expands to more than the ${formatBytes(entry.uncompressedSize)} its header declares; it looks like a zip bomb`,
      { filename: label },
    );
  }
  const result = new Uint8Array(produced);
  let p = 0;
  for (const c of chunks) {
    result.set(c, p);
    p += c.length;
  }
  return result;
}

/** Several directory entries pointing at the same compressed bytes is the "overlapping files" zip bomb. */
function assertNoOverlap(entries: ZipEntryHeader[], archiveLabel: string): void {
  const ranges = entries
    .filter((e) => !e.isDirectory && e.compressedSize > 0)
    .map((e) => ({ start: e.localHeaderOffset, end: e.localHeaderOffset + 30 + e.compressedSize }))
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].start < ranges[i - 1].end) {
      throw new IntakeError(
        "zip_bomb",
        `${archiveLabel}: several entries of this zip share the same data, a trick used by zip bombs; the archive was not unpacked`,
        { filename: archiveLabel },
      );
    }
  }
}

function methodName(method: number): string {
  const names: Record<number, string> = { 9: "Deflate64", 12: "BZIP2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd" };
  return names[method] ?? `method ${method}`;
}

function cleanPath(name: string): string {
  const parts = name
    .replace(/\\/g, "/")
    .replace(/^[A-Za-z]:/, "")
    .split("/")
    .filter((p) => p !== "" && p !== "." && p !== "..");
  return parts.join("/") + (name.endsWith("/") || name.endsWith("\\") ? "/" : "");
}

function baseName(path: string): string {
  const parts = path.split("/");
  return parts[parts.length - 1];
}

const SYSTEM_FILES = new Set(["thumbs.db", "desktop.ini", "ehthumbs.db"]);

function skipReason(entry: ZipEntryHeader, cleanedPath: string): ZipSkipReason | null {
  if (entry.isDirectory || cleanedPath === "") return "directory";
  const segments = cleanedPath.split("/").filter(Boolean);
  if (segments.includes("__MACOSX")) return "macos-metadata";
  if (segments.some((s) => s.startsWith("."))) return "hidden-file";
  const base = (segments[segments.length - 1] ?? "").toLowerCase();
  if (SYSTEM_FILES.has(base) || base.startsWith("~$")) return "system-file";
  return null;
}
