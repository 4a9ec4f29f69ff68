import { z } from "zod";
import { assertTransactionUsable, type Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { getRole, hasRole, lockRole, workspaceNames, type RoleLock } from "@/db/queries/workspaces";
import { untilCommit } from "./after-commit";
import { UserError, type Result } from "./errors";
import { measureRequest } from "./metrics";

// One way to mutate. Every server action is declared once, in its "use server" file under lib/actions/:
//
//   export const saveAlertRuleAction = workspaceAction(
//     { name: "saveAlertRule", role: "admin", schema: saveAlertRuleSchema, revalidate: ["/settings"] },
//     async (input, ctx) => saveRule(ctx.db, { workspaceId: ctx.workspaceId, ...input }),
//   );
//
// The declaration returns the async function Next exposes to the browser: session → membership ≥ role → zod
// parse → run → error mapping (`executeAction`), then the listed paths are revalidated. Each declaration also
// lands in `actionRegistry`, which the isolation suite fills by importing every lib/actions/*.ts and tries as an
// outsider, a viewer and a signed-out caller. Next compiles "use server" files with one rule worth knowing:
// every function written inside an exported declaration must be `async` (a schema with `.refine((v) => …)` is
// therefore declared above the export, not inline).

/** The refusal when the session's workspace is not the caller's: a forged call, or a page left open after a removal. */
export const NOT_A_MEMBER = "You are not a member of this workspace (any more). Reload the page to continue in one of yours.";

export interface Session {
  userId: string;
  /** The workspace the request acts on (from the workspace switcher cookie). */
  workspaceId: string | null;
  /** The workspace the page that sent the request shows (its `SHOWN_WORKSPACE_HEADER`), when it said. */
  shownWorkspaceId?: string | null;
}

export interface WorkspaceContext {
  db: Db;
  userId: string;
  workspaceId: string;
  role: Role;
}

export interface UserContext {
  db: Db;
  userId: string;
  workspaceId: string | null;
}

export type ActionDef<S extends z.ZodType = z.ZodType, T = unknown> =
  | {
      kind: "workspace";
      name: string;
      role: Role;
      lock?: RoleLock | false;
      outside?: (input: z.infer<S>) => Promise<void>;
      schema: S;
      run: (input: z.infer<S>, ctx: WorkspaceContext) => Promise<T>;
    }
  | { kind: "user"; name: string; schema: S; run: (input: z.infer<S>, ctx: UserContext) => Promise<T> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActionDef = ActionDef<any, any>;

/** Every declared action by name, filled as the lib/actions/*.ts modules load. */
export const actionRegistry = new Map<string, AnyActionDef>();

interface CommonSpec<S extends z.ZodType, T = unknown> {
  /** camelCase, unique: the name in logs, metrics and the isolation suite's tables. */
  name: string;
  schema: S;
  /** Pages whose server data changes with this action (`revalidatePath(path)`). */
  revalidate?: string[];
  /** Layouts whose whole subtree changes (`revalidatePath(path, "layout")`). */
  revalidateLayout?: string[];
  /** Runs in the request after a successful call, before revalidation (the workspace cookie); never in tests. */
  afterOk?: (data: T) => Promise<void>;
}

/**
 * A form action: the browser sends FormData (files included); `form` turns it into the object the schema parses.
 * Anything else sent by a forged call arrives as an empty form, which the schema then refuses with a clear error.
 */
type FormSpec = { form: (form: FormData) => Promise<unknown> };

export interface WorkspaceActionSpec<S extends z.ZodType, T> extends CommonSpec<S, T> {
  /** The least role that may call it. */
  role: Role;
  /**
   * Every action checks the role inside its own transaction, on a locked row, so a demotion or removal racing it
   * either waits for it or refuses it (never lets it pass on the role held a moment before): `ctx.db` is that
   * transaction. By default ("membership") the caller's membership row is held `FOR SHARE`; "workspace" takes the
   * workspace row first, as membership changes do (actions that change members, invitations or the workspace row
   * itself — taking the locks in the same order as a demotion keeps the two from deadlocking). Events a service sends
   * and other `afterCommit` work wait for the commit (lib/after-commit.ts). A check against an outside server goes in
   * `outside`. `false`, with the reason beside it, only for actions that hold the line open on an outside service
   * (mail, IMAP, OpenAI), that only read, or that run their own checked transaction: no row lock is held across a
   * network call.
   */
  lock?: RoleLock | false;
  /**
   * A check that asks an outside server (the DNS name of a server the form names) and must pass before the change:
   * run once the role has been checked, before the role-checking transaction — no row lock is held across it — and
   * the role is checked again under the lock after it.
   */
  outside?: (input: z.infer<S>) => Promise<void>;
}

export type UserActionSpec<S extends z.ZodType, T> = CommonSpec<S, T>;

/** What a declaration returns: the async function the UI calls, carrying its definition for the isolation suite. */
export type Action<In, T> = ((input: In) => Promise<Result<T>>) & { readonly definition: AnyActionDef };

export function workspaceAction<S extends z.ZodType, T>(
  spec: WorkspaceActionSpec<S, T> & FormSpec,
  run: (input: z.infer<S>, ctx: WorkspaceContext) => Promise<T>,
): Action<FormData, T>;
export function workspaceAction<S extends z.ZodType, T>(
  spec: WorkspaceActionSpec<S, T>,
  run: (input: z.infer<S>, ctx: WorkspaceContext) => Promise<T>,
): Action<unknown, T>;
export function workspaceAction<S extends z.ZodType, T>(
  spec: WorkspaceActionSpec<S, T> & Partial<FormSpec>,
  run: (input: z.infer<S>, ctx: WorkspaceContext) => Promise<T>,
): Action<never, T> {
  return declare<S, T>({ kind: "workspace", name: spec.name, role: spec.role, lock: spec.lock, outside: spec.outside, schema: spec.schema, run }, spec);
}

/** Actions that act on the signed-in user rather than on a workspace they belong to (create, accept invite, switch). */
export function userAction<S extends z.ZodType, T>(
  spec: UserActionSpec<S, T>,
  run: (input: z.infer<S>, ctx: UserContext) => Promise<T>,
): Action<unknown, T> {
  return declare<S, T>({ kind: "user", name: spec.name, schema: spec.schema, run }, spec);
}

function declare<S extends z.ZodType, T>(def: ActionDef<S, T>, spec: CommonSpec<S, T> & Partial<FormSpec>): Action<never, T> & Action<unknown, T> {
  actionRegistry.set(def.name, def as AnyActionDef);
  const call = async (input: unknown): Promise<Result<T>> => {
    const raw = spec.form ? await spec.form(formOf(input)) : input;
    const r = await callInRequest(def, raw);
    if (r.ok && spec.afterOk) await spec.afterOk(r.data);
    if (spec.revalidate?.length || spec.revalidateLayout?.length) {
      const { revalidatePath } = await import("next/cache");
      for (const p of spec.revalidate ?? []) revalidatePath(p);
      for (const p of spec.revalidateLayout ?? []) revalidatePath(p, "layout");
    }
    return r;
  };
  return Object.assign(call, { definition: def as AnyActionDef });
}

/** The request's session and database (loaded on first call: tests import action modules without a request). */
async function callInRequest<S extends z.ZodType, T>(def: ActionDef<S, T>, raw: unknown): Promise<Result<T>> {
  const [{ getSession }, { getDb }] = await Promise.all([import("@/lib/auth/session"), import("@/db")]);
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

export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** Run an action for a session: a declared action (tests) or its definition (the registry). */
export async function executeAction<S extends z.ZodType, T>(
  action: ActionDef<S, T> | Action<never, T>,
  raw: unknown,
  session: Session | null,
  db: Db,
): Promise<Result<T>> {
  const def = ("definition" in action ? action.definition : action) as ActionDef<S, T>;
  try {
    if (!session) throw new UserError("Sign in to continue.", "unauthenticated");
    const parsed = def.schema.safeParse(raw);
    if (def.kind === "user") {
      if (!parsed.success) throw new UserError(formatZodError(parsed.error));
      return { ok: true, data: await def.run(parsed.data, { db, userId: session.userId, workspaceId: session.workspaceId }) };
    }
    if (!session.workspaceId) throw new UserError("Choose a workspace first.", "forbidden");
    const { workspaceId, userId } = session;
    const admit = async (tx: Db, role: Role | null): Promise<{ input: z.infer<S>; role: Role }> => {
      if (!role) throw new UserError(NOT_A_MEMBER, "forbidden");
      await assertShownWorkspace(tx, { ...session, workspaceId });
      if (!hasRole(role, def.role)) {
        throw new UserError(`Your role (${role}) cannot do this; it needs ${def.role} or above. Ask a workspace admin.`, "forbidden");
      }
      if (!parsed.success) throw new UserError(formatZodError(parsed.error));
      return { input: parsed.data, role };
    };
    const gated = async (tx: Db, current: Role | null) => {
      const { input, role } = await admit(tx, current);
      return def.run(input, { db: tx, userId, workspaceId, role });
    };
    if (def.outside) await def.outside((await admit(db, await getRole(db, { workspaceId, userId }))).input);
    const lock = def.lock ?? "membership";
    const data = lock ? await withLockedRole(db, { workspaceId, userId }, lock, gated) : await gated(db, await getRole(db, { workspaceId, userId }));
    return { ok: true, data };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err.message, code: err.code };
    console.error(`[action ${def.name}]`, err);
    return { ok: false, error: "Something went wrong on our side. Try again; if it keeps failing, check the server log." };
  }
}

/**
 * A request sent by a page showing another workspace than the browser's (its cookie): a tab left open on workspace X
 * after another tab switched to Y. Refused, naming both, before anything is done in Y.
 */
async function assertShownWorkspace(db: Db, session: { userId: string; workspaceId: string; shownWorkspaceId?: string | null }) {
  const shown = session.shownWorkspaceId;
  if (!shown || shown === session.workspaceId) return;
  const names = new Map((await workspaceNames(db, { userId: session.userId, workspaceIds: [shown, session.workspaceId] })).map((w) => [w.id, `"${w.name}"`]));
  const here = names.get(shown) ?? "another workspace";
  const there = names.get(session.workspaceId) ?? "another workspace";
  throw new UserError(
    `This tab shows ${here}, but this browser has since switched to ${there} (in another tab), so nothing was done. ` +
      `Reload this tab to work in ${there}, or switch back to ${here} and try again.`,
    "conflict",
  );
}

/**
 * Run `run` in a transaction that first reads the caller's role on a locked row (`lockRole`): a demotion or removal
 * racing it waits for the commit, or is waited for and then seen. Work queued with `afterCommit` (event sends) runs
 * once the transaction has committed; a statement that failed inside (its error caught) fails the whole call.
 */
async function withLockedRole<T>(db: Db, q: { workspaceId: string; userId: string }, lock: RoleLock, run: (tx: Db, role: Role | null) => Promise<T>): Promise<T> {
  const done = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const out = await untilCommit(async () => run(tx, await lockRole(tx, q, lock)));
    await assertTransactionUsable(tx); // a failure caught inside must not turn into "done" for a rolled-back change
    return out;
  });
  await done.flush(); // events and wake-ups queued inside: only now is what they announce committed
  return done.result;
}

/**
 * For route handlers that change data (uploads): like an action, `run` gets `ctx.db` as a transaction that checked
 * the role on the caller's locked membership row, and its event sends wait for the commit.
 */
export async function inWorkspaceRole<T>(db: Db, session: Session | null, role: Role, run: (ctx: WorkspaceContext) => Promise<T>): Promise<T> {
  if (!session) throw new UserError("Sign in to continue.", "unauthenticated");
  if (!session.workspaceId) throw new UserError("Choose a workspace first.", "forbidden");
  const { workspaceId, userId } = session;
  return withLockedRole(db, { workspaceId, userId }, "membership", async (tx, current) => {
    if (!current) throw new UserError(NOT_A_MEMBER, "forbidden");
    await assertShownWorkspace(tx, { ...session, workspaceId });
    if (!hasRole(current, role)) throw new UserError(`Your role (${current}) cannot do this; it needs ${role} or above.`, "forbidden");
    return run({ db: tx, userId, workspaceId, role: current });
  });
}

/** For route handlers that read: resolve the session's membership and require a role, or throw a UserError. */
export async function requireWorkspaceRole(db: Db, session: Session | null, role: Role): Promise<WorkspaceContext> {
  if (!session) throw new UserError("Sign in to continue.", "unauthenticated");
  if (!session.workspaceId) throw new UserError("Choose a workspace first.", "forbidden");
  const current = await getRole(db, { workspaceId: session.workspaceId, userId: session.userId });
  if (!current) throw new UserError(NOT_A_MEMBER, "forbidden");
  await assertShownWorkspace(db, { ...session, workspaceId: session.workspaceId });
  if (!hasRole(current, role)) throw new UserError(`Your role (${current}) cannot do this; it needs ${role} or above.`, "forbidden");
  return { db, userId: session.userId, workspaceId: session.workspaceId, role: current };
}

const statusOf: Record<string, number> = { unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, invalid: 400, too_large: 413 };

/** JSON error response for route handlers: UserErrors keep their message; anything else is generic and logged. */
export function errorResponse(err: unknown, where: string): Response {
  if (err instanceof UserError) return Response.json({ error: err.message, code: err.code }, { status: statusOf[err.code] ?? 400 });
  console.error(`[${where}]`, err);
  return Response.json({ error: "Something went wrong on our side. Try again." }, { status: 500 });
}
