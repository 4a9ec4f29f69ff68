import type { Db } from "@/db/client";
import { ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";

export interface TestUser {
  userId: string;
  workspaceId: string;
}

/** A user as first sign-in makes one: the account (found or created by email) and its personal workspace. */
export async function createTestUser(db: Db, email: string, name?: string): Promise<TestUser> {
  const user = await findOrCreateUserByEmail(db, email, name);
  return { userId: user.id, workspaceId: await ensurePersonalWorkspace(db, user.id) };
}

