import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { getBlobStore } from "@/lib/blob";
import { uploadDocument } from "@/lib/documents/upload";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { measureRequest } from "@/lib/metrics";
import { startDocumentProcessing } from "@/lib/pipeline";

// One file per request so the browser can show per-file progress and per-file errors.
export async function POST(request: Request) {
  return measureRequest("route", "POST /api/documents", () => upload(request), (r) => String(r.status));
}

async function upload(request: Request) {
  try {
    const form = await request.formData().catch(() => null);
    const file = form?.get("file");
    if (!(file instanceof File)) throw new UserError("Send the file as multipart form field \"file\".");
    const result = await uploadDocument(
      await getSession(),
      { name: file.name || "upload", bytes: new Uint8Array(await file.arrayBuffer()) },
      {
        db: await getDb(),
        blobs: await getBlobStore(),
        maxFileBytes: env().DOCKET_MAX_UPLOAD_MB * 1024 * 1024,
        onStored: startDocumentProcessing,
      },
    );
    // 200 with a line per file (stored / duplicate / skipped / error); 422 when nothing in it could be taken in.
    const anyGood = result.lines.some((l) => l.status === "stored" || l.status === "duplicate");
    return Response.json(result, { status: anyGood || result.lines.length === 0 ? 200 : 422 });
  } catch (err) {
    return errorResponse(err, "POST /api/documents");
  }
}
