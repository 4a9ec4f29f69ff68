import type { Db } from "@/db/client";
import { addSuppression } from "@/db/queries/campaigns/suppressions";
import { workspaces } from "@/db/schema";
import { unsubscribeSecret } from "@/services/campaigns/send-deps";
import { verifyUnsubscribeToken, type UnsubscribePayload } from "@/lib/campaigns/unsubscribe";
import { eq } from "drizzle-orm";

// The public unsubscribe link: a signed token (workspace, address, campaign) → the workspace's suppression list.
// No sign-in: the signature is the authority, and it only ever lets an address remove itself.

export async function readUnsubscribeToken(db: Db, token: string): Promise<(UnsubscribePayload & { workspaceName: string }) | null> {
  const v = verifyUnsubscribeToken(decodeURIComponent(token), unsubscribeSecret());
  if (!v.ok) return null;
  const [ws] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, v.payload.workspaceId));
  if (!ws) return null;
  return { ...v.payload, workspaceName: ws.name };
}

export async function unsubscribeWithToken(db: Db, token: string) {
  const p = await readUnsubscribeToken(db, token);
  if (!p) return null;
  await addSuppression(db, { workspaceId: p.workspaceId, email: p.email, reason: "unsubscribed", campaignId: p.campaignId });
  return p;
}
