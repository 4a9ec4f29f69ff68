import { createCasesForMessage, emailsWantingCase } from "@/db/queries/insurance/case-emails";
import { inngest } from "@/inngest/client";
import { appEvent, documentUploaded } from "@/inngest/events";
import { matchCaseDeps, type MatchCaseDeps } from "@/services/insurance/match-deps";

// A broker email opens its own case: when a stored document is a spreadsheet attached to an email that came
// through an insurance mailbox, or from a known broker's domain (mailbox polling, manual entry, .eml upload),
// a COT case is created for it and handed to matching. Other documents are left to the other pipelines.

export function createOpenCaseFromEmailFunction(deps: () => Promise<MatchCaseDeps>) {
  return inngest.createFunction(
    {
      id: "open-case-from-email",
      name: "Open insurance case from a broker email",
      retries: 3,
      triggers: [documentUploaded],
      // Two attachments of one email arrive as two events: one at a time per workspace keeps "already has a case" true.
      concurrency: { limit: 1, key: "event.data.workspaceId" },
    },
    async ({ event, step }) => {
      const { workspaceId, documentId } = event.data;
      const cases = await step.run("open-cases", async () => {
        const { db } = await deps();
        const wanting = await emailsWantingCase(db, { workspaceId, documentId });
        const made = [];
        for (const w of wanting) {
          const created = await createCasesForMessage(db, { workspaceId, actorId: null, messageId: w.messageId, documentId });
          made.push(...created.map((c) => ({ id: c.id, generation: c.generation, cotNumber: c.cotNumber })));
        }
        return made;
      });
      if (cases.length) {
        await step.sendEvent(
          "match-cases",
          cases.map((c) => appEvent.caseCreated({ workspaceId, id: c.id, generation: c.generation })),
        );
      }
      return { opened: cases.map((c) => c.cotNumber) };
    },
  );
}

export const openCaseFromEmail = createOpenCaseFromEmailFunction(matchCaseDeps);
