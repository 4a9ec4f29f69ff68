import { createHmac } from "node:crypto";
import { campaignMasterSecret } from "@/services/campaigns/send-deps";
import { env } from "@/lib/env";
import type { GoogleOAuthConfig } from "./gmail-connect";

/** Google OAuth settings for Gmail sending, from the environment (null when Google is not configured). */
export function googleOAuthConfig(): GoogleOAuthConfig | null {
  const e = env();
  if (!e.AUTH_GOOGLE_ID || !e.AUTH_GOOGLE_SECRET) return null;
  return {
    clientId: e.AUTH_GOOGLE_ID,
    clientSecret: e.AUTH_GOOGLE_SECRET,
    authorizeUrl: e.GOOGLE_OAUTH_AUTHORIZE_URL,
    tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
    redirectUri: `${e.publicUrl}/api/google/callback`,
    stateSecret: createHmac("sha256", campaignMasterSecret()).update("docket/google/state/v1").digest("base64url"),
  };
}
