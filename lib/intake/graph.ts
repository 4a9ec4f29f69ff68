import { checkOutboundUrl, OutboundRefusedError, type OutboundPolicy } from "@/lib/net/outbound";
import { IntakeError } from "./errors";

/**
 * Microsoft Graph (Outlook / Exchange Online) mailbox connector over plain fetch, app-only auth
 * (OAuth 2.0 client credentials). It lists unread messages with attachments in a folder, downloads each
 * one's MIME (`/$value`) so the same .eml parser handles it, and marks it read.
 *
 * Needs an Entra ID app registration with the application permission Mail.ReadWrite (Mail.Read is
 * enough when nothing is marked read), admin-consented; ideally scoped to the mailbox with an
 * application access policy. Base URLs are injectable for national clouds and tests.
 */

export interface GraphMailConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** User id or user principal name of the mailbox ("ap@contoso.com"). */
  mailbox: string;
  /** Well-known folder name ("inbox") or a folder id. Default "inbox". */
  folder?: string;
  /** Default https://login.microsoftonline.com */
  authorityUrl?: string;
  /** Default https://graph.microsoft.com */
  graphUrl?: string;
  /** Messages per page when listing. Default 25. */
  pageSize?: number;
  /** Retries of throttled (429) or unavailable (503/504) requests. Default 3. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for here: a graph_rate_limited error carries it instead. Default 60 s. */
  maxRetryAfterSeconds?: number;
  /** Request timeout in ms. Default 60 s. */
  timeoutMs?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** For URLs a user typed in: which addresses may be connected to (lib/net/outbound). Unset → any. */
  outbound?: OutboundPolicy;
  /** Injectable for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphMessageSummary {
  id: string;
  internetMessageId: string | null;
  subject: string;
  from: string | null;
  receivedAt: string | null;
}

export interface GraphFetchedMessage extends GraphMessageSummary {
  raw: Buffer;
}

export interface GraphFetchResult {
  messages: GraphFetchedMessage[];
  /** Messages whose MIME exceeds `maxMessageBytes`: not downloaded, not marked read. */
  oversized: { id: string; size: number }[];
  /** More unread messages were waiting beyond `maxMessages`. */
  more: boolean;
}

/** Carries how long the caller should wait (for Inngest's RetryAfterError). */
export class GraphRateLimitError extends IntakeError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super("graph_rate_limited", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const SELECT = "id,internetMessageId,subject,from,receivedDateTime,hasAttachments,isRead";
export const GRAPH_UNREAD_WITH_ATTACHMENTS_FILTER = "isRead eq false and hasAttachments eq true";

interface Token {
  value: string;
  expiresAt: number;
}

export interface GraphMailClient {
  /** Unread messages with attachments in the folder, following @odata.nextLink, at most `limit`. */
  listUnreadWithAttachments(limit?: number): Promise<{ messages: GraphMessageSummary[]; more: boolean }>;
  /** The message's full MIME (RFC 822) content. */
  getMime(id: string): Promise<Buffer>;
  markRead(id: string): Promise<void>;
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

export function createGraphMailClient(config: GraphMailConfig): GraphMailClient {
  for (const key of ["tenantId", "clientId", "clientSecret", "mailbox"] as const) {
    if (!config[key]?.trim()) throw new IntakeError("graph_auth", `Microsoft Graph settings: ${key} is missing`);
  }
  const authority = trimSlash(config.authorityUrl ?? "https://login.microsoftonline.com");
  const graph = trimSlash(config.graphUrl ?? "https://graph.microsoft.com");
  const graphOrigin = new URL(graph).origin;
  const doFetch = config.fetch ?? fetch;
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetries = config.maxRetries ?? 3;
  const maxRetryAfter = config.maxRetryAfterSeconds ?? 60;
  const timeoutMs = config.timeoutMs ?? 60_000;
  const folder = config.folder?.trim() || "inbox";
  const mailboxPath = `${graph}/v1.0/users/${encodeURIComponent(config.mailbox)}`;
  const label = `mailbox ${config.mailbox}`;
  let token: Token | null = null;

  const checked = new Map<string, Promise<void>>();
  const request = async (url: string, init: RequestInit): Promise<Response> => {
    if (config.outbound) {
      const origin = new URL(url).origin;
      if (!checked.has(origin)) checked.set(origin, checkOutboundUrl(origin, config.outbound, "Microsoft Graph address"));
      try {
        await checked.get(origin);
      } catch (e) {
        if (e instanceof OutboundRefusedError) throw new IntakeError("graph_http", e.message, { cause: e });
        throw e;
      }
    }
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const host = new URL(url).host;
      throw new IntakeError("graph_http", `Could not reach ${host} for ${label}: ${(e as Error).message}`, { cause: e });
    }
  };

  const getToken = async (force = false): Promise<string> => {
    if (!force && token && token.expiresAt > Date.now() + 60_000) return token.value;
    const body = new URLSearchParams({
      client_id: config.clientId,
      client_secret: config.clientSecret,
      scope: "https://graph.microsoft.com/.default",
      grant_type: "client_credentials",
    });
    const url = `${authority}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
    const res = await withRetries(() => request(url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
    const json = (await res.json().catch(() => null)) as { access_token?: string; expires_in?: number; error?: string; error_description?: string } | null;
    if (!res.ok || !json?.access_token) {
      const reason = json?.error_description?.split(/\r?\n/)[0] || json?.error || `HTTP ${res.status}`;
      throw new IntakeError(
        "graph_auth",
        `Microsoft Graph sign-in failed for tenant ${config.tenantId} (client ${config.clientId}): ${reason}`,
        { filename: label },
      );
    }
    token = { value: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3600) * 1000 };
    return token.value;
  };

  const retryAfterSeconds = (res: Response, attempt: number): number => {
    const header = res.headers.get("retry-after");
    if (header) {
      const secs = Number(header);
      if (Number.isFinite(secs) && secs >= 0) return secs;
      const at = Date.parse(header);
      if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - Date.now()) / 1000));
    }
    return Math.min(2 ** attempt, 30);
  };

  async function withRetries(send: () => Promise<Response>): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const res = await send();
      if (res.status !== 429 && res.status !== 503 && res.status !== 504) return res;
      const wait = retryAfterSeconds(res, attempt);
      if (attempt >= maxRetries || wait > maxRetryAfter) {
        await res.body?.cancel();
        throw new GraphRateLimitError(
          `Microsoft Graph is throttling requests for ${label} (HTTP ${res.status}); try again in ${wait} s`,
          wait,
        );
      }
      await res.body?.cancel();
      await sleep(wait * 1000);
    }
  }

  /** Authenticated Graph call: retries throttling, renews the token once on 401, maps errors. */
  const api = async (url: string, init: RequestInit = {}, what: string): Promise<Response> => {
    if (new URL(url).origin !== graphOrigin) {
      throw new IntakeError("graph_http", `Microsoft Graph returned a link to another host (${new URL(url).host}) for ${label}; refusing to follow it`);
    }
    let renewed = false;
    for (;;) {
      const bearer = await getToken(renewed);
      const res = await withRetries(() =>
        request(url, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${bearer}` } }),
      );
      if (res.status === 401 && !renewed) {
        await res.body?.cancel();
        renewed = true;
        continue;
      }
      if (res.ok) return res;
      const err = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      const reason = err?.error ? `${err.error.code ?? ""}${err.error.message ? `: ${err.error.message}` : ""}` : `HTTP ${res.status}`;
      if (res.status === 401 || res.status === 403) {
        throw new IntakeError(
          "graph_auth",
          `Microsoft Graph refused to ${what} for ${label} (HTTP ${res.status} ${reason}); check that the app has the Mail.ReadWrite application permission with admin consent and may access this mailbox`,
          { filename: label },
        );
      }
      if (res.status === 404) {
        throw new IntakeError("graph_http", `Microsoft Graph could not ${what} for ${label}: not found (${reason}); check the mailbox address and folder "${folder}"`, {
          filename: label,
        });
      }
      throw new IntakeError("graph_http", `Microsoft Graph could not ${what} for ${label}: HTTP ${res.status} ${reason}`, { filename: label });
    }
  };

  return {
    async listUnreadWithAttachments(limit = 50) {
      const top = Math.max(1, Math.min(config.pageSize ?? 25, 1000));
      let url: string | null =
        `${mailboxPath}/mailFolders/${encodeURIComponent(folder)}/messages` +
        `?$filter=${encodeURIComponent(GRAPH_UNREAD_WITH_ATTACHMENTS_FILTER)}&$select=${SELECT}&$top=${top}`;
      const messages: GraphMessageSummary[] = [];
      let more = false;
      while (url) {
        const res = await api(url, { headers: { accept: "application/json" } }, `list messages in folder "${folder}"`);
        const page = (await res.json()) as {
          value?: { id: string; internetMessageId?: string; subject?: string; from?: { emailAddress?: { address?: string } }; receivedDateTime?: string }[];
          "@odata.nextLink"?: string;
        };
        for (const m of page.value ?? []) {
          if (messages.length >= limit) {
            more = true;
            break;
          }
          messages.push({
            id: m.id,
            internetMessageId: m.internetMessageId ?? null,
            subject: m.subject ?? "",
            from: m.from?.emailAddress?.address?.toLowerCase() ?? null,
            receivedAt: m.receivedDateTime ?? null,
          });
        }
        if (messages.length >= limit) {
          more = more || Boolean(page["@odata.nextLink"]);
          break;
        }
        url = page["@odata.nextLink"] ?? null;
      }
      return { messages, more };
    },

    async getMime(id: string) {
      const res = await api(`${mailboxPath}/messages/${encodeURIComponent(id)}/$value`, {}, "download a message");
      return Buffer.from(await res.arrayBuffer());
    },

    async markRead(id: string) {
      const res = await api(
        `${mailboxPath}/messages/${encodeURIComponent(id)}`,
        { method: "PATCH", body: JSON.stringify({ isRead: true }), headers: { "content-type": "application/json" } },
        "mark a message read",
      );
      await res.body?.cancel();
    },
  };
}

/**
 * One poll: list unread messages with attachments, download each MIME, and (unless `markRead` is false)
 * mark each read right after it was downloaded. Unread is the cursor here: a message marked read is not
 * listed again; for at-least-once handling pass `markRead: false` and call `client.markRead` after storing.
 */
export async function fetchGraphMessages(
  config: GraphMailConfig,
  options: { markRead?: boolean; maxMessages?: number; maxMessageBytes?: number } = {},
): Promise<GraphFetchResult> {
  const client = createGraphMailClient(config);
  const maxBytes = options.maxMessageBytes ?? 50 * 1024 * 1024;
  const { messages, more } = await client.listUnreadWithAttachments(options.maxMessages ?? 50);
  const result: GraphFetchResult = { messages: [], oversized: [], more };
  for (const m of messages) {
    const raw = await client.getMime(m.id);
    if (raw.length > maxBytes) {
      result.oversized.push({ id: m.id, size: raw.length });
      continue;
    }
    result.messages.push({ ...m, raw });
    if (options.markRead !== false) await client.markRead(m.id);
  }
  return result;
}
