import type { Db } from "@/db/client";
import { deleteWorkspaceRows } from "@/db/queries/workspaces";
import type { BlobStore } from "@/lib/blob";

/**
 * An owner deletes a workspace: its rows — the embedded runner's runs and events for it too — in one transaction
 * (db/queries/workspaces), then — after the commit — its
 * files (every blob key of a workspace starts with its id). Its audit log goes with it, so the deletion itself is
 * written to the server log. Files that cannot be removed are logged and left: the workspace is gone either way.
 */
export async function deleteWorkspace(deps: { db: Db; blobs: BlobStore }, q: { workspaceId: string; actorId: string; confirmName: string }) {
  const deleted = await deleteWorkspaceRows(deps.db, q);
  console.info(
    `[docket] workspace deleted: ${q.workspaceId} "${deleted.name}" by user ${q.actorId} at ${new Date().toISOString()}` +
      ` (${deleted.members} member${deleted.members === 1 ? "" : "s"}${deleted.isDemo ? ", the demo workspace" : ""}; ${deleted.jobs.runs} background run${deleted.jobs.runs === 1 ? "" : "s"} forgotten)`,
  );
  await deps.blobs.deletePrefix(`${q.workspaceId}/`).catch((err: unknown) => console.error(`[docket] files of deleted workspace ${q.workspaceId} not removed:`, err));
  return { name: deleted.name };
}
