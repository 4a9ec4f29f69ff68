import type { Db } from "@/db/client";
import { listStuckQueuedDocuments } from "@/db/queries/documents";
import { inngest } from "@/inngest/client";
import { appEvent } from "@/inngest/events";
import { STUCK_AFTER_MS } from "@/lib/documents/progress";
import { runtimeDeps } from "@/services/runtime";

// A document is saved, then its event is sent; if that send fails (the event service down, the process killed in
// between) the document would stay "queued" forever. Every two minutes this re-sends the event of anything queued
// for longer than STUCK_AFTER_MS, with the same id the first send used: a send that did arrive is deduplicated, one
// that did not starts the reading now.

export function createResendStuckDocumentsFunction(deps: () => Promise<{ db: Db; now: () => number }>) {
  return inngest.createFunction(
    { id: "resend-stuck-documents", name: "Re-send stuck documents", retries: 2, triggers: [{ cron: "*/2 * * * *" }] },
    async ({ step }) => {
      const stuck = await step.run("find-stuck-documents", async () => {
        const { db, now } = await deps();
        return listStuckQueuedDocuments(db, { olderThan: new Date(now() - STUCK_AFTER_MS) });
      });
      if (stuck.length === 0) return { resent: 0 };
      await step.sendEvent(
        "resend-document-events",
        stuck.map((d) => appEvent.documentUploaded({ workspaceId: d.workspaceId, documentId: d.id, attempts: d.attempts })),
      );
      return { resent: stuck.length };
    },
  );
}

export const resendStuckDocuments = createResendStuckDocumentsFunction(runtimeDeps);
