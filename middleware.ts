import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Signed-in users only, except the public paths listed in authConfig (sign-in, auth callbacks, health,
// metrics, the Inngest endpoint — which checks its own signatures — and unsubscribe links).
export const { auth: middleware } = NextAuth(authConfig);

// Not /api/documents itself (uploads): with middleware in front, Next buffers only the first 10 MB of a request body.
// That route checks the session and role itself before reading the body.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/documents$|.*\\.(?:png|svg|ico)$).*)"],
};
