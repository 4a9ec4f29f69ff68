// What the docket commands share about their arguments: a parser throws UsageError (an empty message: --help), and
// the command prints it, named, with its usage text.

export class UsageError extends Error {}

/**
 * Runs a command's argument parser. On a UsageError it writes "docket <command>: <message>" and the usage text,
 * and returns the exit code instead (0 for --help, 2 for a mistake); anything else is thrown on.
 */
export function parseOrUsage<T>(command: string, usage: string, parse: () => T, err: (s: string) => void): { args: T } | { exit: number } {
  try {
    return { args: parse() };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) err(`docket ${command}: ${e.message}`);
    err(usage);
    return { exit: e.message ? 2 : 0 };
  }
}
