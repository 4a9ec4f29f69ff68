/**
 * npm run bench [-- name ... [--flag value ...]]   (flags go on to each bench: `npm run bench -- pages --requests 10`)
 * Runs the benchmark scripts in bench/ one after another (each prints its figures and writes docs/bench/<name>.md),
 * then assembles docs/BENCHMARKS.md from every docs/bench/*.md with the machine and the date.
 * Benchmarks are never timed tests: they report, they do not fail the build.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = process.cwd();
const skipRun = process.argv.includes("--assemble-only");
const all = readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.endsWith(".test.ts"))
  .map((f) => f.replace(/\.ts$/, ""));
// Arguments naming a bench pick it; every other one (`--requests 10`, `--build`) goes on to each bench run.
const args = process.argv.slice(2).filter((a) => a !== "--assemble-only");
const only = args.filter((a) => all.includes(a));
const forwarded = args.filter((a) => !all.includes(a));
const scripts = all.filter((name) => only.length === 0 || only.includes(name));

const failed: string[] = [];
if (!skipRun) {
  for (const name of scripts) {
    console.log(`\n=== bench/${name}.ts`);
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join("bench", `${name}.ts`), ...forwarded], { stdio: "inherit", cwd: root, env: process.env });
    if (r.status !== 0) failed.push(name);
  }
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
let commit = "";
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).toString().trim();
} catch {
  commit = "unknown";
}
const sections = readdirSync(path.join(root, "docs", "bench"))
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => readFileSync(path.join(root, "docs", "bench", f), "utf8").trim());

const doc = `# Benchmarks

Assembled by \`npm run bench\` from \`docs/bench/*.md\`; each section is written by its script in \`bench/\`, which states
the date it ran. Assembled ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,
Node ${process.version}, ${os.type()} ${os.release()}, commit ${commit}. Re-run one with \`npm run bench -- <name>\`.

${sections.join("\n\n---\n\n")}
`;
writeFileSync(path.join(root, "docs", "BENCHMARKS.md"), doc);
console.log(`\nwrote docs/BENCHMARKS.md (${sections.length} sections)${failed.length ? `; failed: ${failed.join(", ")}` : ""}`);
process.exit(failed.length ? 1 : 0);
