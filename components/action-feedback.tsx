"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import type { Result } from "@/lib/errors";

// A form or button of the signed-in pages that says how its action went: the action's own refusal, or a line of
// its own when it succeeds (shared by the campaign, sending-account and catalog forms; calling goes through the one
// client hook, components/use-action.tsx).

export type ActionMessage = { ok: boolean; text: string } | null;

/**
 * `run(fn, ok, after)`: clears the last success line, calls the action; on success shows `ok` (text, or made from the
 * action's data; none: no line) and calls `after`. `refresh` as in `useAction` ("always" for controls whose state may have moved on the
 * server meanwhile).
 */
export function useActionFeedback(opts: { refresh?: boolean | "always" } = {}) {
  const { pending, error, run: runAction } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const message: ActionMessage = error ? { ok: false, text: error } : done ? { ok: true, text: done } : null;
  const run = (fn: () => Promise<Result<unknown>>, ok?: string | ((data: never) => string), after?: () => void) => {
    setDone(null);
    runAction(
      fn,
      (data) => {
        setDone(typeof ok === "function" ? ok(data as never) : (ok ?? null));
        after?.();
      },
      opts,
    );
  };
  return { pending, message, run, node: <ActionFeedback message={message} /> };
}

export function ActionFeedback({ message }: { message: ActionMessage }) {
  if (!message) return null;
  return (
    <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-green-700" : "text-red-700"}`}>
      {message.text}
    </p>
  );
}
