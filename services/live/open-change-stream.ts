import type { Db } from "@/db/client";
import { getRole, hasRole } from "@/db/queries/workspaces";
import { requireWorkspaceRole, type Session } from "@/lib/action";
import type { ChangeHub } from "@/lib/live/hub";
import { changeStream } from "@/lib/live/stream";

// Open the live stream of the caller's current workspace: members only (any role: viewers watch progress too),
// checked on connect and again at every heartbeat, so a member who is removed stops hearing within one beat.
// `since` (epoch ms: when the page was rendered, or the Last-Event-ID of a reconnect) replays what came after it.

/** A little slack for clocks of two app instances behind one load balancer. */
const SKEW_MS = 250;

export async function openChangeStream(
  session: Session | null,
  q: { since?: number | null; signal?: AbortSignal },
  deps: { db: Db; hub: ChangeHub; heartbeatMs?: number },
): Promise<ReadableStream<Uint8Array>> {
  const ctx = await requireWorkspaceRole(deps.db, session, "viewer");
  const since = q.since != null && Number.isFinite(q.since) ? q.since - SKEW_MS : null;
  return changeStream({
    subscribe: (deliver) => deps.hub.subscribe({ userId: ctx.userId, workspaceId: ctx.workspaceId, seesSystem: hasRole(ctx.role, "admin"), deliver }, since),
    stillAllowed: async () => (await getRole(deps.db, { workspaceId: ctx.workspaceId, userId: ctx.userId })) !== null,
    heartbeatMs: deps.heartbeatMs,
    signal: q.signal,
  });
}
