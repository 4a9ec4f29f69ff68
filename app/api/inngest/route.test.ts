import crypto from "node:crypto";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { canonicalJson, signRequestBody } from "@/lib/runner/canonical-json";

// The route must answer requests signed with the signing key and reject unsigned or wrongly signed ones, in
// cloud mode (keys from the environment) and in embedded mode (a key generated in this process).

type Route = typeof import("./route");

async function loadRoute(envVars: Record<string, string | undefined>): Promise<Route> {
  vi.resetModules();
  for (const [k, v] of Object.entries(envVars)) vi.stubEnv(k, v);
  return import("./route");
}

const url = "http://localhost:3000/api/inngest";

function put(body: unknown, signature?: string) {
  const json = canonicalJson(body);
  return new NextRequest(url, {
    method: "PUT",
    body: json,
    headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band", ...(signature ? { "x-inngest-signature": signature } : {}) },
  });
}

function post(body: unknown, signature?: string) {
  return new NextRequest(`${url}?fnId=docket-missing&stepId=step`, {
    method: "POST",
    body: canonicalJson(body),
    headers: { "content-type": "application/json", ...(signature ? { "x-inngest-signature": signature } : {}) },
  });
}

const callBody = {
  event: { name: "app/document.uploaded", data: {}, id: "e1", ts: 1 },
  events: [],
  steps: {},
  ctx: { run_id: "r1", attempt: 0, max_attempts: 1, disable_immediate_execution: false, use_api: false, stack: { stack: [], current: 0 } },
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("app/api/inngest in cloud mode", () => {
  const signingKey = `signkey-test-${crypto.randomBytes(32).toString("hex")}`;
  const env = { INNGEST_SIGNING_KEY: signingKey, INNGEST_EVENT_KEY: "test-event-key", INNGEST_DEV: undefined };

  it("answers a correctly signed in-band sync with the app's functions", async () => {
    const route = await loadRoute(env);
    const body = { url };
    const res = await route.PUT(put(body, signRequestBody(canonicalJson(body), signingKey)), undefined);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { app_id: string; functions: unknown[]; inspection: { authentication_succeeded?: boolean } };
    expect(json.app_id).toBe("docket");
    expect(Array.isArray(json.functions)).toBe(true);
    expect(json.inspection.authentication_succeeded).toBe(true);
  });

  it("rejects unsigned and wrongly signed requests with 401", async () => {
    const route = await loadRoute(env);
    const body = { url };
    expect((await route.PUT(put(body), undefined)).status).toBe(401);
    const otherKey = `signkey-test-${crypto.randomBytes(32).toString("hex")}`;
    expect((await route.PUT(put(body, signRequestBody(canonicalJson(body), otherKey)), undefined)).status).toBe(401);
    expect((await route.POST(post(callBody), undefined)).status).toBe(401);
    expect((await route.GET(new NextRequest(url), undefined)).status).toBe(401);
  });

  it("lets a signed call through to function lookup (unknown function → 500, not 401)", async () => {
    const route = await loadRoute(env);
    const res = await route.POST(post(callBody, signRequestBody(canonicalJson(callBody), signingKey)), undefined);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("docket-missing");
  });
});

describe("app/api/inngest in embedded mode", () => {
  const env = { INNGEST_SIGNING_KEY: undefined, INNGEST_EVENT_KEY: undefined, INNGEST_DEV: undefined };

  it("is never an open endpoint: unsigned requests get 401, the process-local key is accepted", async () => {
    const route = await loadRoute(env);
    const { embeddedSigningKey } = await import("@/inngest/client");
    const body = { url };
    expect((await route.PUT(put(body), undefined)).status).toBe(401);
    expect((await route.POST(post(callBody), undefined)).status).toBe(401);
    const res = await route.PUT(put(body, signRequestBody(canonicalJson(body), embeddedSigningKey())), undefined);
    expect(res.status).toBe(200);
  });
});
