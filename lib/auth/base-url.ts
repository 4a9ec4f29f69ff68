import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The app's address for absolute links made during a request (invitations, a campaign's unsubscribe links): the
 * configured DOCKET_PUBLIC_URL when there is one, else the address this request came to (as the proxy forwarded it),
 * else this machine's. Links then work on whatever host and port the app runs on.
 */
export async function requestBaseUrl(): Promise<string> {
  const e = env();
  if (e.configuredPublicUrl) return e.configuredPublicUrl;
  let h: Headers;
  try {
    h = await headers();
  } catch {
    return e.publicUrl; // no request at hand (a script, a test): this machine's address
  }
  const host = (h.get("x-forwarded-host") ?? h.get("host"))?.split(",")[0].trim();
  if (host && /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) {
    const proto = h.get("x-forwarded-proto")?.split(",")[0].trim();
    return `${proto === "https" ? "https" : "http"}://${host}`;
  }
  return e.publicUrl;
}
