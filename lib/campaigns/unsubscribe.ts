import { createHmac, timingSafeEqual } from "node:crypto";

// Signed unsubscribe tokens for the public unsubscribe page and the List-Unsubscribe header.
// token = base64url(JSON payload) "." base64url(HMAC-SHA256(secret, "docket.unsub.v1." + payload))
// The payload is readable (it is the recipient's own address) but cannot be altered or forged
// without the secret. Tokens do not expire: an unsubscribe link must keep working.

export interface UnsubscribePayload {
  workspaceId: string;
  email: string;
  campaignId: string;
}

export type VerifyResult =
  | { ok: true; payload: UnsubscribePayload }
  | { ok: false; reason: "malformed" | "bad_signature" | "invalid_payload" };

const DOMAIN = "docket.unsub.v1.";
const MIN_SECRET_LENGTH = 16;

function assertSecret(secret: string): void {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`unsubscribe secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function mac(secret: string, payloadPart: string): Buffer {
  return createHmac("sha256", secret).update(DOMAIN + payloadPart).digest();
}

export function signUnsubscribeToken(payload: UnsubscribePayload, secret: string): string {
  assertSecret(secret);
  for (const k of ["workspaceId", "email", "campaignId"] as const) {
    if (typeof payload[k] !== "string" || !payload[k].trim()) throw new Error(`unsubscribe token: ${k} is required`);
  }
  const body = JSON.stringify({ w: payload.workspaceId, e: payload.email.trim().toLowerCase(), c: payload.campaignId });
  const payloadPart = Buffer.from(body, "utf8").toString("base64url");
  return `${payloadPart}.${mac(secret, payloadPart).toString("base64url")}`;
}

/**
 * Verifies a token. `secret` may be a list (current first, then previous ones) so a key rotation does not
 * break links in emails already sent. Never throws on bad input.
 */
export function verifyUnsubscribeToken(token: string, secret: string | readonly string[]): VerifyResult {
  const secrets = typeof secret === "string" ? [secret] : [...secret];
  if (secrets.length === 0) throw new Error("verifyUnsubscribeToken needs at least one secret");
  secrets.forEach(assertSecret);
  if (typeof token !== "string" || token.length > 2048) return { ok: false, reason: "malformed" };
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!m) return { ok: false, reason: "malformed" };
  const [, payloadPart, sigPart] = m;
  const given = Buffer.from(sigPart, "base64url");
  // Re-encoding must round-trip, otherwise two spellings of one signature would both verify.
  if (given.length !== 32 || given.toString("base64url") !== sigPart) return { ok: false, reason: "malformed" };
  let valid = false;
  for (const s of secrets) {
    if (timingSafeEqual(mac(s, payloadPart), given)) valid = true;
  }
  if (!valid) return { ok: false, reason: "bad_signature" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "invalid_payload" };
  }
  const p = parsed as { w?: unknown; e?: unknown; c?: unknown };
  if (typeof p?.w !== "string" || typeof p.e !== "string" || typeof p.c !== "string" || !p.w || !p.e || !p.c) {
    return { ok: false, reason: "invalid_payload" };
  }
  return { ok: true, payload: { workspaceId: p.w, email: p.e, campaignId: p.c } };
}

/** `${publicBaseUrl}/u/${token}` — the public unsubscribe page. */
/** A test message's unsubscribe link points here: a page saying the real messages carry each recipient's own link. */
export const TEST_MESSAGE_TOKEN = "test-message";

export function unsubscribeUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, "")}/u/${token}`;
}
