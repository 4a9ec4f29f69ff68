import { timingSafeEqual } from "node:crypto";

/** Null when the request may read metrics; otherwise the answer to give (404 when off, 401 without the token). */
export function checkMetricsToken(authorization: string | null, token: string | undefined): Response | null {
  if (!token) return new Response("Metrics are off: set DOCKET_METRICS_TOKEN to enable them.\n", { status: 404 });
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "");
  const wanted = Buffer.from(token);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return new Response("Send the metrics token: Authorization: Bearer <DOCKET_METRICS_TOKEN>.\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  return null;
}
