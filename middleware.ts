import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Signed-in users only, except the public paths listed in authConfig (sign-in, auth callbacks, health,
// metrics, the Inngest endpoint — which checks its own signatures — and unsubscribe links).
export const { auth: middleware } = NextAuth(authConfig);

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico)$).*)"],
};
