/**
 * docket match --catalog <catalog.csv|xlsx> --input <rows.csv|fleet.xlsx> [--out result.csv]
 *              [--auto 0.9] [--review 0.5] [--max-year 2027]
 *
 * Matches fleet rows against a vehicle catalog with the offline matcher (the same code the app uses).
 * Input is either a rows CSV with columns id, brand, model, year, description (brand/model/year may be
 * blank; optional version, vin) or a broker spreadsheet (header detection + suggested mapping).
 * Output: id,code,confidence,decision plus the parsed attributes; an abstention writes code NONE.
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import Papa from "papaparse";
import { parseCatalog } from "@/lib/insurance/catalog";
import { buildCatalogIndex } from "@/lib/insurance/catalog-index";
import { headerKey } from "@/lib/insurance/fields";
import { matchRow, type FleetRowInput, type MatchResult } from "@/lib/insurance/matcher";
import { applyProfile, suggestProfile, toFleetRowInput } from "@/lib/insurance/profile";
import { cellText, isBlankRow, readWorkbook } from "@/lib/insurance/workbook";
import { parseOrUsage, UsageError } from "./usage";

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = `usage: docket match --catalog <catalog.csv|xlsx> --input <rows.csv|fleet.xlsx> [--out result.csv]
                    [--auto 0.9] [--review 0.5] [--max-year YYYY]
  rows CSV columns: id, brand, model, year, description (optional: version, vin)
  a broker spreadsheet (.xlsx or .csv without those columns) is read with header detection`;

function parseArgs(argv: string[]) {
  const out: Record<string, string> = {};
  const known = new Set(["catalog", "input", "out", "auto", "review", "max-year"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "match" && i === 0) continue;
    if (a === "--help" || a === "-h") throw new UsageError("");
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !known.has(m[1])) throw new UsageError(`unknown argument "${a}"`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`--${m[1]} needs a value`);
    out[m[1]] = value;
  }
  if (!out.catalog) throw new UsageError("--catalog is required");
  if (!out.input) throw new UsageError("--input is required");
  const num = (k: string) => {
    if (out[k] === undefined) return undefined;
    const n = Number(out[k]);
    if (!Number.isFinite(n)) throw new UsageError(`--${k} must be a number, got "${out[k]}"`);
    return n;
  };
  return { catalog: out.catalog, input: out.input, out: out.out, auto: num("auto"), review: num("review"), maxYear: num("max-year") };
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${what} ${path}: ${code === "ENOENT" ? "file not found" : (e as Error).message}`);
  }
}

interface InputRow {
  id: string;
  row: FleetRowInput;
  /** The row could not be read (bad year, amount…): written as NONE with this reason. */
  error?: string;
}

/** Rows CSV (id, brand, model, year, description) or null when the file is not shaped like one. */
function readRowsCsv(rows: (string | number | boolean | Date | null)[][], file: string, warn: (s: string) => void): InputRow[] | null {
  const headerIdx = rows.findIndex((r) => !isBlankRow(r));
  if (headerIdx < 0) return null;
  const header = rows[headerIdx].map((c) => headerKey(cellText(c)).toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col("id") < 0 || col("description") < 0) return null;
  const out: InputRow[] = [];
  for (let i = headerIdx + 1; i < rows.length; i++) {
    const r = rows[i];
    if (isBlankRow(r)) continue;
    const get = (name: string) => {
      const c = col(name);
      return c >= 0 ? cellText(r[c] ?? null) : "";
    };
    const id = get("id");
    if (!id) {
      warn(`${file} row ${i + 1}: id is empty; row skipped`);
      continue;
    }
    out.push({ id, row: { brand: get("brand"), model: get("model"), year: get("year"), version: get("version"), description: get("description"), vin: get("vin") } });
  }
  return out;
}

const ATTRIBUTE_COLUMNS = ["brand", "model", "year", "year_source", "vin", "doors", "transmission", "displacement", "cab", "traction", "fuel", "body", "trim"] as const;

function outputRow(id: string, r: MatchResult): Record<string, string> {
  const a = r.attributes;
  return {
    id,
    code: r.code ?? "NONE",
    confidence: r.confidence.toFixed(3),
    decision: r.decision,
    brand: a.brand ?? "",
    model: a.model ?? "",
    year: a.year !== undefined ? String(a.year) : "",
    year_source: a.yearSource ?? "",
    vin: a.vin ?? "",
    doors: a.doors !== undefined ? String(a.doors) : "",
    transmission: a.transmission ?? "",
    displacement: a.displacement ?? "",
    cab: a.cab ?? "",
    traction: a.traction ?? "",
    fuel: a.fuel ?? "",
    body: a.body ?? "",
    trim: a.trim.join(" "),
    candidates: r.candidates.map((c) => `${c.code}:${c.score}`).join(" "),
    learned: r.learned ? "yes" : "",
    reason: r.reason ?? "",
  };
}

/** Entry point wired as `npm run docket -- match ...`. Returns the process exit code. */
export async function runMatch(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const err = (s: string) => io.stderr.write(`${s}\n`);
  const parsed = parseOrUsage("match", USAGE, () => parseArgs(argv), err);
  if ("exit" in parsed) return parsed.exit;
  const { args } = parsed;
  try {
    const started = performance.now();
    const catalogName = basename(args.catalog);
    const catalog = await parseCatalog(await readBytes(args.catalog, "catalog"), catalogName);
    for (const e of catalog.errors.slice(0, 20)) err(`${catalogName} row ${e.row}: ${e.message}`);
    if (catalog.errors.length > 20) err(`${catalogName}: ${catalog.errors.length - 20} more row error(s) not shown`);
    if (!catalog.entries.length) throw new Error(`catalog ${args.catalog}: no usable entries`);
    const index = buildCatalogIndex(catalog.entries);

    const inputName = basename(args.input);
    const workbook = await readWorkbook(await readBytes(args.input, "input"), inputName);
    let inputs: InputRow[] | null = workbook.format === "csv" ? readRowsCsv(workbook.sheets[0].rows, inputName, err) : null;
    if (!inputs) {
      const { profile, suggestions } = suggestProfile(workbook);
      const mapped = suggestions.filter((s) => s.field).map((s) => `${s.column}→${s.field}`);
      err(`${inputName}: sheet "${profile.sheet.name}", header row ${profile.headerRow}; columns ${mapped.join(", ")}`);
      const applied = applyProfile(workbook, profile);
      if (!applied.fits) throw new Error(`${inputName}: ${applied.misfitReason}`);
      for (const d of applied.droppedRows) err(`${inputName} row ${d.rowNumber}: skipped ${d.reason}`);
      for (const e of applied.errors) err(`${inputName} row ${e.rowNumber}: ${e.field}: ${e.message}; written as NONE`);
      const good = applied.rows.map((r) => ({
        rowNumber: r.rowNumber,
        id: r.sourceId,
        row: toFleetRowInput(r.canonical),
        error: undefined as string | undefined,
      }));
      const bad = new Map<number, { rowNumber: number; id: string; row: FleetRowInput; error: string }>();
      for (const e of applied.errors) {
        const prev = bad.get(e.rowNumber);
        const msg = `${e.field}: ${e.message}`;
        bad.set(e.rowNumber, { rowNumber: e.rowNumber, id: e.sourceId ?? String(e.rowNumber), row: {}, error: prev ? `${prev.error}; ${msg}` : msg });
      }
      inputs = [...good, ...bad.values()].sort((a, b) => a.rowNumber - b.rowNumber);
    }
    const thresholds = { ...(args.auto !== undefined ? { auto: args.auto } : {}), ...(args.review !== undefined ? { review: args.review } : {}) };
    const counts = { auto: 0, review: 0, no_match: 0 };
    const out = inputs.map(({ id, row, error }) => {
      if (error) {
        counts.no_match++;
        return outputRow(id, { code: null, confidence: 0, decision: "no_match", candidates: [], attributes: { trim: [] }, reason: `row not read: ${error}` });
      }
      const r = matchRow(index, row, { thresholds, maxYear: args.maxYear });
      counts[r.decision]++;
      return outputRow(id, r);
    });
    const csv = Papa.unparse(
      { fields: ["id", "code", "confidence", "decision", ...ATTRIBUTE_COLUMNS, "candidates", "learned", "reason"], data: out.map((o) => [o.id, o.code, o.confidence, o.decision, ...ATTRIBUTE_COLUMNS.map((k) => o[k]), o.candidates, o.learned, o.reason]) },
      { newline: "\n" },
    );
    if (args.out) await writeFile(args.out, `${csv}\n`);
    else io.stdout.write(`${csv}\n`);
    err(
      `matched ${out.length} row(s) against ${catalog.entries.length} catalog entries in ${Math.round(performance.now() - started)} ms: ` +
        `auto ${counts.auto}, review ${counts.review}, no match ${counts.no_match}${args.out ? `; wrote ${args.out}` : ""}`,
    );
    return 0;
  } catch (e) {
    err(`docket match: ${(e as Error).message}`);
    return 1;
  }
}

// `npx tsx scripts/cli/match.ts --catalog … --input …` runs it directly as well
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMatch(process.argv.slice(2)).then((code) => process.exit(code));
}
