// Command-line options of the bench/ scripts (`--name value`, `--flag`). Node built-ins only, so a script that
// needs nothing else stays light.

const argv = process.argv.slice(2);

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
