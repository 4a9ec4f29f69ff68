import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { caseExportFor } from "../../../handlers";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const url = new URL(request.url);
    const out = await caseExportFor(await getSession(), id, { format: url.searchParams.get("format") ?? "quote", startDate: url.searchParams.get("start"), pending: url.searchParams.get("pending") }, { db: await getDb() });
    return new Response(typeof out.body === "string" ? `\uFEFF${out.body}` : new Uint8Array(out.body), {
      headers: {
        "content-type": out.contentType,
        "content-disposition": `attachment; filename="${out.filename.replace(/"/g, "")}"; filename*=UTF-8''${encodeURIComponent(out.filename)}`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return errorResponse(err, "GET /api/insurance/cases/[id]/export");
  }
}
