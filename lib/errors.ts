/** An expected failure with a message a person can act on. Anything else is logged and shown generically. */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly code: "not_found" | "forbidden" | "invalid" | "conflict" | "unauthenticated" | "too_large" = "invalid",
  ) {
    super(message);
  }
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: string; code?: string };

/** The UserError for a row that is not in the caller's workspace (or not at all): the same words either way. */
export function notFound(what: string): never {
  throw new UserError(`No such ${what} in this workspace.`, "not_found");
}
