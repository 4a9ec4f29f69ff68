import { describe, expect, it } from "vitest";
import { decideAfterFailure } from "./send-policy";
import { TransitionError } from "@/lib/status/machine";
import { CAMPAIGN_STATUSES, CAMPAIGN_TRANSITIONS, RECIPIENT_STATUSES, campaignMachine, recipientMachine } from "./status";

describe("campaign state machine", () => {
  it("follows draft → scheduled → sending ⇄ paused → completed", () => {
    const path = ["draft", "scheduled", "sending", "paused", "sending", "completed"] as const;
    for (let i = 1; i < path.length; i++) expect(campaignMachine.can(path[i - 1], path[i]), `${path[i - 1]}→${path[i]}`).toBe(true);
  });

  it("refuses shortcuts and leaving a final state", () => {
    expect(campaignMachine.can("draft", "sending")).toBe(false);
    expect(campaignMachine.can("draft", "completed")).toBe(false);
    expect(campaignMachine.can("paused", "completed")).toBe(false);
    for (const to of CAMPAIGN_STATUSES) {
      expect(campaignMachine.can("completed", to)).toBe(false);
      expect(campaignMachine.can("cancelled", to)).toBe(false);
    }
    expect(() => campaignMachine.assert("completed", "sending")).toThrow(TransitionError);
    expect(() => campaignMachine.assert("completed", "sending")).toThrow("A campaign that is Completed cannot become Sending");
  });

  it("can be cancelled from every non-final state, and every state is reachable from draft", () => {
    for (const s of CAMPAIGN_STATUSES) {
      if (!campaignMachine.isFinal(s)) expect(campaignMachine.can(s, "cancelled")).toBe(true);
    }
    const seen = new Set<string>(["draft"]);
    const queue = ["draft"] as (keyof typeof CAMPAIGN_TRANSITIONS)[];
    while (queue.length) {
      for (const n of CAMPAIGN_TRANSITIONS[queue.shift()!]) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    expect([...seen].sort()).toEqual([...CAMPAIGN_STATUSES].sort());
  });
});

describe("recipient state machine", () => {
  it("pending → sending → sent | failed | skipped; retry paths back to pending", () => {
    expect(recipientMachine.can("pending", "sending")).toBe(true);
    for (const end of ["sent", "failed", "skipped"] as const) expect(recipientMachine.can("sending", end)).toBe(true);
    expect(recipientMachine.can("sending", "pending")).toBe(true);
    expect(recipientMachine.can("failed", "pending")).toBe(true);
    expect(recipientMachine.can("failed", "skipped")).toBe(true); // suppressed after failing: never retried
    expect(recipientMachine.can("pending", "sent")).toBe(false); // never sent without an attempt recorded
    expect(recipientMachine.can("sent", "pending")).toBe(false); // never sent twice
    expect(RECIPIENT_STATUSES.filter(recipientMachine.isFinal)).toEqual(["sent", "skipped"]);
  });
});

describe("decideAfterFailure", () => {
  const base = { message: "boom", attempt: 1, consecutiveFailures: 0, now: 1_000_000 };

  it("pauses on quota and resumes after Retry-After", () => {
    expect(decideAfterFailure({ ...base, kind: "quota", retryAfterMs: 120_000 })).toMatchObject({
      recipient: "pending",
      pauseCampaign: "quota",
      resumeAt: 1_120_000,
      countsAsFailure: false,
    });
  });

  it("pauses for reconnection when Google access is revoked", () => {
    expect(decideAfterFailure({ ...base, kind: "auth_revoked" })).toMatchObject({ recipient: "pending", pauseCampaign: "auth_revoked" });
  });

  it("retries transient errors with exponential backoff, then fails", () => {
    expect(decideAfterFailure({ ...base, kind: "transient", attempt: 1 }).retryAt).toBe(1_000_000 + 60_000);
    expect(decideAfterFailure({ ...base, kind: "transient", attempt: 3 }).retryAt).toBe(1_000_000 + 240_000);
    const last = decideAfterFailure({ ...base, kind: "transient", attempt: 4 });
    expect(last).toMatchObject({ recipient: "failed", error: "boom (gave up after 4 attempts)" });
  });

  it("fails permanent errors at once and pauses after K consecutive failures", () => {
    expect(decideAfterFailure({ ...base, kind: "permanent" })).toMatchObject({ recipient: "failed", pauseCampaign: null });
    expect(decideAfterFailure({ ...base, kind: "permanent", consecutiveFailures: 4 }).pauseCampaign).toBe("consecutive_failures");
  });

  it("holds a possibly-delivered message instead of resending it", () => {
    expect(decideAfterFailure({ ...base, kind: "transient", mayHaveSent: true }).recipient).toBe("hold");
  });
});
