"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/action";
import { cancelJob } from "@/services/jobs/cancel-run";
import { retryJob } from "@/services/jobs/retry-run";

// Activity → Background jobs: retry a failed run, cancel a pending one.

const runInput = z.object({ runId: z.string().min(1).max(100) });

export const retryRunAction = workspaceAction(
  { name: "retryRun", role: "member", schema: runInput, revalidate: ["/activity/jobs"] },
  async (input, ctx) => {
    await retryJob(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, runId: input.runId });
    return null;
  },
);

export const cancelRunAction = workspaceAction(
  { name: "cancelRun", role: "member", schema: runInput, revalidate: ["/activity/jobs"] },
  async (input, ctx) => {
    await cancelJob(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, actorRole: ctx.role, runId: input.runId });
    return null;
  },
);
