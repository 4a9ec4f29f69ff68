import type { StampedChange, Subscriber } from "./hub";

// One workspace's live stream as server-sent events. The wire format (what components/live-progress reads):
//   retry: 3000                       reconnect delay for EventSource
//   event: change  id: <at>  data: {"changes":[{entity,id,status,at}]}   one or more changes, coalesced per tick
//   event: resync  data: {}           the stream may have missed changes: re-read everything once
//   event: ping    id: <now>          heartbeat; a client that hears nothing for three of them reconnects
//   event: bye     data: {"reason"}   the server ends the stream (membership gone); the client does not reconnect
// The id of a change event is the instance's receive time of its last change, so EventSource's Last-Event-ID
// on reconnect asks the hub for exactly what came after.

export const RETRY_MS = 3_000;
export const HEARTBEAT_MS = 15_000;

export interface StreamDeps {
  /** Register with the hub; returns what was missed since `since` and how to leave. */
  subscribe(deliver: Subscriber["deliver"]): { unsubscribe: () => void; missed: StampedChange[] | "resync" };
  /** Checked at every heartbeat: false ends the stream (the user left the workspace, or was removed). */
  stillAllowed?: () => Promise<boolean>;
  heartbeatMs?: number;
  /** Called once when the stream ends, whatever the reason (client gone, server ended it). */
  onClose?: () => void;
  /** The request's signal: a client that goes away ends the stream even if the body is never read again. */
  signal?: AbortSignal;
}

const encoder = new TextEncoder();

export function frame(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

export function changeStream(deps: StreamDeps): ReadableStream<Uint8Array> {
  let cleanup: (() => void) | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let pending: StampedChange[] = [];
      let flushScheduled = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const flush = () => {
        flushScheduled = false;
        if (!pending.length) return;
        // the same row moving twice in one tick is one change (its last status)
        const byKey = new Map(pending.map((c) => [`${c.entity}:${c.id}`, c]));
        const changes = [...byKey.values()];
        pending = [];
        write(frame("change", { changes }, changes[changes.length - 1].at));
      };
      const deliver: Subscriber["deliver"] = (changes) => {
        if (changes === "resync") {
          pending = [];
          write(frame("resync", {}));
          return;
        }
        pending.push(...changes);
        if (!flushScheduled) {
          flushScheduled = true;
          setTimeout(flush, 0);
        }
      };
      const sub = deps.subscribe(deliver);
      let checking = false;
      const beat = setInterval(async () => {
        const now = Date.now();
        write(frame("ping", String(now), now));
        if (!deps.stillAllowed || checking) return;
        checking = true;
        try {
          if (!(await deps.stillAllowed())) {
            write(frame("bye", { reason: "You are no longer a member of this workspace." }));
            finish(true);
          }
        } catch {
          // a failed check (database busy) is tried again at the next beat
        } finally {
          checking = false;
        }
      }, deps.heartbeatMs ?? HEARTBEAT_MS);
      const finish = (closeController = false) => {
        if (closed) return;
        closed = true;
        clearInterval(beat);
        sub.unsubscribe();
        deps.onClose?.();
        if (closeController) {
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        }
      };
      cleanup = () => finish();
      if (deps.signal?.aborted) return finish(true);
      deps.signal?.addEventListener("abort", () => finish(true), { once: true });
      // The first bytes go out at once: the response headers leave with them and EventSource reports "open".
      write(`retry: ${RETRY_MS}\n: live\n\n`);
      if (sub.missed === "resync") write(frame("resync", {}));
      else if (sub.missed.length) deliver(sub.missed);
    },
    cancel() {
      cleanup?.();
    },
  });
}
