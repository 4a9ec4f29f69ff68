import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { cancelRun } from "@/db/queries/runner";
import type { Role } from "@/db/schema";
import { UserError } from "@/lib/errors";

/** Cancel a queued, running, sleeping or waiting run of the workspace (owners and admins also the system's runs); audited. */
export async function cancelJob(db: Db, q: { workspaceId: string; actorId: string; actorRole: Role; runId: string }) {
  const ok = await cancelRun(db, { workspaceId: q.workspaceId, runId: q.runId, includeSystem: q.actorRole === "owner" || q.actorRole === "admin" });
  if (!ok) throw new UserError("Only a queued, running, sleeping or waiting run of this workspace can be cancelled.", "conflict");
  await recordAudit(db, { workspaceId: q.workspaceId, actorId: q.actorId, action: "job.cancelled", entityType: "job", entityId: q.runId });
}
