import { bumpGeneration, resumeCampaign } from "@/db/queries/campaigns/control";
import { campaignsDueAfterQuota, resumeAfterQuota } from "@/db/queries/campaigns/quota";
import { reserveNextSend } from "@/db/queries/campaigns/sends";
import { inngest } from "@/inngest/client";
import { appEvent, campaignStarted } from "@/inngest/events";
import { QUOTA_SWEEP_GRACE_MS } from "@/lib/campaigns/send-policy";
import { deliverAttempt } from "@/services/campaigns/deliver-attempt";
import { sendDeps, type SendDeps } from "@/services/campaigns/send-deps";

// Sends a campaign, one recipient at a time, under its account's pacing — the user's story top to bottom:
//   reserve (DB lock on the account: pacing across all its campaigns, claim the next recipient, record the attempt)
//   → sleep until the next slot when pacing says wait (step.sleepUntil, so it holds on any executor)
//   → deliver (render, compose, mark in flight, send, record the provider's id — or apply the failure policy)
//   → after a batch, continue in a fresh run (keeps each run's history small).
// Exactly once from the user's view: a step that died after "in flight" is never sent again blindly; the
// recipient is held (visible in the log) until someone checks the Sent folder, except on the dev outbox
// where the stored copy is looked up by Message-ID.

const BATCH = 60;

export function createSendCampaignFunctions(deps: () => Promise<SendDeps>) {
  const sendCampaign = inngest.createFunction(
    {
      id: "send-campaign",
      name: "Send campaign",
      retries: 5,
      triggers: [campaignStarted],
      // One loop per campaign at a time; pacing across campaigns of an account is enforced in the DB, not here.
      concurrency: { limit: 1, key: "event.data.campaignId" },
      // Pause and cancel stop a sleeping run at once (the reserve step also re-checks the status under a lock).
      cancelOn: [{ event: "app/campaign.control", if: "async.data.campaignId == event.data.campaignId && async.data.action != 'resume'" }],
    },
    async ({ event, step, runId }) => {
      const { workspaceId, campaignId } = event.data;
      for (let i = 0; i < BATCH; i++) {
        const r = await step.run(`reserve-${i}`, async () => {
          const d = await deps();
          // keyed by run and step: run again after a crash, the step gets back the reservation it already made
          return reserveNextSend(d.db, { workspaceId, campaignId, now: d.now(), key: `${runId}:reserve-${i}` });
        });
        if (r.kind === "stop" || r.kind === "done") return r;
        if (r.kind === "wait") {
          await step.sleepUntil(`wait-${i}`, r.until);
          continue;
        }
        const out = await step.run(`deliver-${i}`, async () => deliverAttempt(await deps(), r.attemptId));
        if (out.outcome === "paused") {
          if (out.reason !== "quota" || !out.resumeAt) return out;
          await step.sleepUntil(`quota-${i}`, out.resumeAt);
          const resumed = await step.run(`quota-resume-${i}`, async () => {
            const d = await deps();
            return resumeAfterQuota(d.db, { workspaceId, campaignId, now: d.now() });
          });
          if (!resumed) return { kind: "stop", status: "paused" };
        }
      }
      const next = await step.run("next-run", async () => bumpGeneration((await deps()).db, { workspaceId, campaignId }));
      if (!next) return { kind: "stop", status: "cancelled" };
      await step.sendEvent("continue", appEvent.campaignStarted({ workspaceId, id: campaignId, runGeneration: next.runGeneration }));
      return { kind: "continued", generation: next.runGeneration };
    },
  );

  /**
   * Every minute: campaigns paused with their account's quota (the others of the account, paused together) go on once
   * the quota's resume time has passed, each with a new run.
   */
  const resumeQuotaPausedCampaigns = inngest.createFunction(
    { id: "resume-quota-paused-campaigns", name: "Resume campaigns after a quota pause", retries: 2, triggers: [{ cron: "* * * * *" }] },
    async ({ step }) => {
      const resumed = await step.run("resume", async () => {
        const d = await deps();
        const due = await campaignsDueAfterQuota(d.db, { now: d.now(), graceMs: QUOTA_SWEEP_GRACE_MS });
        const out: Array<{ workspaceId: string; id: string; runGeneration: number }> = [];
        for (const paused of due) {
          const c = await resumeCampaign(d.db, { workspaceId: paused.workspaceId, actorId: null, campaignId: paused.id, now: new Date(d.now()), onlyReason: "quota" });
          if (c) out.push({ workspaceId: paused.workspaceId, id: c.id, runGeneration: c.runGeneration });
        }
        return out;
      });
      if (resumed.length) {
        await step.sendEvent("start-runs", resumed.map(appEvent.campaignStarted));
      }
      return { resumed: resumed.length };
    },
  );
  return { sendCampaign, resumeQuotaPausedCampaigns };
}

export const { sendCampaign, resumeQuotaPausedCampaigns } = createSendCampaignFunctions(sendDeps);
