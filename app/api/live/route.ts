import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { TooManyStreamsError } from "@/lib/live/hub";
import { measureRequest } from "@/lib/metrics";
import { getChangeHub } from "@/services/live/change-feed";
import { openChangeStream } from "@/services/live/open-change-stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// The workspace's live status changes as server-sent events (lib/live/stream.ts has the format). Members only;
// `?since=<epoch ms>` or EventSource's Last-Event-ID replays what changed after that moment. `no-transform` keeps
// `next start`'s gzip (and proxies) from holding events back in a compression buffer; X-Accel-Buffering does the
// same for nginx.
export async function GET(request: Request) {
  return measureRequest("route", "GET /api/live", () => open(request), (r) => String(r.status));
}

async function open(request: Request) {
  try {
    const url = new URL(request.url);
    const last = request.headers.get("last-event-id") ?? url.searchParams.get("since");
    const stream = await openChangeStream(
      await getSession(),
      { since: last && /^\d{1,15}$/.test(last) ? Number(last) : null, signal: request.signal },
      { db: await getDb(), hub: await getChangeHub() },
    );
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
        connection: "keep-alive",
      },
    });
  } catch (err) {
    if (err instanceof TooManyStreamsError) return Response.json({ error: err.message, code: "too_many" }, { status: 429 });
    return errorResponse(err, "GET /api/live");
  }
}
