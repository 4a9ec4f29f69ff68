import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import type { Adapter } from "next-auth/adapters";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";
import { getDb } from "@/db";
import { ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { joinDemoWorkspace } from "@/db/seed";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { env } from "@/lib/env";
import { authConfig } from "./config";

// The database opens asynchronously (PGlite), so the adapter resolves it per call. Auth.js wraps the adapter
// by enumerating its own keys (Object.keys), so every method must be a real property — a bare Proxy has none.
const ADAPTER_METHODS = [
  "createUser",
  "getUser",
  "getUserByEmail",
  "getUserByAccount",
  "updateUser",
  "deleteUser",
  "linkAccount",
  "unlinkAccount",
  "createSession",
  "getSessionAndUser",
  "updateSession",
  "deleteSession",
  "createVerificationToken",
  "useVerificationToken",
] as const;

function lazyAdapter(): Adapter {
  const tables = { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens };
  const call = (name: string) => async (...args: unknown[]) => {
    const adapter = DrizzleAdapter(await getDb(), tables as never) as unknown as Record<string, (...a: unknown[]) => unknown>;
    return adapter[name](...args);
  };
  return Object.fromEntries(ADAPTER_METHODS.map((name) => [name, call(name)])) as Adapter;
}

function providers() {
  const e = env();
  const list = [];
  if (e.googleSignIn) {
    list.push(
      Google({
        clientId: e.AUTH_GOOGLE_ID,
        clientSecret: e.AUTH_GOOGLE_SECRET,
        // Tests point this at a local OpenID provider; production uses Google's default issuer.
        ...(e.AUTH_GOOGLE_ISSUER ? { issuer: e.AUTH_GOOGLE_ISSUER } : {}),
        authorization: { params: { scope: "openid email profile", prompt: "select_account" } },
        allowDangerousEmailAccountLinking: false,
      }),
    );
  }
  if (e.localSignIn) {
    list.push(
      Credentials({
        id: "local",
        name: "Local sign-in (development only)",
        credentials: { email: { label: "Email", type: "email" } },
        async authorize(credentials) {
          const email = String(credentials?.email ?? "").trim().toLowerCase();
          if (!/^[^\s@]+@[^\s@]+$/.test(email)) return null;
          const user = await findOrCreateUserByEmail(await getDb(), email);
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    );
  }
  return list;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: env().AUTH_SECRET,
  adapter: lazyAdapter(),
  providers: providers(),
  callbacks: {
    ...authConfig.callbacks,
    async jwt({ token, user }) {
      // On sign-in: make sure the user has a workspace to land in.
      if (user?.id) {
        token.sub = user.id;
        const db = await getDb();
        if (env().NODE_ENV !== "production") await joinDemoWorkspace(db, user.id);
        await ensurePersonalWorkspace(db, user.id);
      }
      return token;
    },
  },
}));
