// Security headers for every response, in one place. Pages get a Content-Security-Policy with a fresh nonce per
// request (middleware.ts), which Next applies to its own scripts; everything else gets the static headers below
// (next.config.ts).

/** Headers that do not depend on the request: no framing, no MIME sniffing, no full URLs leaked to other sites. */
export const staticSecurityHeaders: { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** A per-request nonce (base64 of 16 random bytes), unguessable by a page's attacker. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page policy: scripts only from this origin with the request's nonce ('strict-dynamic' lets those load the
 * app's chunks), no plugins, no framing by anyone, forms and connections to this origin only. Inline style
 * attributes stay allowed (React and the charts set them; they cannot run code). Development adds what the dev
 * server needs (eval for React's debugging, the hot-reload socket).
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
