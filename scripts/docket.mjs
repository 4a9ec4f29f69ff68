#!/usr/bin/env node
// The `docket` bin: runs scripts/docket.ts with tsx (TypeScript + the @/ path alias), from any directory.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const r = spawnSync(process.execPath, [tsxCli, "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "scripts", "docket.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
