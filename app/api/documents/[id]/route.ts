import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { getBlobStore } from "@/lib/blob";
import { openDocument } from "@/lib/documents/upload";
import { measureRequest } from "@/lib/metrics";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  return measureRequest("route", "GET /api/documents/[id]", () => download(request, ctx), (r) => String(r.status));
}

async function download(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const { doc, stream } = await openDocument(await getSession(), id, { db: await getDb(), blobs: await getBlobStore() });
    const download = new URL(request.url).searchParams.has("download");
    return new Response(stream, {
      headers: {
        "content-type": doc.contentType,
        "content-length": String(doc.size),
        "content-disposition": `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, max-age=0",
      },
    });
  } catch (err) {
    return errorResponse(err, "GET /api/documents/[id]");
  }
}
