import type { Result } from "@/lib/errors";

/** Per call: whether the page's server data is refreshed, and what else happens when the action refuses. */
export interface ActionOptions {
  /** `false`: never; `"always"`: after a refusal too (controls whose state may have moved on the server meanwhile). */
  refresh?: boolean | "always";
  /** Called with the action's message when it refuses, after the hook's own `error` is set. */
  onError?: (error: string) => void;
}

/**
 * What follows an action's result, in order: on a refusal its message becomes the error, `onError` hears it and
 * the page refreshes only with `refresh: "always"`; on success the error clears, `onOk` gets the data, then the
 * page refreshes unless `refresh: false`. Kept apart from the hook so the order can be tested without a browser.
 */
export function settleAction<T>(
  r: Result<T>,
  on: { setError: (error: string | null) => void; refresh: () => void },
  onOk?: (data: T) => void,
  opts: ActionOptions = {},
): void {
  if (!r.ok) {
    on.setError(r.error);
    opts.onError?.(r.error);
    if (opts.refresh === "always") on.refresh();
    return;
  }
  on.setError(null);
  onOk?.(r.data);
  if (opts.refresh !== false) on.refresh();
}
