import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { ensurePersonalWorkspace, listMemberships } from "@/db/queries/workspaces";
import type { Role } from "@/db/schema";
import type { Session } from "@/lib/action";
import { auth } from "./index";
import { WORKSPACE_COOKIE } from "./names";

export { WORKSPACE_COOKIE } from "./names";

/** The signed-in user and the workspace they act on (cookie, else their first), or null when signed out. */
export async function getSession(): Promise<Session | null> {
  const s = await auth();
  const userId = s?.user?.id;
  if (!userId) return null;
  const jar = await cookies();
  const wanted = jar.get(WORKSPACE_COOKIE)?.value;
  const memberships = await listMemberships(await getDb(), userId);
  const current = memberships.find((m) => m.workspaceId === wanted) ?? memberships[0];
  return { userId, workspaceId: current?.workspaceId ?? null };
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
}

/**
 * For server pages: signed-in user + current workspace; redirects to sign-in when signed out. Memoized per request
 * (React `cache`), so the layout and the page share one lookup.
 */
export const requirePageContext = cache(async (): Promise<PageContext> => {
  const s = await auth();
  const userId = s?.user?.id;
  if (!userId) redirect("/sign-in");
  const db = await getDb();
  let memberships = await listMemberships(db, userId);
  if (memberships.length === 0) {
    await ensurePersonalWorkspace(db, userId);
    memberships = await listMemberships(db, userId);
  }
  const jar = await cookies();
  const wanted = jar.get(WORKSPACE_COOKIE)?.value;
  // A cookie naming a workspace the user is not in (removed, or tampered with) falls back to their first one.
  const current = memberships.find((m) => m.workspaceId === wanted) ?? memberships[0];
  return {
    userId,
    email: s!.user!.email ?? "",
    name: s!.user!.name ?? s!.user!.email ?? "",
    workspaceId: current.workspaceId,
    workspaceName: current.name,
    isDemo: current.isDemo,
    role: current.role,
    memberships,
  };
});
