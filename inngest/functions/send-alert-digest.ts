import { getDatabase } from "@/db";
import { workspacesToEvaluate } from "@/db/queries/alerts";
import { inngest } from "@/inngest/client";
import { env } from "@/lib/env";
import { createSmtpTransport, parseSmtpUrl } from "@/lib/mail/transports";
import { sendAlertDigest } from "@/services/alerts/send-alert-digest";

// Every morning (07:00 UTC) each member gets one email with the workspace's open alerts: through SMTP when
// SMTP_URL is set, else into the dev outbox (Settings → Mail outbox). One step per workspace; a member's digest is
// claimed for the day before sending, so retries never send it twice.

export const sendAlertDigestFunction = inngest.createFunction(
  { id: "send-alert-digest", name: "Send the daily alert digest", retries: 2, triggers: [{ cron: "0 7 * * *" }] },
  async ({ step }) => {
    const ids = await step.run("list-workspaces", async () => workspacesToEvaluate((await getDatabase()).db));
    let sent = 0;
    for (const id of ids) {
      const r = await step.run(`digest-${id}`, async () => {
        const e = env();
        const transport = e.SMTP_URL ? createSmtpTransport(parseSmtpUrl(e.SMTP_URL)) : undefined;
        try {
          return await sendAlertDigest({ db: (await getDatabase()).db, from: e.DOCKET_MAIL_FROM, baseUrl: e.publicUrl, transport }, { workspaceId: id });
        } finally {
          await transport?.close();
        }
      });
      sent += r.sent;
    }
    return { workspaces: ids.length, sent };
  },
);
