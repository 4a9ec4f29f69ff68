import { z } from "zod";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { getRole, hasRole } from "@/db/queries/workspaces";
import { UserError, type Result } from "./errors";

// One way to mutate: every server action is defined here with the least role it needs and a zod schema.
// `executeAction` does session → membership ≥ role → parse → run → error mapping. Definitions register
// themselves so the isolation suite can try every one of them as an outsider and as a viewer.

export interface Session {
  userId: string;
  /** The workspace the request acts on (from the workspace switcher cookie). */
  workspaceId: string | null;
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
  | { kind: "workspace"; name: string; role: Role; schema: S; run: (input: z.infer<S>, ctx: WorkspaceContext) => Promise<T> }
  | { kind: "user"; name: string; schema: S; run: (input: z.infer<S>, ctx: UserContext) => Promise<T> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActionDef = ActionDef<any, any>;
export const actionRegistry = new Map<string, AnyActionDef>();

export function workspaceAction<S extends z.ZodType, T>(
  name: string,
  role: Role,
  schema: S,
  run: (input: z.infer<S>, ctx: WorkspaceContext) => Promise<T>,
) {
  const def = { kind: "workspace" as const, name, role, schema, run };
  actionRegistry.set(name, def as AnyActionDef);
  return def;
}

/** Actions that act on the signed-in user rather than on a workspace they belong to (create, accept invite, switch). */
export function userAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  run: (input: z.infer<S>, ctx: UserContext) => Promise<T>,
) {
  const def = { kind: "user" as const, name, schema, run };
  actionRegistry.set(name, def as AnyActionDef);
  return def;
}

export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

export async function executeAction<S extends z.ZodType, T>(
  def: ActionDef<S, T>,
  raw: unknown,
  session: Session | null,
  db: Db,
): Promise<Result<T>> {
  try {
    if (!session) throw new UserError("Sign in to continue.", "unauthenticated");
    const parsed = def.schema.safeParse(raw);
    if (def.kind === "user") {
      if (!parsed.success) throw new UserError(formatZodError(parsed.error));
      return { ok: true, data: await def.run(parsed.data, { db, userId: session.userId, workspaceId: session.workspaceId }) };
    }
    if (!session.workspaceId) throw new UserError("Choose a workspace first.", "forbidden");
    const role = await getRole(db, { workspaceId: session.workspaceId, userId: session.userId });
    if (!role) throw new UserError("You are not a member of this workspace.", "forbidden");
    if (!hasRole(role, def.role)) {
      throw new UserError(`Your role (${role}) cannot do this; it needs ${def.role} or above. Ask a workspace admin.`, "forbidden");
    }
    if (!parsed.success) throw new UserError(formatZodError(parsed.error));
    const data = await def.run(parsed.data, { db, userId: session.userId, workspaceId: session.workspaceId, role });
    return { ok: true, data };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err.message, code: err.code };
    console.error(`[action ${def.name}]`, err);
    return { ok: false, error: "Something went wrong on our side. Try again; if it keeps failing, check the server log." };
  }
}

/** For route handlers: resolve the session's membership and require a role, or throw a UserError. */
export async function requireWorkspaceRole(db: Db, session: Session | null, role: Role): Promise<WorkspaceContext> {
  if (!session) throw new UserError("Sign in to continue.", "unauthenticated");
  if (!session.workspaceId) throw new UserError("Choose a workspace first.", "forbidden");
  const current = await getRole(db, { workspaceId: session.workspaceId, userId: session.userId });
  if (!current) throw new UserError("You are not a member of this workspace.", "forbidden");
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
