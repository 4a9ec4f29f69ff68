import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { retryRun } from "@/db/queries/runner";
import type { Role } from "@/db/schema";
import { afterCommit } from "@/lib/after-commit";
import { UserError } from "@/lib/errors";
import { activeRunner } from "@/lib/runner";

/** Retry a failed background run of the workspace (owners and admins also the system's runs); audited. */
export async function retryJob(db: Db, q: { workspaceId: string; actorId: string; actorRole: Role; runId: string }) {
  const ok = await retryRun(db, { workspaceId: q.workspaceId, runId: q.runId, includeSystem: q.actorRole === "owner" || q.actorRole === "admin" });
  if (!ok) throw new UserError("Only a failed run of this workspace can be retried.", "conflict");
  await afterCommit(() => activeRunner()?.wake());
  await recordAudit(db, { workspaceId: q.workspaceId, actorId: q.actorId, action: "job.retried", entityType: "job", entityId: q.runId });
}
