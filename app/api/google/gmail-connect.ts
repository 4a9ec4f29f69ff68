import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { campaignsPausedFor } from "@/db/queries/campaigns/quota";
import { createSendingAccount, updateSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { sendingAccounts, users } from "@/db/schema";
import { gmailSecretContext } from "@/services/campaigns/send-deps";
import { inWorkspaceRole, requireWorkspaceRole, type Session } from "@/lib/action";
import type { SecretBox } from "@/lib/crypto/secrets";
import { UserError } from "@/lib/errors";
import type { GmailTokens } from "@/lib/mail/gmail";

// Gmail sending through incremental consent: the user signed in with "openid email profile"; only when they
// connect sending do we ask Google for gmail.send (include_granted_scopes keeps the earlier grant). The state
// parameter is signed and bound to a nonce cookie, the workspace and the user, and expires after 10 minutes.

export const GMAIL_SEND_SCOPE = "https://www.googleapis.com/auth/gmail.send";
export const STATE_COOKIE = "docket_gmail_state";
const STATE_TTL_MS = 10 * 60_000;

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** `${publicUrl}/api/google/callback` */
  redirectUri: string;
  /** Signs the state parameter. */
  stateSecret: string;
}

interface StatePayload {
  w: string;
  u: string;
  n: string;
  exp: number;
}

function sign(secret: string, body: string) {
  return createHmac("sha256", secret).update(`docket.gmail.state.v1.${body}`).digest("base64url");
}

function makeState(cfg: GoogleOAuthConfig, p: StatePayload) {
  const body = Buffer.from(JSON.stringify(p)).toString("base64url");
  return `${body}.${sign(cfg.stateSecret, body)}`;
}

function readState(cfg: GoogleOAuthConfig, state: string | null): StatePayload {
  const [body, sig] = (state ?? "").split(".");
  const expected = body ? sign(cfg.stateSecret, body) : "";
  if (!body || !sig || sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
    throw new UserError("The Google connection link is invalid. Start again from Campaigns → Accounts.", "forbidden");
  }
  return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as StatePayload;
}

/** Step 1: where to send the browser (Google's consent screen for gmail.send only) and the nonce cookie to set. */
export async function startGmailConnect(session: Session | null, deps: { db: Db; google: GoogleOAuthConfig | null; now?: number }) {
  const ctx = await requireWorkspaceRole(deps.db, session, "admin");
  if (!deps.google) {
    throw new UserError("Gmail sending needs Google sign-in configured on the server (AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET).", "invalid");
  }
  const [me] = await deps.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId));
  const nonce = randomBytes(16).toString("base64url");
  const state = makeState(deps.google, { w: ctx.workspaceId, u: ctx.userId, n: nonce, exp: (deps.now ?? Date.now()) + STATE_TTL_MS });
  const url = new URL(deps.google.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: deps.google.clientId,
    redirect_uri: deps.google.redirectUri,
    response_type: "code",
    scope: GMAIL_SEND_SCOPE,
    include_granted_scopes: "true",
    access_type: "offline",
    prompt: "consent",
    state,
    ...(me?.email ? { login_hint: me.email } : {}),
  }).toString();
  return { url: url.toString(), nonce };
}

function emailFromIdToken(idToken: unknown): string | null {
  if (typeof idToken !== "string") return null;
  try {
    const payload = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as { email?: string; email_verified?: boolean };
    return payload.email && payload.email_verified !== false ? payload.email.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Step 2: Google redirected back. Check state (signature, expiry, nonce cookie, same user and workspace),
 * exchange the code, check gmail.send was granted, store the tokens encrypted (new account or reconnect).
 */
export async function finishGmailConnect(
  session: Session | null,
  params: { code: string | null; state: string | null; error: string | null; nonceCookie: string | null },
  deps: { db: Db; google: GoogleOAuthConfig | null; box: SecretBox; now?: number; fetch?: typeof fetch },
) {
  const ctx = await requireWorkspaceRole(deps.db, session, "admin");
  if (!deps.google) throw new UserError("Google is not configured on this server.", "invalid");
  if (params.error) {
    throw new UserError(params.error === "access_denied" ? "Google sending was not allowed (you declined the permission)." : `Google answered: ${params.error}`);
  }
  const state = readState(deps.google, params.state);
  const now = deps.now ?? Date.now();
  if (state.exp < now) throw new UserError("The Google connection took too long. Start again from Campaigns → Accounts.");
  if (!params.nonceCookie || params.nonceCookie !== state.n || state.u !== ctx.userId || state.w !== ctx.workspaceId) {
    throw new UserError("This Google answer belongs to another sign-in or workspace. Start again from Campaigns → Accounts.", "forbidden");
  }
  if (!params.code) throw new UserError("Google did not return an authorization code.");
  const res = await (deps.fetch ?? fetch)(deps.google.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: params.code,
      client_id: deps.google.clientId,
      client_secret: deps.google.clientSecret,
      redirect_uri: deps.google.redirectUri,
    }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    refresh_token?: string;
    scope?: string;
    id_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!res.ok || !body.access_token) {
    throw new UserError(`Google refused the connection: ${body.error_description ?? body.error ?? `HTTP ${res.status}`}. Try again.`);
  }
  if (!(body.scope ?? "").split(/\s+/).includes(GMAIL_SEND_SCOPE)) {
    throw new UserError("Google did not grant permission to send email. Connect again and tick “Send email on your behalf”.");
  }
  // saved under the admin role checked again on their locked membership row (the exchange with Google above is
  // not held under it): a demotion racing the connection waits for the save, or refuses it
  return inWorkspaceRole(deps.db, session, "admin", async ({ db }) => {
    const [me] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, ctx.userId));
    const address = emailFromIdToken(body.id_token) ?? me?.email?.toLowerCase();
    if (!address) throw new UserError("Could not tell which Gmail address was connected.");

    const [existing] = await db
      .select()
      .from(sendingAccounts)
      .where(and(eq(sendingAccounts.workspaceId, ctx.workspaceId), eq(sendingAccounts.kind, "gmail"), eq(sendingAccounts.fromAddress, address)));
    let refreshToken = body.refresh_token;
    if (!refreshToken && existing?.secretEnc) {
      refreshToken = (JSON.parse(deps.box.decrypt(existing.secretEnc, gmailSecretContext(existing.id))) as GmailTokens).refreshToken;
    }
    if (!refreshToken) throw new UserError("Google did not return a refresh token. Remove Docket's access in your Google account settings, then connect again.");
    const tokens: GmailTokens = { accessToken: body.access_token, expiresAt: now + (body.expires_in ?? 3600) * 1000, refreshToken };
    const config = { scope: body.scope };
    if (existing) {
      await updateSendingAccount(db, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.userId,
        accountId: existing.id,
        config,
        secretEnc: deps.box.encrypt(JSON.stringify(tokens), gmailSecretContext(existing.id)),
        status: "active",
        lastError: null,
      });
      const waiting = await campaignsPausedFor(db, { workspaceId: ctx.workspaceId, accountId: existing.id, reason: "auth_revoked" });
      return { accountId: existing.id, address, reconnected: true, pausedCampaigns: waiting.length };
    }
    const created = await createSendingAccount(db, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      kind: "gmail",
      name: `Gmail ${address}`,
      fromAddress: address,
      fromName: me?.name ?? null,
      config,
      encryptFor: (accountId) => deps.box.encrypt(JSON.stringify(tokens), gmailSecretContext(accountId)),
    });
    return { accountId: created.id, address, reconnected: false, pausedCampaigns: 0 };
  });
}
