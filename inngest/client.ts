import crypto from "node:crypto";
import { Inngest } from "inngest";
import { env } from "@/lib/env";

// The one Inngest client. Application code calls `inngest.send()` the same way in every mode:
//  - embedded (default, no INNGEST_* set): the SDK runs in *cloud* mode with a signing key generated in this
//    process, so /api/inngest rejects every request that is not signed with it (nobody on the network can
//    drive our functions). Its `fetch` never touches the network: event sends (`POST <base>e/<key>`) are
//    persisted by the embedded runner (lib/runner/sink.ts); anything else the SDK tries is answered 501.
//  - cloud (INNGEST_EVENT_KEY + INNGEST_SIGNING_KEY): Inngest Cloud or a self-hosted Inngest (INNGEST_BASE_URL).
//  - dev (INNGEST_DEV=1): the Inngest dev server.
// In cloud and dev mode every SDK call gets a timeout: `send()` has none of its own and would otherwise hang
// for minutes against a server that accepts the connection but never answers.

export const EMBEDDED_BASE_URL = "http://embedded-runner.docket.invalid/";
const EMBEDDED_EVENT_KEY = "embedded";
const SDK_TIMEOUT_MS = 15_000;

type FetchInput = Parameters<typeof fetch>[0];

const g = globalThis as unknown as { __docketRunnerSigningKey?: string };

/** The per-process signing key of embedded mode (shared by every bundle of the process via globalThis). */
export function embeddedSigningKey(): string {
  g.__docketRunnerSigningKey ??= `signkey-prod-${crypto.randomBytes(32).toString("hex")}`;
  return g.__docketRunnerSigningKey;
}

function urlOf(input: FetchInput): URL {
  return new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
}

async function embeddedFetch(input: FetchInput, init?: RequestInit): Promise<Response> {
  const url = urlOf(input);
  if (url.origin === new URL(EMBEDDED_BASE_URL).origin && url.pathname.startsWith("/e/")) {
    const { receiveSdkEvents } = await import("@/lib/runner/sink");
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === "string" ? init.body : await new Response(init?.body).text();
    return receiveSdkEvents(body, headers.get("x-inngest-event-id-seed"));
  }
  return Response.json(
    { error: `The embedded Inngest runner does not implement ${init?.method ?? "GET"} ${url.pathname}`, status: 501 },
    { status: 501 },
  );
}

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return globalThis.fetch(input, { ...init, signal });
  };
}

function createClient() {
  const e = env();
  if (e.inngestMode === "embedded") {
    return new Inngest({
      id: "docket",
      isDev: false,
      signingKey: embeddedSigningKey(),
      eventKey: EMBEDDED_EVENT_KEY,
      baseUrl: EMBEDDED_BASE_URL,
      fetch: embeddedFetch as typeof fetch,
      checkpointing: false,
    });
  }
  return new Inngest({
    id: "docket",
    isDev: e.inngestMode === "dev",
    eventKey: e.INNGEST_EVENT_KEY,
    signingKey: e.INNGEST_SIGNING_KEY,
    baseUrl: e.INNGEST_BASE_URL,
    fetch: fetchWithTimeout(SDK_TIMEOUT_MS),
  });
}

export const inngest = createClient();
export type DocketInngest = typeof inngest;
