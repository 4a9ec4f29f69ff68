import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { ensurePersonalWorkspace, listMemberships, listMembershipsWithActiveAlerts } from "@/db/queries/workspaces";
import type { Role } from "@/db/schema";
import type { Session } from "@/lib/action";
import { auth } from "./index";
import { SHOWN_WORKSPACE_HEADER, WORKSPACE_COOKIE } from "./names";
import { sessionFor } from "@/services/workspace/session-for";
import { chooseWorkspace } from "./workspace-choice";
import { SESSION_HEADER, verifySessionHeader, type VerifiedUser } from "./verified-session";

export { WORKSPACE_COOKIE } from "./names";

/**
 * The signed-in user of this request, once per request: from the header middleware signed after checking the session
 * cookie (lib/auth/verified-session.ts), else (a route outside middleware's matcher) from Auth.js itself.
 */
export const currentUser = cache(async (): Promise<VerifiedUser | null> => {
  const verified = await verifySessionHeader((await headers()).get(SESSION_HEADER), process.env.AUTH_SECRET ?? "");
  if (verified) return verified;
  const s = await auth();
  return s?.user?.id ? { id: s.user.id, email: s.user.email ?? null, name: s.user.name ?? null } : null;
});

/**
 * The signed-in user and the workspace their changes act on (the cookie's, else their first; a cookie naming a
 * workspace they are no longer in is kept, so changes are refused there rather than made in another) with the one the
 * sending page shows, or null.
 */
export async function getSession(): Promise<Session | null> {
  const userId = (await currentUser())?.id;
  if (!userId) return null;
  const session = await sessionFor(await getDb(), userId, (await cookies()).get(WORKSPACE_COOKIE)?.value);
  // the workspace the sending page shows: a changing request from a tab left on another one is refused (lib/action.ts)
  return { ...session, shownWorkspaceId: (await headers()).get(SHOWN_WORKSPACE_HEADER) || null };
}

export interface PageContext {
  userId: string;
  email: string;
  name: string;
  workspaceId: string;
  workspaceName: string;
  isDemo: boolean;
  role: Role;
  memberships: Awaited<ReturnType<typeof listMemberships>>;
  /** Active alerts of the current workspace (the sidebar's count). */
  activeAlerts: number;
  /** The workspace cookie named a workspace the user is no longer in; the page shows `workspaceId` instead. */
  lostWorkspace: boolean;
}

/**
 * For server pages: signed-in user + current workspace; redirects to sign-in when signed out. Memoized per request
 * (React `cache`), so the layout and the page share one lookup.
 */
export const requirePageContext = cache(async (): Promise<PageContext> => {
  const user = await currentUser();
  const userId = user?.id;
  if (!userId) redirect("/sign-in");
  const db = await getDb();
  // One round trip for the frame of every page: the workspaces with their active alerts.
  let found = await listMembershipsWithActiveAlerts(db, userId);
  if (found.length === 0) {
    await ensurePersonalWorkspace(db, userId);
    found = await listMembershipsWithActiveAlerts(db, userId);
  }
  // A cookie naming a workspace the user is not in (removed, or tampered with): the page shows their first one, and
  // the frame points the cookie there (WorkspaceCookieRepair) — until then, changes are refused (getSession).
  const choice = chooseWorkspace(found, (await cookies()).get(WORKSPACE_COOKIE)?.value);
  const current = choice.shown!;
  const memberships = found.map(({ workspaceId, name, isDemo, role }) => ({ workspaceId, name, isDemo, role }));
  return {
    userId,
    email: user!.email ?? "",
    name: user!.name ?? user!.email ?? "",
    workspaceId: current.workspaceId,
    workspaceName: current.name,
    isDemo: current.isDemo,
    role: current.role,
    memberships,
    activeAlerts: current.activeAlerts,
    lostWorkspace: choice.lost,
  };
});
