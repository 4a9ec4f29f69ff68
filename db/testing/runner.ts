import type { Database } from "@/db/client";
import { inngest } from "@/inngest/client";
import { startRunner, type StartRunnerOptions } from "@/lib/runner/runner";

/**
 * The embedded runner serving `functions` on a test's database: the app's client, no background loop (the test
 * drives it with send/tick/drain), no log; `opts` adds a clock, a backoff, ….
 */
export function startTestRunner(database: Database, functions: StartRunnerOptions["functions"], opts: Omit<Partial<StartRunnerOptions>, "database" | "functions"> = {}) {
  return startRunner({ database, client: inngest, functions, loop: false, log: () => {}, ...opts });
}
