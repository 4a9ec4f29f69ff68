import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { createCatalog } from "@/db/queries/insurance/catalogs";
import { requireInsurer } from "@/db/queries/insurance/insurers";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { getBlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";
import { checkUploadSize } from "./upload-limits";

/** Store an insurer's catalog file as a new version and import it in the background (progress and row errors on the Catalogs page). */
export async function uploadCatalog(db: Db, q: { workspaceId: string; actorId: string }, input: { insurerId: string; file: { filename: string; content: Uint8Array } }) {
  checkUploadSize(input.file);
  if (!/\.(csv|xlsx|txt)$/i.test(input.file.filename)) throw new UserError(`${input.file.filename}: upload the catalog as .csv or .xlsx.`);
  await requireInsurer(db, { workspaceId: q.workspaceId, insurerId: input.insurerId });
  const sha = createHash("sha256").update(input.file.content).digest("hex");
  const blobKey = `${q.workspaceId}/catalogs/${sha}`;
  await (await getBlobStore()).put(blobKey, input.file.content, "application/octet-stream");
  const c = await createCatalog(db, { ...q, insurerId: input.insurerId, filename: input.file.filename, blobKey });
  await sendEvents(appEvent.catalogUploaded(c));
  return { id: c.id, version: c.version };
}
