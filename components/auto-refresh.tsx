"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect } from "react";

/**
 * Re-render the server page every `ms` while `active` (work in flight), so progress shows without a manual reload.
 * The first refresh waits until the page has loaded and the browser is idle: a refresh that lands while React is
 * still hydrating a slow page would replace what it is hydrating (a hydration mismatch) instead of updating it.
 */
export function AutoRefresh({ active, ms = 2000 }: { active: boolean; ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    let cancelled = false;
    const idle = (fn: () => void) => ("requestIdleCallback" in window ? window.requestIdleCallback(fn, { timeout: ms * 2 }) : setTimeout(fn, ms));
    const begin = () =>
      idle(() => {
        if (!cancelled) timer = setInterval(() => startTransition(() => router.refresh()), ms);
      });
    if (document.readyState === "complete") begin();
    else window.addEventListener("load", begin, { once: true });
    return () => {
      cancelled = true;
      window.removeEventListener("load", begin);
      if (timer) clearInterval(timer);
    };
  }, [active, ms, router]);
  return active ? (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" aria-live="polite">
      <span className="h-2 w-2 animate-pulse rounded-full bg-brand-500" /> updating live
    </span>
  ) : null;
}
