import type { NextAuthConfig } from "next-auth";

// The part of the Auth.js config that is safe for middleware: no database, no providers' secrets.
// Sessions are JWTs so middleware can check them without a database round-trip.
export const PUBLIC_PATHS = [/^\/sign-in/, /^\/api\/auth\//, /^\/api\/health/, /^\/api\/metrics/, /^\/api\/inngest/, /^\/u\//];

export const isPublicPath = (pathname: string) => PUBLIC_PATHS.some((re) => re.test(pathname));

export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const { pathname } = request.nextUrl;
      if (isPublicPath(pathname)) return true;
      return Boolean(auth?.user);
    },
    session({ session, token }) {
      if (token.sub && session.user) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
