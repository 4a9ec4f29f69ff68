import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { getBlobStore } from "@/lib/blob";
import { openDocument } from "@/lib/documents/upload";
import { UserError } from "@/lib/errors";
import { measureRequest } from "@/lib/metrics";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  return measureRequest("route", "GET /api/documents/[id]", () => download(request, ctx), (r) => String(r.status));
}

async function download(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const params_ = new URL(request.url).searchParams;
    const pageParam = params_.get("page");
    const page = pageParam === null ? undefined : Number(pageParam);
    if (page !== undefined && !(Number.isInteger(page) && page >= 1)) throw new UserError("page must be a page number (1, 2, …).");
    const file = await openDocument(await getSession(), id, { db: await getDb(), blobs: await getBlobStore() }, { page });
    const download = params_.has("download");
    return new Response(file.stream, {
      headers: {
        "content-type": file.contentType,
        ...(file.size !== null ? { "content-length": String(file.size) } : {}),
        "content-disposition": `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, max-age=0",
      },
    });
  } catch (err) {
    return errorResponse(err, "GET /api/documents/[id]");
  }
}
