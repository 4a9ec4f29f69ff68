import { z } from "zod";
import { recordAudit } from "@/db/queries/audit";
import { cancelRun, retryRun } from "@/db/queries/runner";
import { workspaceAction } from "@/lib/action";
import { UserError } from "@/lib/errors";
import { activeRunner } from "@/lib/runner";

const runInput = z.object({ runId: z.string().min(1).max(100) });

export const retryRunDef = workspaceAction("retryRun", "member", runInput, async (input, ctx) => {
  const ok = await retryRun(ctx.db, { workspaceId: ctx.workspaceId, runId: input.runId, includeSystem: ctx.role === "owner" || ctx.role === "admin" });
  if (!ok) throw new UserError("Only a failed run of this workspace can be retried.", "conflict");
  activeRunner()?.wake();
  await recordAudit(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: "job.retried", entityType: "job", entityId: input.runId });
  return null;
});

export const cancelRunDef = workspaceAction("cancelRun", "member", runInput, async (input, ctx) => {
  const ok = await cancelRun(ctx.db, { workspaceId: ctx.workspaceId, runId: input.runId, includeSystem: ctx.role === "owner" || ctx.role === "admin" });
  if (!ok) throw new UserError("Only a queued, running, sleeping or waiting run of this workspace can be cancelled.", "conflict");
  await recordAudit(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: "job.cancelled", entityType: "job", entityId: input.runId });
  return null;
});
