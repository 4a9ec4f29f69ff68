import { defineMachine } from "@/lib/status/machine";

// Campaign and recipient state machines — their tables, made into machines by the one helper (lib/status/machine.ts).
// The DB layer, the send function and the UI all ask `campaignMachine` / `recipientMachine` before changing a status.
//
//   campaign:  draft → scheduled → sending ⇄ paused → completed | cancelled
//              (scheduled → draft to edit again; paused → scheduled when resumed before the start time;
//               cancelled reachable from every non-final state)
//   recipient: pending → sending → sent | failed | skipped
//              (sending → pending when a transient failure is retried; failed → pending when a user retries;
//               pending → skipped when unsubscribed/suppressed or the campaign is cancelled; failed → skipped when
//               suppressed, so no retry can write to it)

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "paused", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const RECIPIENT_STATUSES = ["pending", "sending", "sent", "failed", "skipped"] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ["scheduled", "cancelled"],
  scheduled: ["draft", "sending", "paused", "cancelled"],
  sending: ["paused", "completed", "cancelled"],
  paused: ["sending", "scheduled", "cancelled"],
  completed: [],
  cancelled: [],
};

export const RECIPIENT_TRANSITIONS: Readonly<Record<RecipientStatus, readonly RecipientStatus[]>> = {
  pending: ["sending", "skipped"],
  sending: ["sent", "failed", "pending", "skipped"],
  sent: [],
  failed: ["pending", "skipped"],
  skipped: [],
};

export const CAMPAIGN_STATUS_LABELS: Readonly<Record<CampaignStatus, string>> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  paused: "Paused",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const RECIPIENT_STATUS_LABELS: Readonly<Record<RecipientStatus, string>> = {
  pending: "Pending",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  skipped: "Skipped",
};

export const campaignMachine = defineMachine("campaign", CAMPAIGN_TRANSITIONS, CAMPAIGN_STATUS_LABELS);
export const recipientMachine = defineMachine("recipient", RECIPIENT_TRANSITIONS, RECIPIENT_STATUS_LABELS);

/** Why a campaign is paused — shown to the user next to the Paused badge. */
export type PauseReason = "user" | "quota" | "auth_revoked" | "consecutive_failures";

export const PAUSE_REASON_MESSAGES: Readonly<Record<PauseReason, string>> = {
  user: "Paused by a user.",
  quota: "Paused automatically: the mail provider reported a sending limit. It resumes when the limit resets.",
  auth_revoked: "Paused: Google no longer allows sending from this account. Reconnect Google in Campaigns → Accounts, then resume.",
  consecutive_failures: "Paused automatically after several failed sends in a row. Check the errors in the log, then resume.",
};
