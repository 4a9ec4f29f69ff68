/**
 * A local HTTP server speaking the slice of Microsoft identity platform + Microsoft Graph that the
 * Outlook connector uses, for tests (node:http, 127.0.0.1, random port):
 *
 *   POST /{tenant}/oauth2/v2.0/token                       client credentials → access token
 *   GET  /v1.0/users/{mailbox}/mailFolders/{folder}/messages  $filter/$select/$top, @odata.nextLink paging
 *   GET  /v1.0/users/{mailbox}/messages/{id}/$value        MIME content
 *   PATCH /v1.0/users/{mailbox}/messages/{id}              {"isRead": true}
 *
 * Faults can be scripted per route (429 with Retry-After, 503, 401 token revoked), and every request is
 * recorded so tests can assert what the client sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface FakeGraphMessage {
  id: string;
  internetMessageId: string;
  subject: string;
  from: string;
  receivedDateTime: string;
  isRead: boolean;
  hasAttachments: boolean;
  folder: string;
  mime: Buffer;
}

export type FakeGraphRoute = "token" | "list" | "value" | "patch";

export interface FakeGraphFault {
  route: FakeGraphRoute;
  status: number;
  retryAfter?: string;
  /** Graph error code in the JSON body, e.g. "InvalidAuthenticationToken". */
  code?: string;
  /** How many times to fail before answering normally. Default 1. */
  times?: number;
}

export interface FakeGraphOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  mailbox: string;
  messages?: FakeGraphMessage[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  body: string;
}

export interface FakeGraphServer {
  url: string;
  messages: FakeGraphMessage[];
  requests: RecordedRequest[];
  tokensIssued: number;
  fail(fault: FakeGraphFault): void;
  /** Makes every token issued so far invalid (the next API call gets 401). */
  revokeTokens(): void;
  close(): Promise<void>;
}

export async function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraphServer> {
  const valid = new Set<string>();
  const faults: Required<FakeGraphFault>[] = [];
  const state: FakeGraphServer = {
    url: "",
    messages: options.messages ?? [],
    requests: [],
    tokensIssued: 0,
    fail: (f) => faults.push({ retryAfter: "", code: "", times: 1, ...f }),
    revokeTokens: () => valid.clear(),
    close: async () => undefined,
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const graphError = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    json(res, status, { error: { code, message } }, headers);

  const injectFault = (route: FakeGraphRoute, res: ServerResponse): boolean => {
    const f = faults.find((x) => x.route === route && x.times > 0);
    if (!f) return false;
    f.times--;
    const headers: Record<string, string> = f.retryAfter ? { "retry-after": f.retryAfter } : {};
    if (route === "token") json(res, f.status, { error: f.code || "temporarily_unavailable", error_description: "scripted fault" }, headers);
    else graphError(res, f.status, f.code || (f.status === 429 ? "TooManyRequests" : "ServiceUnavailable"), "scripted fault", headers);
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", state.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    state.requests.push({ method: req.method ?? "", path: decodeURIComponent(url.pathname), query, authorization: req.headers.authorization ?? null, body });

    // Identity platform
    const tokenPath = `/${options.tenantId}/oauth2/v2.0/token`;
    if (url.pathname === tokenPath || url.pathname.endsWith("/oauth2/v2.0/token")) {
      if (req.method !== "POST") return json(res, 405, { error: "invalid_request" });
      if (injectFault("token", res)) return;
      if (url.pathname !== tokenPath) {
        return json(res, 400, { error: "invalid_request", error_description: `AADSTS90002: Tenant '${url.pathname.split("/")[1]}' not found.\r\nTrace ID: x` });
      }
      const form = new URLSearchParams(body);
      if (form.get("grant_type") !== "client_credentials" || form.get("scope") !== "https://graph.microsoft.com/.default") {
        return json(res, 400, { error: "invalid_request", error_description: "AADSTS900144: bad grant_type or scope" });
      }
      if (form.get("client_id") !== options.clientId) {
        return json(res, 400, { error: "unauthorized_client", error_description: `AADSTS700016: Application with identifier '${form.get("client_id")}' was not found.` });
      }
      if (form.get("client_secret") !== options.clientSecret) {
        return json(res, 401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: abc" });
      }
      state.tokensIssued++;
      const token = `fake-token-${state.tokensIssued}`;
      valid.add(token);
      return json(res, 200, { token_type: "Bearer", expires_in: 3599, access_token: token });
    }

    // Graph
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ") || !valid.has(auth.slice(7))) {
      return graphError(res, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
    }
    const parts = url.pathname.split("/").map(decodeURIComponent);
    // ["", "v1.0", "users", mailbox, ...]
    if (parts[1] !== "v1.0" || parts[2] !== "users") return graphError(res, 400, "BadRequest", "Unsupported path");
    if (parts[3].toLowerCase() !== options.mailbox.toLowerCase()) {
      return graphError(res, 404, "ErrorInvalidUser", `The requested user '${parts[3]}' is invalid.`);
    }

    if (req.method === "GET" && parts[4] === "mailFolders" && parts[6] === "messages" && parts.length === 7) {
      if (injectFault("list", res)) return;
      const folder = parts[5].toLowerCase();
      if (!state.messages.some((m) => m.folder === folder) && folder !== "inbox") {
        return graphError(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
      }
      if (query.$filter !== "isRead eq false and hasAttachments eq true") {
        return graphError(res, 400, "BadRequest", `Unexpected $filter: ${query.$filter}`);
      }
      const top = Number(query.$top ?? 10);
      const skip = Number(query.$skip ?? 0);
      const matching = state.messages.filter((m) => m.folder === folder && !m.isRead && m.hasAttachments);
      const page = matching.slice(skip, skip + top);
      const select = (query.$select ?? "").split(",").filter(Boolean);
      const shape = (m: FakeGraphMessage) => {
        const full: Record<string, unknown> = {
          id: m.id,
          internetMessageId: m.internetMessageId,
          subject: m.subject,
          from: { emailAddress: { address: m.from, name: m.from } },
          receivedDateTime: m.receivedDateTime,
          hasAttachments: m.hasAttachments,
          isRead: m.isRead,
        };
        return select.length ? Object.fromEntries(select.map((k) => [k, full[k]])) : full;
      };
      const next = new URL(url.toString());
      next.searchParams.set("$skip", String(skip + top));
      return json(res, 200, {
        "@odata.context": `${state.url}/v1.0/$metadata#users('${options.mailbox}')/mailFolders('${folder}')/messages`,
        value: page.map(shape),
        ...(skip + top < matching.length ? { "@odata.nextLink": next.toString() } : {}),
      });
    }

    const msg = parts[4] === "messages" ? state.messages.find((m) => m.id === parts[5]) : undefined;
    if (req.method === "GET" && parts[4] === "messages" && parts[6] === "$value") {
      if (injectFault("value", res)) return;
      if (!msg) return graphError(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end(msg.mime);
    }
    if (req.method === "PATCH" && parts[4] === "messages" && parts.length === 6) {
      if (injectFault("patch", res)) return;
      if (!msg) return graphError(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
      let patch: { isRead?: unknown };
      try {
        patch = JSON.parse(body);
      } catch {
        return graphError(res, 400, "BadRequest", "Invalid JSON");
      }
      if (typeof patch.isRead === "boolean") msg.isRead = patch.isRead;
      return json(res, 200, { id: msg.id, isRead: msg.isRead });
    }
    return graphError(res, 400, "BadRequest", `Unsupported ${req.method} ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
