"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import type { Result } from "@/lib/errors";
import { settleAction, type ActionOptions } from "./action-outcome";

export type { ActionOptions } from "./action-outcome";

/**
 * The one way a client component calls a server action: pending while it runs, the action's own error message
 * when it refuses (and `onError` with it, for forms that show a refusal their own way), `onOk` with its data when
 * it succeeds, then the page's server data refreshed (`refresh: false`: never, e.g. when `onOk` navigates away;
 * `refresh: "always"`: after a refusal too, for controls whose state may have moved on the server meanwhile).
 */
export function useAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  // Stable across renders, so effects and callbacks that call it need not re-run when the component does.
  const run = useCallback(
    <T,>(fn: () => Promise<Result<T>>, onOk?: (data: T) => void, opts: ActionOptions = {}) =>
      start(async () => {
        settleAction(await fn(), { setError, refresh: () => router.refresh() }, onOk, opts);
      }),
    [router],
  );
  return { pending, error, setError, run };
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="mt-2 text-sm text-red-700">
      {error}
    </p>
  ) : null;
}
