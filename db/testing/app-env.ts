import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Imports node built-ins only: it runs before the test file's own imports, so nothing that reads the environment may
// load with it.

/**
 * For a test file that runs the app's own modules (actions, functions, blobs): a data folder of its own
 * (`docket-<name>-…` in the temp folder) and a session secret (kept when one is set), before anything is imported:
 *
 *     await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("send-campaign"));
 */
export function useScratchAppEnv(name: string) {
  process.env.AUTH_SECRET ??= `test-secret-for-${name}-0123456789abcdef`;
  process.env.DOCKET_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `docket-${name}-`));
}
