import type { ComposedMessage } from "./compose";
import { SendError, parseRetryAfter } from "./send-error";
import type { MailTransport, SendResult } from "./transports";

// Gmail API sender: users.messages.send with the raw RFC 2822 message, authorised with the user's own
// OAuth token (scope gmail.send). Refreshes the access token when it is missing/expired or when Gmail
// answers 401, and classifies every failure into a SendError kind.

export const DEFAULT_GMAIL_BASE_URL = "https://gmail.googleapis.com";
export const DEFAULT_GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
/** Above this many raw bytes the message goes through the media upload endpoint instead of JSON `raw`. */
export const GMAIL_JSON_RAW_LIMIT = 4 * 1024 * 1024;

export interface GmailTokens {
  accessToken?: string;
  /** Epoch ms when accessToken expires; refreshed 60 s ahead of it. */
  expiresAt?: number;
  refreshToken: string;
}

export interface RefreshedTokens {
  accessToken: string;
  expiresAt: number;
  /** Google only returns a new refresh token occasionally; persist it when present. */
  refreshToken?: string;
  scope?: string;
}

export interface GmailTransportOptions {
  tokens: GmailTokens;
  clientId: string;
  clientSecret: string;
  /** Default https://gmail.googleapis.com (tests point it at a local server). */
  baseUrl?: string;
  /** Default https://oauth2.googleapis.com/token. */
  tokenUrl?: string;
  /** Called after every successful refresh so the caller can store the new tokens (encrypted). */
  onTokensRefreshed?: (tokens: RefreshedTokens) => Promise<void> | void;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

const QUOTA_REASONS = new Set([
  "ratelimitexceeded",
  "userratelimitexceeded",
  "dailylimitexceeded",
  "quotaexceeded",
  "rate_limit_exceeded",
  "resource_exhausted",
]);
const SCOPE_REASONS = new Set(["insufficientpermissions", "access_token_scope_insufficient"]);

interface GoogleErrorBody {
  error?:
    | string
    | {
        code?: number;
        message?: string;
        status?: string;
        errors?: { reason?: string; message?: string; domain?: string }[];
        details?: { "@type"?: string; reason?: string }[];
      };
  error_description?: string;
}

function reasonsOf(body: GoogleErrorBody | undefined): string[] {
  const e = body?.error;
  if (!e || typeof e === "string") return e ? [e] : [];
  const out: string[] = [];
  for (const x of e.errors ?? []) if (x.reason) out.push(x.reason);
  for (const d of e.details ?? []) if (d.reason) out.push(d.reason);
  if (e.status) out.push(e.status);
  return out;
}

function messageOf(body: GoogleErrorBody | undefined, fallback: string): string {
  const e = body?.error;
  if (e && typeof e === "object" && e.message) return e.message;
  if (typeof e === "string") return body?.error_description ? `${e}: ${body.error_description}` : e;
  return fallback;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 300) } };
  }
}

/** Gmail's "User-rate limit exceeded. Retry after 2026-11-21T10:00:00.000Z" → ms until then. */
function retryAfterFromMessage(message: string, now: number): number | undefined {
  const m = /retry after (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/i.exec(message);
  if (!m) return undefined;
  const at = Date.parse(m[1]);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Classifies a non-2xx answer of the Gmail send endpoint. Exported for tests and the sender's logs. */
export function classifyGmailResponse(status: number, body: unknown, retryAfterHeader: string | null, now: number): SendError {
  const b = body as GoogleErrorBody | undefined;
  const reasons = reasonsOf(b).map((r) => r.toLowerCase());
  const message = messageOf(b, `HTTP ${status}`);
  const retryAfterMs = parseRetryAfter(retryAfterHeader, now) ?? retryAfterFromMessage(message, now);
  const reason = reasonsOf(b)[0];
  if (status === 429 || (status === 403 && reasons.some((r) => QUOTA_REASONS.has(r)))) {
    return new SendError("quota", `Gmail sending limit reached: ${message}`, { status, reason, retryAfterMs });
  }
  if (status === 401 || (status === 403 && reasons.some((r) => SCOPE_REASONS.has(r)))) {
    return new SendError(
      "auth_revoked",
      `Google no longer allows Docket to send from this account (${message}). Reconnect Google in Campaigns → Accounts.`,
      { status, reason },
    );
  }
  if (status >= 500 || status === 408) {
    return new SendError("transient", `Gmail is temporarily unavailable: ${message}`, { status, reason, retryAfterMs });
  }
  return new SendError("permanent", `Gmail rejected the message: ${message}`, { status, reason });
}

export class GmailClient {
  private tokens: GmailTokens;
  private refreshing: Promise<string> | undefined;
  private readonly baseUrl: string;
  private readonly tokenUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: GmailTransportOptions) {
    if (!opts.tokens?.refreshToken) throw new Error("Gmail transport needs a refresh token");
    if (!opts.clientId || !opts.clientSecret) throw new Error("Gmail transport needs the Google OAuth client id and secret");
    this.tokens = { ...opts.tokens };
    this.baseUrl = (opts.baseUrl ?? DEFAULT_GMAIL_BASE_URL).replace(/\/+$/, "");
    this.tokenUrl = opts.tokenUrl ?? DEFAULT_GOOGLE_TOKEN_URL;
    this.fetchImpl = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  /** A valid access token, refreshing first when there is none or it expires within 60 s. */
  async accessToken(): Promise<string> {
    const t = this.tokens;
    if (t.accessToken && (t.expiresAt === undefined || t.expiresAt - 60_000 > this.now())) return t.accessToken;
    return this.refresh();
  }

  /** Exchanges the refresh token for a new access token (concurrent callers share one request). */
  refresh(): Promise<string> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: this.tokens.refreshToken,
      client_id: this.opts.clientId,
      client_secret: this.opts.clientSecret,
    });
    let res: Response;
    try {
      res = await this.fetchImpl(this.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SendError("transient", `could not reach Google's token endpoint: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const body = (await readJson(res)) as
      | (GoogleErrorBody & { access_token?: string; expires_in?: number; refresh_token?: string; scope?: string })
      | undefined;
    if (!res.ok) {
      const code = typeof body?.error === "string" ? body.error : undefined;
      const msg = messageOf(body, `HTTP ${res.status}`);
      if (code === "invalid_grant" || code === "unauthorized_client") {
        throw new SendError(
          "auth_revoked",
          `Google access was revoked or expired (${msg}). Reconnect Google in Campaigns → Accounts to resume.`,
          { status: res.status, reason: code },
        );
      }
      if (res.status >= 500 || res.status === 429) {
        throw new SendError("transient", `Google's token endpoint failed: ${msg}`, {
          status: res.status,
          reason: code,
          retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), this.now()),
        });
      }
      throw new SendError("permanent", `Google refused the token refresh: ${msg}`, { status: res.status, reason: code });
    }
    if (!body?.access_token) throw new SendError("transient", "Google's token endpoint returned no access_token");
    const refreshed: RefreshedTokens = {
      accessToken: body.access_token,
      expiresAt: this.now() + (body.expires_in ?? 3600) * 1000,
      refreshToken: body.refresh_token,
      scope: body.scope,
    };
    this.tokens = {
      accessToken: refreshed.accessToken,
      expiresAt: refreshed.expiresAt,
      refreshToken: refreshed.refreshToken ?? this.tokens.refreshToken,
    };
    try {
      await this.opts.onTokensRefreshed?.(refreshed);
    } catch (err) {
      // The new token stays in memory, so a retry succeeds without another refresh.
      throw new SendError("transient", `could not store the refreshed Google token: ${(err as Error).message}`, { cause: err });
    }
    return refreshed.accessToken;
  }

  private async post(raw: Buffer, token: string): Promise<Response> {
    const useUpload = raw.length > GMAIL_JSON_RAW_LIMIT;
    const url = useUpload
      ? `${this.baseUrl}/upload/gmail/v1/users/me/messages/send?uploadType=media`
      : `${this.baseUrl}/gmail/v1/users/me/messages/send`;
    try {
      return await this.fetchImpl(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": useUpload ? "message/rfc822" : "application/json",
          accept: "application/json",
        },
        body: useUpload ? new Uint8Array(raw) : JSON.stringify({ raw: raw.toString("base64url") }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      // The request may have reached Gmail before the connection failed.
      throw new SendError("transient", `could not reach Gmail: ${(err as Error).message}`, {
        cause: err,
        mayHaveSent: true,
      });
    }
  }

  /** Sends one raw message; returns Gmail's message id. */
  async sendRaw(raw: Buffer): Promise<{ id: string; threadId?: string }> {
    let token = await this.accessToken();
    let res = await this.post(raw, token);
    if (res.status === 401) {
      await res.body?.cancel();
      token = await this.refresh();
      res = await this.post(raw, token);
    }
    const body = await readJson(res);
    if (!res.ok) throw classifyGmailResponse(res.status, body, res.headers.get("retry-after"), this.now());
    const ok = body as { id?: string; threadId?: string } | undefined;
    if (!ok?.id) throw new SendError("transient", "Gmail answered without a message id", { mayHaveSent: true });
    return { id: ok.id, threadId: ok.threadId };
  }
}

export function createGmailTransport(opts: GmailTransportOptions): MailTransport & { client: GmailClient } {
  const client = new GmailClient(opts);
  return {
    kind: "gmail",
    client,
    async send(msg: ComposedMessage): Promise<SendResult> {
      const { id } = await client.sendRaw(msg.raw);
      return { providerMessageId: id, accepted: [...msg.envelope.to] };
    },
    async close() {},
  };
}
