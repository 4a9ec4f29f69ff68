import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// pdf.js's legacy build replaces Node's JSON.parse and Array.prototype.push when it loads (see native-builtins). The
// only safe way in is loadPdfJs (lib/extraction/pdf.ts), which undoes that and keeps the import away from the bundler
// — a bundled import is evaluated by `next start` while it preloads the routes, outside keepNativeBuiltins.
const root = path.resolve(__dirname, "../..");
const SERVER_DIRS = ["app", "lib", "services", "db", "inngest", "scripts"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe("pdf.js loading", () => {
  it("server code imports pdf.js only through loadPdfJs, with the bundler kept out", () => {
    const offenders: string[] = [];
    for (const file of SERVER_DIRS.flatMap((d) => files(path.join(root, d)))) {
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(/(?<!typeof )import\(([^)]*)["']pdfjs-dist[^"']*["']\)/g)) {
        const rel = path.relative(root, file);
        if (rel !== path.join("lib", "extraction", "pdf.ts") || !m[1].includes("webpackIgnore: true")) offenders.push(`${rel}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the browser viewer reaches pages only through the client-only wrapper", () => {
    const offenders = files(path.join(root, "app")).filter((f) => readFileSync(f, "utf8").includes("pdf-viewer/pdf-pages"));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
