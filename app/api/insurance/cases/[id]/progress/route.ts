import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { caseProgressFor } from "../../../handlers";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const body = await caseProgressFor(await getSession(), id, { db: await getDb() });
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err, "GET /api/insurance/cases/[id]/progress");
  }
}
