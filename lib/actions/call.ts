import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import { executeAction, type ActionDef } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import type { Result } from "@/lib/errors";
import { measureRequest } from "@/lib/metrics";

/** Run an action definition for the current request's session. Used by every "use server" export. */
export async function callAction<S extends z.ZodType, T>(def: ActionDef<S, T>, raw: unknown): Promise<Result<T>> {
  return measureRequest("action", def.name, async () => executeAction(def, raw, await getSession(), await getDb()), (r) =>
    r.ok ? "ok" : (r.code ?? "error"),
  );
}

/**
 * The form an action was called with. A forged or malformed call may send anything: an empty form then reaches the
 * action's schema, which answers with a validation error instead of a crash.
 */
export function formOf(input: unknown): FormData {
  return input instanceof FormData ? input : new FormData();
}
