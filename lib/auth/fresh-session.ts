import { decode, type JWT } from "next-auth/jwt";

// Middleware's short way through a signed-in request. Auth.js, asked for the session, decrypts the JWT cookie and then
// re-encrypts it with a new expiry, makes a CSRF token and answers with both cookies — on every request, whatever the
// session's age (`session.updateAge` throttles database sessions only; a JWT session is re-issued every time). That
// was about a tenth of the server's CPU per page. Here the cookie is only decrypted (the same `decode` Auth.js uses,
// with the same cookie name and salt), and a session issued less than `REISSUE_AFTER_S` ago is accepted as it is;
// anything else — no cookie, a chunked or undecryptable one, an expired one, one due to be re-issued — goes through
// Auth.js exactly as before, which re-issues it (sliding expiry, at most once a day instead of on every request) or
// clears it. Edge-safe: runs in middleware.

/** A session cookie issued longer ago than this is re-issued by Auth.js on the next request (Auth.js's own `updateAge` default). */
export const REISSUE_AFTER_S = 24 * 60 * 60;

export interface FreshSession {
  user: { id: string; email: string | null; name: string | null; image: string | null };
  /** When the cookie as it stands expires (ISO), as Auth.js reports `session.expires`. */
  expires: string;
}

/**
 * Tokens this instance has already decrypted, by their exact cookie value (the same ciphertext always decrypts to the
 * same claims; expiry and age are checked on every read). Saves the key derivation, thumbprint and AES-CBC-HMAC of a
 * decode on every request after a user's first. Bounded: the oldest entries go first.
 */
const decoded = new Map<string, JWT>();
const DECODED_MAX = 1000;

async function decodeOnce(value: string, secret: string, salt: string): Promise<JWT | null> {
  const key = `${salt}\u0000${secret}\u0000${value}`;
  const hit = decoded.get(key);
  if (hit) return hit;
  const token = await decode({ token: value, secret, salt });
  if (!token) return null;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, token);
  return token;
}

/**
 * Auth.js's session cookie name for this request: `__Secure-` prefixed when the app's URL (AUTH_URL, else the
 * forwarded protocol) is https — the rule of `@auth/core`'s `createActionURL` + `defaultCookies`.
 */
export function sessionCookieName(q: { authUrl?: string; forwardedProto: string | null }): string {
  const protocol = q.authUrl ? new URL(q.authUrl).protocol : `${(q.forwardedProto ?? "https").replace(/:$/, "")}:`;
  return `${protocol === "https:" ? "__Secure-" : ""}authjs.session-token`;
}

/**
 * The session in `cookies` when it decrypts under `secret`, has not expired and was issued less than
 * `REISSUE_AFTER_S` ago; null whenever Auth.js must see the request (see above).
 */
export async function readFreshSession(
  cookies: { name: string; value: string }[],
  q: { cookieName: string; secret: string | undefined; now?: number },
): Promise<FreshSession | null> {
  if (!q.secret) return null;
  const mine = cookies.filter((c) => c.name.startsWith(q.cookieName));
  // Chunked (`<name>.0`, `<name>.1`…: a token over 4 KB) or doubled: Auth.js reassembles those.
  if (mine.length !== 1 || mine[0].name !== q.cookieName || !mine[0].value) return null;
  let token: JWT | null;
  try {
    token = await decodeOnce(mine[0].value, q.secret, q.cookieName);
  } catch {
    return null;
  }
  const now = (q.now ?? Date.now()) / 1000;
  if (!token?.sub || typeof token.iat !== "number" || typeof token.exp !== "number") return null;
  if (token.exp <= now || now - token.iat >= REISSUE_AFTER_S || token.iat - now > 60) return null;
  return {
    user: {
      id: token.sub,
      email: typeof token.email === "string" ? token.email : null,
      name: typeof token.name === "string" ? token.name : null,
      image: typeof token.picture === "string" ? token.picture : null,
    },
    expires: new Date(token.exp * 1000).toISOString(),
  };
}
