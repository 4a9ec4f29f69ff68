/**
 * Insurance matcher on single pieces of Mexican fleet-list writing (lib/insurance/fixtures/generate-writing.ts):
 * brand abbreviations (VW, V.W., CHEV., M. BENZ), the cab in the model column (NP300 DOBLE CABINA), trims numbered
 * in Arabic or glued Roman numerals (TSURU GS1, GSII), years as 2019.0 or '19 (column or text), use words in the
 * description (USO CARGA, UTILITARIO, PASAJE). Each row is otherwise the catalog's own description.
 * Catalog: the held-out tiers catalog (seed 42, extended); rows seed 43.
 * Run: npx tsx bench/insurance-writing.ts [--per-kind 500] [--no-write] [--errors N]
 * Writes docs/bench/insurance-writing.md.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCatalogIndex } from "@/lib/insurance/catalog-index";
import { generateCatalog, toCatalogEntries } from "@/lib/insurance/fixtures/generate-catalog";
import { generateWritingRows, WRITING_KINDS } from "@/lib/insurance/fixtures/generate-writing";
import { matchRow } from "@/lib/insurance/matcher";
import { hasFlag, numberArg } from "./support/args";

const PER_KIND = numberArg("per-kind", 500);
const SHOW_ERRORS = numberArg("errors", 0);

const catalog = generateCatalog({ seed: 42, extended: true });
const index = buildCatalogIndex(toCatalogEntries(catalog));
const rows = generateWritingRows(catalog, { seed: 43, perKind: PER_KIND });
const lines: string[] = [];
const table: string[] = ["| kind | rows | top-1 | auto-accepted and right | auto-accepted and wrong |", "|---|---|---|---|---|"];
let shown = 0;
const total = { n: 0, right: 0, autoRight: 0, autoWrong: 0 };
for (const kind of WRITING_KINDS) {
  const of = rows.filter((r) => r.kind === kind);
  let right = 0;
  let autoRight = 0;
  let autoWrong = 0;
  for (const r of of) {
    const m = matchRow(index, r, { maxYear: 2027 });
    const ok = m.code === r.expectedCode;
    if (ok) right++;
    if (m.decision === "auto" && ok) autoRight++;
    if (m.decision === "auto" && !ok) autoWrong++;
    if (!ok && shown < SHOW_ERRORS) {
      shown++;
      console.log(`miss ${r.id}: ${JSON.stringify({ brand: r.brand, model: r.model, year: r.year, description: r.description })} → ${m.code} (${m.decision} ${m.confidence}) expected ${r.expectedCode}; ${m.reason ?? ""}`);
    }
  }
  const n = of.length || 1;
  const line = `${kind.padEnd(16)} rows ${of.length} | top-1 ${(right / n).toFixed(3)} | auto right ${(autoRight / n).toFixed(3)} | auto wrong ${autoWrong}`;
  console.log(line);
  lines.push(line);
  table.push(`| ${kind} | ${of.length} | ${(right / n).toFixed(3)} | ${(autoRight / n).toFixed(3)} | ${autoWrong} |`);
  total.n += of.length;
  total.right += right;
  total.autoRight += autoRight;
  total.autoWrong += autoWrong;
}
const all = `all              rows ${total.n} | top-1 ${(total.right / total.n).toFixed(3)} | auto right ${(total.autoRight / total.n).toFixed(3)} | auto wrong ${total.autoWrong}`;
console.log(all);
table.push(`| all | ${total.n} | ${(total.right / total.n).toFixed(3)} | ${(total.autoRight / total.n).toFixed(3)} | ${total.autoWrong} |`);

if (!hasFlag("no-write")) {
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "bench", "insurance-writing.md");
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, node ${process.version}, load average at start ${loadavg()[0].toFixed(1)}`;
  writeFileSync(
    out,
    `# Insurance matching on single pieces of fleet-list writing

Run: \`npx tsx bench/insurance-writing.ts\` on ${machine}; ${new Date().toISOString().slice(0, 10)}.
Catalog: 40,000 generated entries (seed 42, extended: the held-out tiers catalog); ${PER_KIND} rows per kind (seed 43),
each the catalog's own version text with one piece of Mexican fleet-list writing (\`fixtures/generate-writing.ts\`).
The spellings are the ones the matcher's rules were written for (brand abbreviations, Roman/Arabic trim numerals,
float and apostrophe years, use words): this is a check that those rules hold across a whole catalog, not a
held-out measure — the held-out figures are in insurance-tiers.md.

${table.join("\n")}
`,
  );
}
