// Runs once when the Next.js server starts. Node runtime only: open (and migrate) the database, seed the demo
// workspace on a fresh embedded database, and start the embedded job runner. If that fails (the database cannot be
// opened, the configuration is wrong) the process exits non-zero with the reason: a server that answers every
// request with 500 while a supervisor sees it alive is worse than one that is visibly down.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    try {
      // inside the try: a module of the start-up graph may refuse the configuration as it loads
      const { startServerServices } = await import("./lib/server-start");
      await startServerServices();
    } catch (err) {
      console.error(`[docket] cannot start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }
}
