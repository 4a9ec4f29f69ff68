// The signed-in user as middleware verified it, handed to the page in a request header, so the page does not run
// Auth.js a second time for the same request (auth() decrypts the session cookie, re-encrypts it and builds a session
// response — about 1.5 ms of CPU per page, all of it already done by middleware).
//
// A client must never be able to forge it: middleware removes any incoming header of this name before it sets its
// own, and the value is signed (HMAC-SHA-256 with a key derived from AUTH_SECRET) and short-lived, so a request that
// bypasses middleware (a path outside its matcher) cannot bring one either. Readers that find no valid header fall
// back to Auth.js. Web Crypto only: this module runs both in middleware (edge runtime) and in pages (Node.js).

export const SESSION_HEADER = "x-docket-session";

/** How long a signed header is accepted: it is made and read within one request. */
const MAX_AGE_MS = 60_000;

export interface VerifiedUser {
  id: string;
  email: string | null;
  name: string | null;
}

const encoder = new TextEncoder();
let cached: { secret: string; key: Promise<CryptoKey> } | undefined;

/** Its own key, derived from AUTH_SECRET, so a signature here can never stand for anything Auth.js signs. */
function signingKey(secret: string): Promise<CryptoKey> {
  if (cached?.secret !== secret) {
    const key = (async () => {
      const base = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      const derived = await crypto.subtle.sign("HMAC", base, encoder.encode("docket: session claims from middleware, v1"));
      return crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    })();
    cached = { secret, key };
  }
  return cached.key;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** The header value for a user middleware has just verified: `<claims>.<signature>`, both base64url. */
export async function signSessionHeader(user: VerifiedUser, secret: string, now = Date.now()): Promise<string> {
  const body = toBase64Url(encoder.encode(JSON.stringify({ id: user.id, email: user.email, name: user.name, t: now })));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await signingKey(secret), encoder.encode(body)));
  return `${body}.${toBase64Url(mac)}`;
}

/** How long middleware re-uses a user's signed header (see sessionHeaderFor). */
export const REUSE_MS = 20_000;
const CACHE_MAX = 1000;
const signedFor = new Map<string, { value: string; t: number }>();
/** Values whose signature checked out, with their claims: the same value always has the same claims and signature. */
const verified = new Map<string, { user: VerifiedUser; t: number }>();

/**
 * Middleware's header for this user: the value signed for them at most `REUSE_MS` ago if there is one (it is still
 * valid for at least `MAX_AGE_MS - REUSE_MS` when the page reads it), else a new one. A Web Crypto HMAC is an async
 * job on the thread pool — about 0.5 ms of the server's CPU per page under load —, so a user's pages within a few
 * seconds share one. Bounded: the oldest entries go first.
 */
export async function sessionHeaderFor(user: VerifiedUser, secret: string, now = Date.now()): Promise<string> {
  const key = JSON.stringify([secret, user.id, user.email, user.name]);
  const hit = signedFor.get(key);
  if (hit && now >= hit.t && now - hit.t < REUSE_MS) return hit.value;
  const value = await signSessionHeader(user, secret, now);
  signedFor.delete(key);
  if (signedFor.size >= CACHE_MAX) signedFor.delete(signedFor.keys().next().value!);
  signedFor.set(key, { value, t: now });
  return value;
}

/** The user in a header signed by signSessionHeader with this secret in the last minute; null for anything else. */
export async function verifySessionHeader(value: string | null | undefined, secret: string, now = Date.now()): Promise<VerifiedUser | null> {
  if (!value || !secret) return null;
  const key = `${secret}\u0000${value}`;
  const hit = verified.get(key);
  if (hit) return fresh(hit, now);
  const checked = await checkSignature(value, secret);
  if (!checked) return null;
  if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value!);
  verified.set(key, checked);
  return fresh(checked, now);
}

const fresh = (c: { user: VerifiedUser; t: number }, now: number) => (now - c.t > MAX_AGE_MS || c.t - now > 5_000 ? null : { ...c.user });

/** The claims of a well-formed value whose signature is right under this secret; null for anything else. */
async function checkSignature(value: string, secret: string): Promise<{ user: VerifiedUser; t: number } | null> {
  const dot = value.indexOf(".");
  if (dot <= 0 || dot !== value.lastIndexOf(".")) return null;
  const body = value.slice(0, dot);
  const mac = fromBase64Url(value.slice(dot + 1));
  if (!mac || mac.length !== 32) return null;
  // verify() compares in constant time
  if (!(await crypto.subtle.verify("HMAC", await signingKey(secret), mac, encoder.encode(body)))) return null;
  const raw = fromBase64Url(body);
  if (!raw) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return null;
  }
  const c = claims as { id?: unknown; email?: unknown; name?: unknown; t?: unknown };
  if (typeof c.id !== "string" || !c.id || typeof c.t !== "number") return null;
  return { user: { id: c.id, email: typeof c.email === "string" ? c.email : null, name: typeof c.name === "string" ? c.name : null }, t: c.t };
}
