import { finishCaseMatching, holdCase, requireCase } from "@/db/queries/insurance/cases";
import { inngest } from "@/inngest/client";
import { caseCreated } from "@/inngest/events";
import { matchBatch, readFleet } from "@/services/insurance/match-case";
import { matchCaseDeps, type MatchCaseDeps } from "@/services/insurance/match-deps";

// Matches a case's fleet spreadsheet against the insurer's active catalog — the user's story top to bottom:
//   read the file with the broker's profile (no broker, no profile, a misfit or no catalog → the case says so)
//   → match the rows in batches (each batch a step: the case page shows done / total as they land)
//   → count and hand the case to review.
// A rematch bumps the case's generation; a run for an older generation stops at its next step.

export function createMatchCaseFunction(deps: () => Promise<MatchCaseDeps>) {
  return inngest.createFunction(
    {
      id: "match-case",
      name: "Match insurance case",
      retries: 3,
      triggers: [caseCreated],
      // One run per case at a time: a rematch waits for the run before it (which stops at its next step).
      concurrency: { limit: 1, key: "event.data.caseId" },
      onFailure: async ({ error, event, step }) => {
        const { workspaceId, caseId } = event.data.event.data as { workspaceId: string; caseId: string };
        await step.run("mark-failed", async () => {
          const { db } = await deps();
          const c = await requireCase(db, { workspaceId, caseId });
          if (c.status !== "received" && c.status !== "matching") return;
          await holdCase(db, { workspaceId, caseId, generation: c.generation, status: "failed", message: `Matching failed: ${error.message}. Use "Match again" to retry.` });
        });
      },
    },
    async ({ event, step }) => {
      const { workspaceId, caseId } = event.data;
      const read = await step.run("read-fleet", async () => readFleet(await deps(), { workspaceId, caseId }));
      if (read.held) return read;
      let matched = 0;
      for (let i = 0; ; i++) {
        const r = await step.run(`match-rows-${i}`, async () =>
          matchBatch(await deps(), { workspaceId, caseId, generation: read.generation, catalogId: read.catalogId, brokerId: read.brokerId }),
        );
        matched += r.matched;
        if (r.stale) return { stale: true, matched };
        if (!r.more) break;
      }
      const done = await step.run("finish", async () => finishCaseMatching((await deps()).db, { workspaceId, caseId, generation: read.generation }));
      return { matched, ...done };
    },
  );
}

export const matchCase = createMatchCaseFunction(matchCaseDeps);
