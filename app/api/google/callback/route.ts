import { cookies } from "next/headers";
import { getDb } from "@/db";
import { campaignSecretBox } from "@/services/campaigns/send-deps";
import { getSession } from "@/lib/auth/session";
import { UserError } from "@/lib/errors";
import { googleOAuthConfig } from "../config";
import { STATE_COOKIE, finishGmailConnect } from "../gmail-connect";

/** Google's redirect after consent: store the grant, back to Campaigns → Accounts with the outcome. */
export async function GET(request: Request) {
  const u = new URL(request.url);
  const jar = await cookies();
  try {
    const r = await finishGmailConnect(
      await getSession(),
      { code: u.searchParams.get("code"), state: u.searchParams.get("state"), error: u.searchParams.get("error"), nonceCookie: jar.get(STATE_COOKIE)?.value ?? null },
      { db: await getDb(), google: googleOAuthConfig(), box: campaignSecretBox() },
    );
    jar.delete(STATE_COOKIE);
    const note = r.reconnected
      ? `Reconnected ${r.address}.${r.pausedCampaigns ? ` ${r.pausedCampaigns} paused campaign(s) can be resumed now: use Resume on the account below.` : ""}`
      : `Connected ${r.address} for sending.`;
    return Response.redirect(new URL(`/campaigns/accounts?connected=${encodeURIComponent(note)}`, request.url), 303);
  } catch (err) {
    const message = err instanceof UserError ? err.message : "Could not finish the Google connection. Try again.";
    if (!(err instanceof UserError)) console.error("[GET /api/google/callback]", err);
    return Response.redirect(new URL(`/campaigns/accounts?error=${encodeURIComponent(message)}`, request.url), 303);
  }
}
