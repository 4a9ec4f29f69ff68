// Where a document is in its work: being read, waiting to be indexed, done. The Documents page refreshes live while
// any of its rows is in flight; the sweepers re-send what waited too long.

/** A document queued for longer than this without being picked up is re-sent by the sweeper (inngest/functions/resend-stuck-documents.ts). */
export const STUCK_AFTER_MS = 3 * 60_000;

/**
 * Still being read or indexed. Every document is indexed once it has been read, so a read one without an index row yet
 * (the index function has not claimed it) is waiting to be indexed — not done: counting it as done would let the page
 * settle and then re-render when indexing starts a moment later. A failed read asks for no index (the catch-up
 * sweeper indexes it minutes later), so a failed document without one is not waiting on anything the user can see.
 */
export function documentInFlight(d: { status: string; indexState: string | null }): boolean {
  if (d.status === "queued" || d.status === "processing") return true;
  if (d.indexState === null) return d.status !== "failed";
  return d.indexState === "pending" || d.indexState === "indexing";
}
