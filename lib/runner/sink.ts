import { activeRunner } from "./registry";
import { EventValidationError, insertEvents } from "./store";

/**
 * The embedded client's event API: the SDK POSTs a JSON array to `<base>e/<key>` and expects
 * `{ ids, status: 200 }`. Events are persisted (repeated ids ignored) and the local runner is woken.
 */
export async function receiveSdkEvents(body: string, seed: string | null): Promise<Response> {
  let events: unknown;
  try {
    events = JSON.parse(body);
  } catch {
    return Response.json({ error: "Event payload is not JSON", status: 400 }, { status: 400 });
  }
  const runner = activeRunner();
  const database = runner?.database ?? (await (await import("@/db")).getDatabase());
  try {
    const ids = await insertEvents(database.db, events, { now: runner?.clockNow ?? Date.now(), seed });
    runner?.wake();
    return Response.json({ ids, status: 200 });
  } catch (err) {
    if (err instanceof EventValidationError) return Response.json({ error: err.message, status: 400 }, { status: 400 });
    throw err;
  }
}
