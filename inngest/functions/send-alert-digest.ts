import { workspacesToEvaluate } from "@/db/queries/alerts";
import { inngest } from "@/inngest/client";
import { sendAlertDigest } from "@/services/alerts/send-alert-digest";
import { digestDeps, type DigestDeps } from "@/services/alerts/digest-deps";

// Every morning (07:00 UTC) each member gets one email with the workspace's open alerts: through SMTP when
// SMTP_URL is set, else into the dev outbox (Settings → Mail outbox). One step per workspace; a member's digest is
// claimed for the day before sending, so retries never send it twice.

export function createSendAlertDigestFunction(deps: () => Promise<DigestDeps>) {
  return inngest.createFunction(
    { id: "send-alert-digest", name: "Send the daily alert digest", retries: 2, triggers: [{ cron: "0 7 * * *" }] },
    async ({ step }) => {
      const ids = await step.run("list-workspaces", async () => workspacesToEvaluate((await deps()).db));
      let sent = 0;
      for (const id of ids) {
        const r = await step.run(`digest-${id}`, async () => {
          const d = await deps();
          const transport = d.transport();
          try {
            return await sendAlertDigest({ db: d.db, from: d.from, baseUrl: d.baseUrl, transport }, { workspaceId: id });
          } finally {
            await transport?.close();
          }
        });
        sent += r.sent;
      }
      return { workspaces: ids.length, sent };
    },
  );
}

export const sendAlertDigestFunction = createSendAlertDigestFunction(digestDeps);
