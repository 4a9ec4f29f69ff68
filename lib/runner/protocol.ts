import type { Inngest, InngestFunction } from "inngest";
import { serve } from "inngest/next";
import { canonicalJson, signRequestBody } from "./canonical-json";

// The SDK side of the wire: the app's own serve() handler (the same `serve` from inngest/next that
// app/api/inngest/route.ts exports), called in-process with a Request. Nothing listens on a socket here.
//
// Security: the embedded client runs the SDK in cloud mode with a signing key generated in this process
// (inngest/client.ts). Every request below is signed with it, exactly as Inngest Cloud signs its calls, so the
// public /api/inngest route rejects anything unsigned (401) while the runner needs no open endpoint at all.

export const SERVE_URL = "http://embedded-runner.docket.invalid/api/inngest";

type Handler = { PUT(req: Request): Promise<Response>; POST(req: Request): Promise<Response> };

export interface SdkOp {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  userland?: { id: string };
  data?: unknown;
  error?: unknown;
}

export type CallResult =
  | { kind: "done"; output: unknown }
  | { kind: "ops"; ops: SdkOp[]; noRetry: boolean; retryAfterMs?: number }
  | { kind: "error"; retriable: boolean; error: unknown; retryAfterMs?: number; status: number };

export interface CallInput {
  functionId: string;
  stepId: string;
  event: unknown;
  steps: Record<string, { data: unknown } | { error: unknown }>;
  runId: string;
  attempt: number;
  maxAttempts: number;
  disableImmediateExecution: boolean;
  stack: string[];
}

/** `retry-after`: seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export class SdkEndpoint {
  private readonly handler: Handler;

  constructor(
    private readonly client: Inngest.Any,
    functions: InngestFunction.Any[],
  ) {
    if (client.mode !== "cloud" || !client.signingKey) {
      throw new Error(
        "The embedded runner needs the embedded Inngest client (cloud mode with a local signing key). " +
          "With INNGEST_DEV or INNGEST_EVENT_KEY/INNGEST_SIGNING_KEY set, Inngest itself runs the functions: do not start the runner.",
      );
    }
    this.handler = serve({ client, functions }) as unknown as Handler;
  }

  private request(method: "PUT" | "POST", query: string, body: unknown, headers: Record<string, string> = {}) {
    const json = canonicalJson(body);
    return new Request(`${SERVE_URL}${query}`, {
      method,
      body: json,
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": signRequestBody(json, this.client.signingKey!),
        ...headers,
      },
    });
  }

  /** In-band sync: the app describes its functions (ids, triggers, retries, flow control). */
  async sync(): Promise<{ functions: unknown }> {
    const res = await this.handler.PUT(this.request("PUT", "", { url: SERVE_URL }, { "x-inngest-sync-kind": "in_band" }));
    const text = await res.text();
    if (res.status !== 200) throw new Error(`In-band sync failed: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as { functions: unknown };
  }

  async call(input: CallInput, nowMs: number): Promise<CallResult> {
    const query = `?fnId=${encodeURIComponent(input.functionId)}&stepId=${encodeURIComponent(input.stepId)}`;
    const body = {
      event: input.event,
      events: [input.event],
      steps: input.steps,
      ctx: {
        run_id: input.runId,
        attempt: input.attempt,
        max_attempts: input.maxAttempts,
        disable_immediate_execution: input.disableImmediateExecution,
        use_api: false,
        stack: { stack: input.stack, current: Math.max(0, input.stack.length - 1) },
      },
    };
    let res: Response;
    try {
      res = await this.handler.POST(this.request("POST", query, body));
    } catch (err) {
      return { kind: "error", retriable: true, status: 0, error: serialize(err) };
    }
    const text = await res.text();
    const parsed = parseJson(text);
    const noRetry = res.headers.get("x-inngest-no-retry") === "true";
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), nowMs);
    if (res.status === 200) return { kind: "done", output: parsed };
    if (res.status === 206) {
      const ops = Array.isArray(parsed) ? (parsed as SdkOp[]) : [parsed as SdkOp];
      return { kind: "ops", ops, noRetry, retryAfterMs };
    }
    if (res.status === 500) return { kind: "error", retriable: !noRetry, error: parsed, retryAfterMs, status: 500 };
    return { kind: "error", retriable: false, error: parsed ?? { name: "Error", message: `HTTP ${res.status}` }, status: res.status };
  }
}

function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return { name: "Error", message: text.slice(0, 2000) };
  }
}

export function serialize(err: unknown): { name: string; message: string; stack?: string } {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: "Error", message: String(err) };
}
