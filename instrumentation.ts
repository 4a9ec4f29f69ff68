// Runs once when the Next.js server starts. Node runtime only: open (and migrate) the database,
// seed the demo workspace on a fresh embedded database, and start the embedded job runner.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerServices } = await import("./lib/server-start");
    await startServerServices();
  }
}
