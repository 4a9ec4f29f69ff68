"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { listenLive, type LiveChangeEvent } from "./connection";

export type LiveKind = "document" | "invoice" | "case" | "fleet_row" | "catalog" | "campaign" | "recipient" | "run" | "mailbox";

export interface LiveProgressProps {
  /** Which changes concern this page: a change of another kind never re-renders it. */
  kinds: readonly LiveKind[];
  /** Only these ids (a detail page); all of the kinds when left out. */
  ids?: readonly string[];
  /** Work in flight on this page: shows "updating live", and is what the page polls for while the stream is down. */
  active: boolean;
  /** Polling interval while the stream is down. */
  ms?: number;
  /**
   * Server time (epoch ms) the page was rendered at: a change after it that the page missed is caught up. Required:
   * the stream opens only once the page has loaded, and a change in between (work finishing while the page hydrates)
   * would otherwise never arrive — the page would show "in progress" for good.
   */
  since: number;
  /** Instead of re-rendering the page, re-read something smaller (a progress panel's own fetch). */
  onChange?: () => void;
}

/**
 * A change re-renders at once unless a refresh started less than this long ago (or is still running): then one more
 * refresh follows, however many changes came meanwhile. Work that changes many times a second costs a tab at most
 * two refreshes a second, the old poller's cost at most four times over, and only while something changes.
 */
const MIN_GAP_MS = 500;

/**
 * Live progress, pushed: subscribes to the workspace's change stream and re-renders the page (router.refresh, in a
 * transition) only when a change of this page's kinds arrives — never while nothing changes. While the stream is
 * down it falls back to polling every `ms` as long as something is in flight, and the stream reconnects by itself.
 * Subscribing waits for the page to load and the browser to be idle: a refresh landing while React is still
 * hydrating a slow page would replace what it is hydrating.
 */
export function LiveProgress({ kinds, ids, active, ms = 2000, since, onChange }: LiveProgressProps) {
  const router = useRouter();
  const [up, setUp] = useState(false);
  const [ready, setReady] = useState(false);
  const [refreshing, startTransition] = useTransition();
  const want = useRef({ kinds, ids, onChange });
  want.current = { kinds, ids, onChange };
  const gate = useRef({ dirty: false, last: 0, timer: null as ReturnType<typeof setTimeout> | null, refreshing: false });
  gate.current.refreshing = refreshing;

  const refresh = useRef(() => {});
  refresh.current = () => {
    const g = gate.current;
    if (g.timer) return;
    if (g.refreshing) {
      g.dirty = true;
      return;
    }
    const wait = Math.max(0, g.last + MIN_GAP_MS - Date.now());
    const go = () => {
      g.timer = null;
      g.last = Date.now();
      const custom = want.current.onChange;
      if (custom) custom();
      else startTransition(() => router.refresh());
    };
    if (wait === 0) go();
    else g.timer = setTimeout(go, wait);
  };

  // a change that came in while a refresh was running: one more refresh once it is done
  useEffect(() => {
    if (!refreshing && gate.current.dirty) {
      gate.current.dirty = false;
      refresh.current();
    }
  }, [refreshing]);

  useEffect(() => {
    let cancelled = false;
    const idle = (fn: () => void) => ("requestIdleCallback" in window ? window.requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 50));
    const begin = () => idle(() => !cancelled && setReady(true));
    if (document.readyState === "complete") begin();
    else window.addEventListener("load", begin, { once: true });
    return () => {
      cancelled = true;
      window.removeEventListener("load", begin);
    };
  }, []);

  useEffect(() => {
    if (!ready) return;
    const concerns = (c: LiveChangeEvent) => want.current.kinds.includes(c.entity as LiveKind) && (!want.current.ids || want.current.ids.includes(c.id));
    const stop = listenLive({
      since,
      onChanges: (changes) => changes.some(concerns) && refresh.current(),
      onResync: () => refresh.current(),
      onState: setUp,
    });
    const g = gate.current;
    return () => {
      stop();
      if (g.timer) clearTimeout(g.timer);
      g.timer = null;
    };
    // `since` is read once: a refresh renders a newer one, but the subscription it started has been listening since
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready]);

  // the fallback: poll only while the stream is down and something is in flight
  useEffect(() => {
    if (!ready || up || !active) return;
    const timer = setInterval(() => refresh.current(), ms);
    return () => clearInterval(timer);
  }, [ready, up, active, ms]);

  return active ? (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" aria-live="polite" data-testid="live-progress" data-live={up ? "stream" : "polling"}>
      <span className="h-2 w-2 animate-pulse rounded-full bg-brand-500" /> updating live
    </span>
  ) : (
    <span hidden data-testid="live-progress" data-live={up ? "stream" : "polling"} />
  );
}
