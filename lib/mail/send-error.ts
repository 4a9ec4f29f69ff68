// The one error type every transport throws, classified so the campaign sender knows what to do:
//   quota        → auto-pause the campaign(s) of this account until the limit resets (retryAfterMs if known)
//   auth_revoked → pause and ask the user to reconnect the account (Google grant revoked/expired, SMTP login refused)
//   transient    → retry with backoff (5xx, network, timeouts)
//   permanent    → this recipient fails; do not retry (bad address, message rejected)

export type SendErrorKind = "quota" | "auth_revoked" | "transient" | "permanent";

export interface SendErrorDetails {
  retryAfterMs?: number;
  /** HTTP status or SMTP reply code, when there was one. */
  status?: number;
  /** Provider's machine reason, e.g. "rateLimitExceeded", "invalid_grant", "EAUTH". */
  reason?: string;
  /**
   * True when the request may have reached the provider before failing (e.g. connection dropped after
   * the message was written). The caller must not blindly resend: the message may have been delivered.
   */
  mayHaveSent?: boolean;
  cause?: unknown;
}

export class SendError extends Error {
  override name = "SendError";
  readonly kind: SendErrorKind;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly reason?: string;
  readonly mayHaveSent: boolean;

  constructor(kind: SendErrorKind, message: string, details: SendErrorDetails = {}) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.kind = kind;
    this.retryAfterMs = details.retryAfterMs;
    this.status = details.status;
    this.reason = details.reason;
    this.mayHaveSent = details.mayHaveSent ?? false;
  }
}

export function isSendError(e: unknown): e is SendError {
  return e instanceof SendError;
}

/** Parses an HTTP Retry-After header (delta-seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
