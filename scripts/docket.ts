/**
 * The docket CLI — the same pipeline code the app runs, no server needed.
 *   npm run docket -- extract <files...> --out <dir>
 *   npm run docket -- match --catalog <catalog.csv|xlsx> --input <rows.csv|fleet.xlsx> --out <result.csv>
 *   npm run docket -- ask --docs <folder> --questions <questions.csv> --out <answers.jsonl>  (or --question "…")
 */
import { runAsk } from "./cli/ask";
import { runExtract } from "./cli/extract";
import { runMatch } from "./cli/match";

const USAGE = `usage: docket <command> [options]
  extract <files...> --out <dir>      read invoices from PDFs/images into <dir>/<name>.json
  match --catalog <file> --input <file> --out <result.csv>
                                      code fleet rows against a vehicle catalog
  ask --docs <folder> --questions <q.csv> --out <answers.jsonl>
  ask --docs <folder> --question "…"   answer questions from a folder of documents, with citations
Run a command with --help for its options.`;

const [command, ...rest] = process.argv.slice(2);
let code: number;
if (command === "extract") code = await runExtract(rest);
else if (command === "match") code = await runMatch(rest);
else if (command === "ask") code = await runAsk(rest);
else if (!command || command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(`${USAGE}\n`);
  code = command ? 0 : 2;
} else {
  process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
  code = 2;
}
process.exitCode = code;
