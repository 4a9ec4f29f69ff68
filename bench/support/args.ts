// Command-line options of the bench/ scripts (`--name value`, `--flag`). Node built-ins only, so a script that
// needs nothing else stays light.

import { readFileSync } from "node:fs";

const argv = process.argv.slice(2);

// `--help` / `-h`: the script's opening comment (its usage and what it measures), instead of running the bench.
if (argv.includes("--help") || argv.includes("-h")) {
  const opening = /^\/\*\*([\s\S]*?)\*\//.exec(readFileSync(process.argv[1]!, "utf8"));
  console.log(opening ? opening[1]!.replace(/^ ?\* ?/gm, "").trim() : "No usage written for this bench; read its source.");
  process.exit(0);
}

/** `--name N` from the command line, or the default. */
export function numberArg(name: string, dflt: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
}

/** `--name text` from the command line, or the default. */
export function stringArg(name: string, dflt: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : dflt;
}

export const hasFlag = (name: string) => argv.includes(`--${name}`);
