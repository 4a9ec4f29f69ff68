import { z } from "zod";

// The one place environment variables are read and validated. Everything else imports `env()`.
// Each variable is documented in .env.example.

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const bool = z
  .string()
  .optional()
  .transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Database: unset → embedded PGlite in DOCKET_DATA_DIR/db.
  DATABASE_URL: optional,
  DOCKET_DATA_DIR: z.string().default("./data"),
  DOCKET_SKIP_MIGRATE: bool,
  DOCKET_SKIP_SEED: bool,
  // Auth
  AUTH_SECRET: optional,
  AUTH_URL: optional,
  AUTH_GOOGLE_ID: optional,
  AUTH_GOOGLE_SECRET: optional,
  // Tests point Google sign-in at a local OpenID provider with this; production leaves it unset.
  AUTH_GOOGLE_ISSUER: optional,
  // Files
  BLOB_READ_WRITE_TOKEN: optional,
  DOCKET_MAX_UPLOAD_MB: z.coerce.number().int().positive().default(25),
  // AI
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  // Catalog embeddings for the insurance matcher (OpenAI on only); "off" leaves them out.
  OPENAI_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(16).max(3072).default(256),
  // Background work: unset → embedded runner.
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  INNGEST_DEV: optional,
  INNGEST_BASE_URL: optional,
  DOCKET_RUNNER: z.enum(["on", "off"]).default("on"),
  // Embedded runner: finished runs and processed events older than this many days are deleted (0 = keep all).
  DOCKET_RUNNER_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  // Mail
  SMTP_URL: optional,
  DOCKET_MAIL_FROM: z.string().default("Docket <no-reply@docket.local>"),
  // Secrets at rest (mailbox passwords, SMTP credentials, OAuth tokens). Falls back to AUTH_SECRET.
  DOCKET_ENCRYPTION_KEY: optional,
  DOCKET_PUBLIC_URL: optional,
  // Servers users configure (IMAP, SMTP, Graph) must be public addresses unless allowed here: a comma-separated
  // list of hosts, IPs or CIDR ranges, or every private/loopback address with DOCKET_OUTBOUND_ALLOW_PRIVATE=1.
  DOCKET_OUTBOUND_ALLOW: optional,
  DOCKET_OUTBOUND_ALLOW_PRIVATE: bool,
  // /api/metrics answers only a request carrying "Authorization: Bearer <this token>"; unset → metrics are off.
  DOCKET_METRICS_TOKEN: optional,
  // Campaigns → Gmail sending (incremental consent for gmail.send). Tests point these at a local server.
  GOOGLE_OAUTH_AUTHORIZE_URL: z.string().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_OAUTH_TOKEN_URL: z.string().default("https://oauth2.googleapis.com/token"),
  GMAIL_API_BASE_URL: z.string().default("https://gmail.googleapis.com"),
});

export type Env = z.infer<typeof envSchema> & {
  /** Which mode background work runs in. */
  inngestMode: "embedded" | "cloud" | "dev";
  /** Local email-only sign-in: only when Google is not configured and never in production. */
  localSignIn: boolean;
  googleSignIn: boolean;
  /** DOCKET_PUBLIC_URL (or AUTH_URL) when set: the one address every absolute link uses. */
  configuredPublicUrl: string | null;
  /** The configured address, else this machine's: for links made with no request at hand. */
  publicUrl: string;
  /** Which addresses user-configured servers may have (lib/net/outbound). */
  outbound: { allow: string[]; allowPrivate: boolean };
};

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const e = parsed.data;
  const googleSignIn = Boolean(e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET);
  if (Boolean(e.AUTH_GOOGLE_ID) !== Boolean(e.AUTH_GOOGLE_SECRET)) {
    throw new EnvError("Set both AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET for Google sign-in, or neither.");
  }
  const production = e.NODE_ENV === "production";
  // `next build` runs in production mode and loads server modules to collect page data; the refusals below are
  // for a server that is about to take requests (`next start`), which checks them again at start-up.
  const building = source.NEXT_PHASE === "phase-production-build";
  if (production && !building && !googleSignIn) {
    throw new EnvError(
      "Refusing to start in production without Google sign-in: set AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET. " +
        "The local email-only sign-in exists for development and cannot be enabled in production.",
    );
  }
  if (production && !building && !e.AUTH_SECRET) {
    throw new EnvError("AUTH_SECRET is required in production (generate one with `openssl rand -base64 32`).");
  }
  const inngestMode = e.INNGEST_DEV ? "dev" : e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY ? "cloud" : "embedded";
  if (inngestMode === "cloud" && !(e.INNGEST_EVENT_KEY && e.INNGEST_SIGNING_KEY)) {
    throw new EnvError("Inngest Cloud needs both INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY (or unset both for the embedded runner).");
  }
  return {
    ...e,
    inngestMode,
    googleSignIn,
    localSignIn: !googleSignIn && !production,
    configuredPublicUrl: (e.DOCKET_PUBLIC_URL ?? e.AUTH_URL)?.replace(/\/$/, "") ?? null,
    // without a configured address: the port `next dev` / `next start` listens on (set by Next before serving)
    publicUrl: (e.DOCKET_PUBLIC_URL ?? e.AUTH_URL ?? `http://localhost:${source.PORT ?? 3000}`).replace(/\/$/, ""),
    outbound: {
      allow: (e.DOCKET_OUTBOUND_ALLOW ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      allowPrivate: e.DOCKET_OUTBOUND_ALLOW_PRIVATE,
    },
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
