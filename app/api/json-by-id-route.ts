import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { errorResponse, type Session } from "@/lib/action";
import { getSession } from "@/lib/auth/session";

type IdParams = { params: Promise<{ id: string }> };

/**
 * A GET handler for `/api/.../[id]/...` that answers with the JSON a handler builds for the request's session and
 * the path's id, never cached (the progress pollers); errors go through `errorResponse` tagged with `where`.
 */
export function jsonByIdRoute(handler: (session: Session | null, id: string, deps: { db: Db }) => Promise<unknown>, where: string) {
  return async function GET(_request: Request, { params }: IdParams): Promise<Response> {
    try {
      const { id } = await params;
      const body = await handler(await getSession(), id, { db: await getDb() });
      return Response.json(body, { headers: { "cache-control": "no-store" } });
    } catch (err) {
      return errorResponse(err, where);
    }
  };
}
