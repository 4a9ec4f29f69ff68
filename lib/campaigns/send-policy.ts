import type { SendErrorKind } from "@/lib/mail/send-error";
import type { PauseReason } from "./status";

// What the sender does after a failed send, decided in one pure function so the Inngest function
// stays a readable story and the rules are tested here:
//   quota         → recipient back to pending, pause the campaign (auto-resume after retryAfter if known)
//   auth_revoked  → recipient back to pending, pause with "reconnect Google"
//   transient     → retry with exponential backoff until maxAttempts, then failed
//   permanent     → recipient failed
//   K failures in a row (transient/permanent) → also pause the campaign ("consecutive_failures")
// A SendError with mayHaveSent must not be retried blindly: "hold" = leave the recipient in `sending`
// (visible as stuck, with the error) until it is reconciled, e.g. by looking up its Message-ID in Sent.

export interface FailureContext {
  kind: SendErrorKind;
  message: string;
  retryAfterMs?: number;
  mayHaveSent?: boolean;
  /** Attempts for this recipient including the one that just failed. */
  attempt: number;
  /** Failed sends in a row on this campaign before this one. */
  consecutiveFailures: number;
  now: number;
}

export interface FailurePolicy {
  maxAttempts: number;
  maxConsecutiveFailures: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Used for quota pauses when the provider gave no Retry-After. */
  quotaPauseMs: number;
}

export const DEFAULT_FAILURE_POLICY: Readonly<FailurePolicy> = Object.freeze({
  maxAttempts: 4,
  maxConsecutiveFailures: 5,
  baseBackoffMs: 60_000,
  maxBackoffMs: 60 * 60_000,
  quotaPauseMs: 60 * 60_000,
});

export interface FailureDecision {
  recipient: "pending" | "failed" | "hold";
  /** When the recipient may be tried again (pending only). */
  retryAt?: number;
  /** Pause the campaign with this reason, or null to keep going. */
  pauseCampaign: PauseReason | null;
  /** For quota pauses: when to resume on its own. */
  resumeAt?: number;
  /** Whether this failure counts toward the consecutive-failure streak. */
  countsAsFailure: boolean;
  error: string;
}

export function decideAfterFailure(ctx: FailureContext, policy: FailurePolicy = DEFAULT_FAILURE_POLICY): FailureDecision {
  const error = ctx.message;
  if (ctx.kind === "quota") {
    const wait = ctx.retryAfterMs ?? policy.quotaPauseMs;
    return { recipient: "pending", retryAt: ctx.now + wait, pauseCampaign: "quota", resumeAt: ctx.now + wait, countsAsFailure: false, error };
  }
  if (ctx.kind === "auth_revoked") {
    return { recipient: "pending", pauseCampaign: "auth_revoked", countsAsFailure: false, error };
  }
  const streakPause = ctx.consecutiveFailures + 1 >= policy.maxConsecutiveFailures ? "consecutive_failures" : null;
  if (ctx.mayHaveSent) {
    return { recipient: "hold", pauseCampaign: streakPause, countsAsFailure: true, error };
  }
  if (ctx.kind === "transient" && ctx.attempt < policy.maxAttempts) {
    const backoff = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (ctx.attempt - 1));
    const retryAt = ctx.now + Math.max(backoff, ctx.retryAfterMs ?? 0);
    return { recipient: "pending", retryAt, pauseCampaign: streakPause, countsAsFailure: true, error };
  }
  const why = ctx.kind === "transient" ? `${error} (gave up after ${ctx.attempt} attempts)` : error;
  return { recipient: "failed", pauseCampaign: streakPause, countsAsFailure: true, error: why };
}

/** Grace before the sweeper resumes a quota pause: the campaign that got the answer resumes itself on time. */
export const QUOTA_SWEEP_GRACE_MS = 2 * 60_000;
