import { getDb } from "@/db";
import { errorResponse, requireWorkspaceRole } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { getBlobStore } from "@/lib/blob";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { stageUpload } from "@/lib/intake/receive";
import { tooLargeMessage } from "@/lib/intake/too-large";
import { measureRequest } from "@/lib/metrics";
import { storeUpload } from "./store-upload";

// One file per request so the browser can show per-file progress and per-file errors. The browser sends the raw
// bytes (name in `X-File-Name`, URI-encoded); API clients may send multipart form field "file". Either way the body
// is streamed to a staging file and refused as soon as it passes DOCKET_MAX_UPLOAD_MB. middleware.ts leaves this
// path alone (it would buffer only the first 10 MB of a body); the session is checked here, before reading it.
export async function POST(request: Request) {
  return measureRequest("route", "POST /api/documents", () => upload(request), (r) => String(r.status));
}

const MULTIPART_OVERHEAD = 64 * 1024;

async function upload(request: Request) {
  let staged: Awaited<ReturnType<typeof stageUpload>> | null = null;
  try {
    const db = await getDb();
    const session = await getSession();
    await requireWorkspaceRole(db, session, "member");
    const maxBytes = env().DOCKET_MAX_UPLOAD_MB * 1024 * 1024;
    const contentType = request.headers.get("content-type") ?? "";
    const declared = request.headers.get("content-length");
    const declaredBytes = declared === null ? null : Number(declared);
    const multipart = contentType.toLowerCase().startsWith("multipart/form-data");
    let file: { name: string; bytes: Uint8Array };
    if (multipart) {
      staged = await stageUpload(request.body, { name: "the upload", maxBytes: maxBytes + MULTIPART_OVERHEAD, declaredBytes });
      const form = await new Response(new Uint8Array(await staged.read()), { headers: { "content-type": contentType } }).formData().catch(() => null);
      const part = form?.get("file");
      if (!(part instanceof File)) throw new UserError('Send the file as multipart form field "file", or as the raw request body with its name in X-File-Name.');
      if (part.size > maxBytes) {
        throw new UserError(tooLargeMessage(part.name, part.size, maxBytes), "too_large");
      }
      file = { name: part.name || "upload", bytes: new Uint8Array(await part.arrayBuffer()) };
    } else {
      const name = fileNameHeader(request.headers.get("x-file-name"));
      staged = await stageUpload(request.body, { name, maxBytes, declaredBytes });
      file = { name, bytes: await staged.read() };
    }
    const result = await storeUpload(session, file, { db, blobs: await getBlobStore(), maxFileBytes: maxBytes });
    // 200 with a line per file (stored / duplicate / skipped / error); 422 when nothing in it could be taken in.
    const anyGood = result.lines.some((l) => l.status === "stored" || l.status === "duplicate");
    return Response.json(result, { status: anyGood || result.lines.length === 0 ? 200 : 422 });
  } catch (err) {
    return errorResponse(err, "POST /api/documents");
  } finally {
    await staged?.discard();
  }
}

function fileNameHeader(raw: string | null): string {
  if (!raw) throw new UserError('Name the file in the X-File-Name header (URI-encoded), or send it as multipart form field "file".');
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new UserError("X-File-Name is not a valid URI-encoded file name.");
  }
  name = name.replace(/[\u0000-\u001f]/g, "").trim().slice(0, 500);
  if (!name) throw new UserError("X-File-Name is empty: name the file.");
  return name;
}
