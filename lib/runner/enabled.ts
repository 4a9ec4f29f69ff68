import type { Env } from "@/lib/env";

/** Whether this process should start the embedded runner: embedded mode and not switched off. */
export function runnerEnabled(e: Pick<Env, "inngestMode" | "DOCKET_RUNNER">): boolean {
  return e.inngestMode === "embedded" && e.DOCKET_RUNNER === "on";
}
