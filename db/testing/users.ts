import type { Db } from "@/db/client";
import { createWorkspace, ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { memberships } from "@/db/schema";

export interface TestUser {
  userId: string;
  workspaceId: string;
}

/** A user as first sign-in makes one: the account (found or created by email) and its personal workspace. */
export async function createTestUser(db: Db, email: string, name?: string): Promise<TestUser> {
  const user = await findOrCreateUserByEmail(db, email, name);
  return { userId: user.id, workspaceId: await ensurePersonalWorkspace(db, user.id) };
}


/**
 * Two people reviewing in one workspace of their own (tagged, so each test gets a fresh one): Ana Ruiz (owner) and
 * Ben Ode (member), and the session each acts in (`as`).
 */
export async function twoMembers(db: Db, tag: string) {
  const ana = await createTestUser(db, `ana-${tag}@example.com`, "Ana Ruiz");
  const ws = (await createWorkspace(db, { userId: ana.userId, name: `Review ${tag}` })).id;
  const ben = await createTestUser(db, `ben-${tag}@example.com`, "Ben Ode");
  await db.insert(memberships).values({ workspaceId: ws, userId: ben.userId, role: "member" });
  const as = (p: TestUser) => ({ userId: p.userId, workspaceId: ws });
  return { ws, ana, ben, as };
}
