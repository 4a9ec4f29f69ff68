// A reviewer corrected a field: remember, for this workspace and vendor, where that value sits on the page (its
// label and position) so the vendor's next invoices are read the same way. Needs the document's pages (PDF text
// layer); a scan or a file without the value shown teaches nothing, and says so.

import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rememberVendorField } from "@/db/queries/invoices/vendors";
import { documents, invoices } from "@/db/schema";
import type { BlobStore } from "@/lib/blob";
import { extractPdfPages } from "@/lib/extraction";
import { LEARNABLE_FIELDS, learnField, type LearnableField } from "@/lib/extraction/memory";

export interface LearnResult {
  learned: boolean;
  /** What was remembered, or why nothing was. */
  message: string;
}

export async function learnFromCorrection(
  deps: { db: Db; blobs: BlobStore },
  q: { workspaceId: string; actorId: string; invoiceId: string; field: string; value: string | null },
): Promise<LearnResult> {
  if (!q.value || !(LEARNABLE_FIELDS as readonly string[]).includes(q.field)) return { learned: false, message: "This field is not learned per vendor." };
  const [row] = await deps.db
    .select({ vendorId: invoices.vendorId, invoiceNumber: invoices.invoiceNumber, pageStart: invoices.pageStart, pageEnd: invoices.pageEnd, blobKey: documents.blobKey, contentType: documents.contentType, filename: documents.filename })
    .from(invoices)
    .innerJoin(documents, and(eq(documents.id, invoices.documentId), eq(documents.workspaceId, q.workspaceId)))
    .where(and(eq(invoices.workspaceId, q.workspaceId), eq(invoices.id, q.invoiceId)));
  if (!row?.vendorId) return { learned: false, message: "No vendor on this invoice yet; set the vendor first so Docket knows whose layout this is." };
  if (row.contentType !== "application/pdf") return { learned: false, message: "Only PDFs with a text layer teach positions." };
  const bytes = await deps.blobs.read(row.blobKey);
  if (!bytes) return { learned: false, message: `The file ${row.filename} is missing from storage.` };
  const pages = await extractPdfPages(new Uint8Array(bytes), { fileName: row.filename });
  const learnedFrom = `${row.invoiceNumber ?? "an invoice"} on ${new Date().toISOString().slice(0, 10)}`;
  const memory = learnField(pages, { pageStart: row.pageStart, pageEnd: row.pageEnd }, q.field as LearnableField, q.value, `learned from your correction of ${learnedFrom}`);
  if (!memory) return { learned: false, message: `The page does not show "${q.value}", so there is no position to learn.` };
  await rememberVendorField(deps.db, { workspaceId: q.workspaceId, actorId: q.actorId, vendorId: row.vendorId, invoiceId: q.invoiceId, learnedFrom, memory });
  return { learned: true, message: memory.label ? `Learned: "${memory.label}" ${memory.relation === "below" ? "above" : "left of"} the value.` : "Learned the value's position on the page." };
}
