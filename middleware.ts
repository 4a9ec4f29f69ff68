import NextAuth, { type Session } from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig, isPublicPath } from "@/lib/auth/config";
import { readFreshSession, sessionCookieName } from "@/lib/auth/fresh-session";
import { SESSION_HEADER, sessionHeaderFor } from "@/lib/auth/verified-session";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";

// Every page: signed-in users only, except the public paths in authConfig (sign-in, auth callbacks, health,
// metrics — which checks its own token —, the Inngest endpoint — which checks its signatures — and unsubscribe
// links); and a Content-Security-Policy with a fresh nonce that Next puts on its scripts. The user it verified goes to
// the page in a signed header (lib/auth/verified-session.ts), so the page does not decrypt the session a second time;
// whatever a client sent under that name is dropped first. A session cookie issued in the last day is only decrypted
// here, not re-issued (lib/auth/fresh-session.ts); every other request goes through Auth.js as before.
const { auth } = NextAuth(authConfig);

type AuthedRequest = NextRequest & { auth: Session | null };

const withAuthJs = auth((req) => respond(req));

export async function middleware(req: NextRequest, event: NextFetchEvent) {
  const fresh = await readFreshSession(req.cookies.getAll(), {
    cookieName: sessionCookieName({ authUrl: process.env.AUTH_URL ?? process.env.NEXTAUTH_URL, forwardedProto: req.headers.get("x-forwarded-proto") }),
    secret: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
  });
  if (!fresh) return withAuthJs(req, event as never);
  return respond(Object.assign(req, { auth: fresh }));
}

async function respond(req: AuthedRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  let res: NextResponse;
  if (!req.auth?.user && !isPublicPath(req.nextUrl.pathname)) {
    const signIn = req.nextUrl.clone();
    signIn.pathname = authConfig.pages.signIn;
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", req.nextUrl.href);
    res = NextResponse.redirect(signIn);
  } else {
    const headers = new Headers(req.headers);
    headers.delete(SESSION_HEADER);
    const user = req.auth?.user;
    const secret = process.env.AUTH_SECRET;
    if (user?.id && secret) {
      headers.set(SESSION_HEADER, await sessionHeaderFor({ id: user.id, email: user.email ?? null, name: user.name ?? null }, secret));
    }
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("content-security-policy", csp);
  return res;
}

// Not /api/documents itself (uploads): with middleware in front, Next buffers only the first 10 MB of a request body.
// That route checks the session and role itself before reading the body.
// Edge runtime (the default). The Node.js runtime (stable in 15.5) held back the server-sent events of /api/live: the
// stream connected but no event reached the page until it ended, so live progress stood still.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/documents$|.*\\.(?:png|svg|ico)$).*)"],
};
