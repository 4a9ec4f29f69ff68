import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { exportLogFor } from "../../handlers";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const { buffer, filename } = await exportLogFor(await getSession(), id, { db: await getDb() });
    return new Response(new Uint8Array(buffer), {
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
        "cache-control": "private, no-store",
      },
    });
  } catch (err) {
    return errorResponse(err, "GET /api/campaigns/[id]/export");
  }
}
