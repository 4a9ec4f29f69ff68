import type { Db } from "@/db/client";
import { listMemberships } from "@/db/queries/workspaces";
import type { Session } from "@/lib/action";
import { chooseWorkspace } from "@/lib/auth/workspace-choice";

/** The session of a signed-in user whose workspace cookie is `cookie` (lib/auth/session.ts reads both). */
export async function sessionFor(db: Db, userId: string, cookie: string | null | undefined): Promise<Session> {
  return { userId, workspaceId: chooseWorkspace(await listMemberships(db, userId), cookie).actsOn };
}
