import { cookies } from "next/headers";
import { getDb } from "@/db";
import { getSession } from "@/lib/auth/session";
import { UserError } from "@/lib/errors";
import { googleOAuthConfig } from "../config";
import { STATE_COOKIE, startGmailConnect } from "../gmail-connect";

/** Campaigns → Accounts → "Connect Gmail": off to Google's consent screen for gmail.send. */
export async function GET(request: Request) {
  try {
    const { url, nonce } = await startGmailConnect(await getSession(), { db: await getDb(), google: googleOAuthConfig() });
    (await cookies()).set(STATE_COOKIE, nonce, { httpOnly: true, sameSite: "lax", path: "/api/google", maxAge: 600, secure: url.startsWith("https:") && new URL(request.url).protocol === "https:" });
    return Response.redirect(url, 302);
  } catch (err) {
    const message = err instanceof UserError ? err.message : "Could not start the Google connection. Try again.";
    if (!(err instanceof UserError)) console.error("[GET /api/google/connect]", err);
    return Response.redirect(new URL(`/campaigns/accounts?error=${encodeURIComponent(message)}`, request.url), 303);
  }
}
